import Foundation

/// One project's line on a client invoice.
public struct InvoiceLine: Hashable, Sendable {
    public var projectID: UUID
    /// Paid active time and accepted answers billed on this line.
    public var usage: WorkUsage
    /// What experts earned on the project this month (hourly, per task, bonuses, top-ups,
    /// net of reversals), exactly as posted to the ledger.
    public var expertCost: Money
    /// `expertCost` × the organization's fee rate, rounded half to even.
    public var platformFee: Money
    public var total: Money
}

/// A client organization's invoice for one calendar month.
///
/// Expert cost is read from the ledger (expert-cost postings dated in the month that draw
/// on the organization's funds), so it matches what was posted to the cent. The platform
/// fee is charged here, once per project line at the organization's rate in basis points,
/// rather than per earning, so the invoice shows exactly "rate × cost" instead of a sum of
/// many separately rounded fees. Posting the invoice moves the fee from the client's funds
/// to platform revenue; computing it again yields the same invoice and the same posting.
public struct Invoice: Hashable, Sendable {
    public let id: String
    public let organizationID: UUID
    public let month: PayPeriod
    public let currency: Currency
    public let feeBasisPoints: Int
    /// Sorted by project id.
    public let lines: [InvoiceLine]
    public let expertCost: Money
    public let platformFee: Money
    public let total: Money

    /// "invoice-<organization>-2026-11-USD".
    public static func id(organization: UUID, month: PayPeriod, currency: Currency) -> String {
        "invoice-\(organization.uuidString)-\(month)-\(currency.code)"
    }

    public static func compute(
        organization: UUID, month: PayPeriod, currency: Currency, feeBasisPoints: Int, ledger: Ledger
    ) throws(InvoiceError) -> Invoice {
        guard month.kind == .month else { throw .notAMonth(month) }
        guard feeBasisPoints >= 0 else { throw .money(.negativeQuantity("platform fee rate")) }
        let funds = LedgerAccount.clientFunds(organization)
        var costs: [UUID: Money] = [:]
        var usage: [UUID: WorkUsage] = [:]
        do {
            for posting in ledger.postings
            where posting.effectiveKind.isExpertCost && posting.currency == currency && month.contains(posting.at) {
                // Every expert-cost posting names its project (`Posting.init` insists).
                guard let project = posting.projectID else { continue }
                for entry in posting.entries where entry.account == funds {
                    let drawn = entry.side == .debit ? entry.amount : try entry.amount.negated()
                    costs[project] = try (costs[project] ?? .zero(currency)).adding(drawn)
                }
                let sign: Int64 = posting.kind == .reversal ? -1 : 1
                usage[project, default: WorkUsage()].activeSeconds += sign * (posting.usage?.activeSeconds ?? 0)
                usage[project, default: WorkUsage()].acceptedAnswers += Int(sign) * (posting.usage?.acceptedAnswers ?? 0)
            }
            var lines: [InvoiceLine] = []
            for project in costs.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
                let cost = costs[project]!
                let fee = try cost.percentage(basisPoints: feeBasisPoints)
                lines.append(InvoiceLine(projectID: project, usage: usage[project] ?? WorkUsage(), expertCost: cost, platformFee: fee, total: try cost.adding(fee)))
            }
            return Invoice(
                id: id(organization: organization, month: month, currency: currency), organizationID: organization,
                month: month, currency: currency, feeBasisPoints: feeBasisPoints, lines: lines,
                expertCost: try Money.sum(lines.map(\.expertCost), in: currency),
                platformFee: try Money.sum(lines.map(\.platformFee), in: currency),
                total: try Money.sum(lines.map(\.total), in: currency))
        } catch {
            throw .money(error)
        }
    }

    /// The fee as a ledger event, dated at the month's end; nil when the fee is zero.
    public func posting() throws(LedgerError) -> Posting? {
        guard !platformFee.isZero else { return nil }
        let funds = LedgerAccount.clientFunds(organizationID)
        // A month of net refunds (reversals exceeding new cost) gives a negative fee, posted
        // the other way round so every entry stays positive.
        let fee: Money
        do { fee = platformFee.isPositive ? platformFee : try platformFee.negated() } catch { throw .money(error) }
        let entries: [LedgerEntry] = platformFee.isPositive
            ? [.debit(funds, fee), .credit(.platformRevenue, fee)]
            : [.debit(.platformRevenue, fee), .credit(funds, fee)]
        return try Posting(id: id, kind: .invoice, at: month.end.addingTimeInterval(-1), entries: entries, memo: "invoice \(id)")
    }
}

/// Why an invoice could not be computed or does not match the ledger.
public enum InvoiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAMonth(PayPeriod)
    case money(MoneyError)
    /// Each string names one figure that differs between the invoice and the ledger.
    case doesNotReconcile([String])

    public var description: String {
        switch self {
        case .notAMonth(let period): return "invoices cover a calendar month such as 2026-11, not \(period)"
        case .money(let error): return error.description
        case .doesNotReconcile(let differences): return "invoice does not match the ledger: " + differences.joined(separator: "; ")
        }
    }
}
