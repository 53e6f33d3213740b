import CadreCore
import Fluent
import Vapor

/// The client's invoices as pages: the months with expert cost, and one month's invoice with
/// its CSV. A client sees its own organization; an admin names one with `?organization=`.
struct BillingPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let invoices = routes.grouped("billing", "invoices")
        invoices.get(use: list)
        invoices.get(":month", use: show)
        invoices.get(":month", "csv", use: csv)
    }

    @Sendable func list(req: Request) async throws -> Response {
        if try req.signedIn.user.role == .admin, req.query[String.self, at: "organization"] == nil {
            let organizations = try await Organization.query(on: req.db).sort(\.$name).all()
            let page = OrganizationPickerPage(
                layout: LayoutContext(title: "Invoices", req: req),
                organizations: organizations.map { .init(id: $0.id!.uuidString, name: $0.name) })
            return try await req.view.render("billing/organizations", page).encodeResponse(for: req)
        }
        let organization = try await Self.organization(req)
        let statements = try await Invoicing.statements(of: organization, now: req.now, on: req.db)
        let balances = try await LedgerStore.balances(of: .clientFunds(try organization.requireID()), on: req.db)
        let page = InvoiceListPage(
            layout: LayoutContext(title: "Invoices", req: req), organization: organization.name,
            query: Self.query(req), balances: balances.map(\.description), hasBalances: !balances.isEmpty,
            months: statements.map(InvoiceListPage.Month.init), hasMonths: !statements.isEmpty)
        return try await req.view.render("billing/invoices", page).encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        let (month, currency) = try BillingController.invoiceQuery(req)
        let statement = try await Invoicing.statement(of: organization, month: month, currency: currency, now: req.now, on: req.db)
        let page = InvoicePage(layout: LayoutContext(title: "Invoice \(month)", req: req), statement: statement, query: Self.query(req))
        return try await req.view.render("billing/invoice", page).encodeResponse(for: req)
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        let (month, currency) = try BillingController.invoiceQuery(req)
        let statement = try await Invoicing.statement(of: organization, month: month, currency: currency, now: req.now, on: req.db)
        return BillingController.csv(statement.invoice.csv, filename: statement.invoice.id)
    }

    /// The signed-in client's organization, or for an admin the one in `?organization=`.
    static func organization(_ req: Request, for action: (UUID) -> Action = { .readBilling(organization: $0) }) async throws -> Organization {
        let current = try req.signedIn
        let named = req.query[String.self, at: "organization"].flatMap { $0.isEmpty ? nil : $0 }
        let id: UUID
        switch (named, current.principal.organizationID, current.user.role) {
        case (let raw?, _, _):
            guard let parsed = UUID(uuidString: raw) else { throw Problem.notFound("organization") }
            id = parsed
        case (nil, let own?, _):
            id = own
        case (nil, nil, .admin):
            throw Problem.validation(field: "organization", "choose the organization with ?organization=<id>")
        default:
            id = UUID()
        }
        try req.authorize(action(id))
        guard let organization = try await Organization.find(id, on: req.db) else { throw Problem.notFound("organization") }
        return organization
    }

    /// What links between billing pages carry along: the admin's chosen organization.
    private static func query(_ req: Request) -> String {
        req.query[String.self, at: "organization"].flatMap { UUID(uuidString: $0) }.map { "?organization=\($0.uuidString)" } ?? ""
    }
}

/// Admins pick whose invoices to see.
struct OrganizationPickerPage: Encodable {
    struct Choice: Encodable { var id: String; var name: String }
    var layout: LayoutContext
    var organizations: [Choice]
}

struct InvoiceListPage: Encodable {
    struct Month: Encodable {
        var month: String
        var currency: String
        var status: String
        var expertCost: String
        var platformFee: String
        var total: String

        init(_ statement: Invoicing.Statement) {
            month = statement.invoice.month.description
            currency = statement.invoice.currency.code
            status = statement.status.rawValue
            expertCost = statement.invoice.expertCost.decimalString
            platformFee = statement.invoice.platformFee.decimalString
            total = statement.invoice.total.description
        }
    }

    var layout: LayoutContext
    var organization: String
    var query: String
    var balances: [String]
    var hasBalances: Bool
    var months: [Month]
    var hasMonths: Bool
}

struct InvoicePage: Encodable {
    struct Line: Encodable {
        var project: String
        var hours: String
        var answers: Int
        var expertCost: String
        var platformFee: String
        var total: String
    }

    var layout: LayoutContext
    var query: String
    var organization: String
    var month: String
    var currency: String
    var status: String
    var statusNote: String
    var feeRate: String
    var lines: [Line]
    var hasLines: Bool
    var hours: String
    var answers: Int
    var expertCost: String
    var platformFee: String
    var total: String
    var csvLink: String
    var discrepancies: [String]

    init(layout: LayoutContext, statement: Invoicing.Statement, query: String) {
        let invoice = statement.invoice
        self.layout = layout
        self.query = query
        organization = statement.organizationName
        month = invoice.month.description
        currency = invoice.currency.code
        status = statement.status.rawValue
        switch (statement.status, statement.monthClosed) {
        case (.issued, _): statusNote = "Issued \(statement.issuedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "")"
        case (.draft, false): statusNote = "The month is still open: figures grow as work is accrued."
        case (.draft, true): statusNote = "The month is closed; the invoice has not been issued yet."
        }
        feeRate = PayText.percent(invoice.feeBasisPoints)
        lines = invoice.lines.map { line in
            Line(project: statement.projectName(line.projectID), hours: PayText.hours(line.usage.activeSeconds),
                 answers: line.usage.acceptedAnswers, expertCost: line.expertCost.decimalString,
                 platformFee: line.platformFee.decimalString, total: line.total.decimalString)
        }
        hasLines = !lines.isEmpty
        hours = PayText.hours(invoice.lines.reduce(0) { $0 + $1.usage.activeSeconds })
        answers = invoice.lines.reduce(0) { $0 + $1.usage.acceptedAnswers }
        expertCost = invoice.expertCost.decimalString
        platformFee = invoice.platformFee.decimalString
        total = invoice.total.description
        let separator = query.isEmpty ? "?" : "&"
        csvLink = "/billing/invoices/\(month)/csv\(query)\(separator)currency=\(currency)"
        discrepancies = statement.discrepancies
    }
}
