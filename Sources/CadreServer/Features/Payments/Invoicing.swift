import CadreCore
import Fluent
import Foundation

/// Monthly client invoices over the stored ledger.
///
/// Clients prepay: their funding sits in their organization's account, expert cost is drawn
/// from it as work is accrued, and the invoice is the month's statement of that cost per
/// project plus the platform fee. Issuing posts the fee (drawn from the same funds) and
/// records the rate it was issued at.
enum Invoicing {
    enum Status: String, Sendable {
        /// Not issued: the month may still be open, or it is closed and waiting to be issued.
        case draft
        case issued
    }

    struct Statement: Sendable {
        var invoice: Invoice
        var organizationName: String
        var projectNames: [UUID: String]
        var status: Status
        var issuedAt: Date?
        var monthClosed: Bool
        /// For an issued invoice, every way it no longer matches the ledger (postings dated in
        /// its month after it was issued); empty when it reconciles to the cent.
        var discrepancies: [String]

        /// A line's project as the client named it; its cost stays billed if it was deleted.
        func projectName(_ id: UUID) -> String { projectNames[id] ?? "(deleted project)" }
    }

    /// The invoice of `month` as it stands: issued figures at the issued rate, or a draft at
    /// the organization's current rate.
    static func statement(
        of organization: Organization, month: PayPeriod, currency: Currency?, now: Date, on db: any Database
    ) async throws -> Statement {
        let ledger = try await LedgerStore.load(on: db)
        return try await statement(of: organization, month: month, currency: currency, ledger: ledger, now: now, on: db)
    }

    /// Issues the invoice of a closed month: posts its fee and records its rate. Issuing again
    /// changes nothing; an invoice whose ledger changed since it was issued is refused.
    static func issue(
        of organization: Organization, month: PayPeriod, currency: Currency?, now: Date, writer: DatabaseWriter, on db: any Database
    ) async throws -> Statement {
        guard now >= month.end else {
            throw Problem.conflict("month_open", "The month \(month) is still open: it closes at "
                + "\(ISO8601DateFormatter().string(from: month.end)). Issue its invoice after that.")
        }
        try await EarningsAccrual.bringUpToDate(now: now, writer: writer, on: db)
        var ledger = try await LedgerStore.load(on: db)
        let draft = try await statement(of: organization, month: month, currency: currency, ledger: ledger, now: now, on: db)
        let invoice = draft.invoice
        if !draft.discrepancies.isEmpty { throw InvoiceError.doesNotReconcile(draft.discrepancies) }
        // Checked on a copy before anything is stored, so a refusal leaves no trace.
        let fee = try invoice.posting()
        if let fee { try ledger.post(fee) }
        try invoice.reconcile(with: ledger)
        if draft.status == .draft { try await record(invoice, at: now, on: db) }
        if let fee { _ = try await LedgerStore.post(fee, on: db) }
        return try await statement(of: organization, month: month, currency: invoice.currency, ledger: ledger, now: now, on: db)
    }

    /// An invoice for every month (and currency) in which the organization had expert
    /// cost, newest first.
    static func statements(of organization: Organization, now: Date, on db: any Database) async throws -> [Statement] {
        let funds = LedgerAccount.clientFunds(try organization.requireID())
        let ledger = try await LedgerStore.load(on: db)
        var months: Set<Pair> = []
        for posting in ledger.postings where posting.effectiveKind.isExpertCost && posting.entries.contains(where: { $0.account == funds }) {
            months.insert(Pair(month: PayPeriod.month(containing: posting.at), currency: posting.currency))
        }
        var statements: [Statement] = []
        for pair in months.sorted(by: >) {
            statements.append(try await statement(of: organization, month: pair.month, currency: pair.currency, ledger: ledger, now: now, on: db))
        }
        return statements
    }

    private struct Pair: Hashable, Comparable {
        var month: PayPeriod
        var currency: Currency
        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.month, lhs.currency) < (rhs.month, rhs.currency) }
    }

    private static func statement(
        of organization: Organization, month: PayPeriod, currency: Currency?, ledger: Ledger, now: Date, on db: any Database
    ) async throws -> Statement {
        let id = try organization.requireID()
        let currency = try currency ?? defaultCurrency(of: id, in: ledger)
        let issued = try await IssuedInvoice.find(Invoice.id(organization: id, month: month, currency: currency), on: db)
        let invoice = try Invoice.compute(
            organization: id, month: month, currency: currency,
            feeBasisPoints: issued?.feeBasisPoints ?? organization.feeBasisPoints, ledger: ledger)
        let discrepancies = issued == nil ? [] : try differences(invoice, ledger)
        let projects = try await Project.query(on: db).filter(\.$id ~~ invoice.lines.map(\.projectID)).all()
        return Statement(
            invoice: invoice, organizationName: organization.name,
            projectNames: Dictionary(uniqueKeysWithValues: projects.map { ($0.id!, $0.name) }),
            status: issued == nil ? .draft : .issued, issuedAt: issued?.issuedAt, monthClosed: now >= month.end,
            discrepancies: discrepancies)
    }

    /// How an invoice differs from the ledger; other errors are thrown.
    private static func differences(_ invoice: Invoice, _ ledger: Ledger) throws -> [String] {
        let result = Result { () throws(InvoiceError) in try invoice.reconcile(with: ledger) }
        switch result {
        case .success: return []
        case .failure(.doesNotReconcile(let found)): return found
        case .failure(let error): throw error
        }
    }

    /// The currency the organization's funds are in, when there is exactly one to choose.
    private static func defaultCurrency(of organization: UUID, in ledger: Ledger) throws -> Currency {
        let held = Set(ledger.balances.keys.filter { $0.account == .clientFunds(organization) }.map(\.currency)).sorted()
        guard held.count <= 1 else {
            throw Problem.validation(field: "currency", "this organization holds \(held.map(\.code).joined(separator: " and ")): choose one with ?currency=")
        }
        return held.first ?? .usd
    }

    private static func record(_ invoice: Invoice, at now: Date, on db: any Database) async throws {
        let row = IssuedInvoice()
        row.id = invoice.id
        row.issuedAt = now
        row.organizationID = invoice.organizationID
        row.month = invoice.month.description
        row.currency = invoice.currency.code
        row.feeBasisPoints = invoice.feeBasisPoints
        do {
            try await row.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Issued by a concurrent request at the same moment; its record stands.
        }
    }
}
