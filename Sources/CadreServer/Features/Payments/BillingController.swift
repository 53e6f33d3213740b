import CadreCore
import Fluent
import Vapor

/// An organization's money: admins record its funding; its clients (and admins) see its
/// balance and its monthly invoices; admins issue invoices. Another organization's billing
/// answers 404, like the organization itself.
struct BillingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organization = routes.grouped("organizations", ":organizationID")
        organization.post("funding", use: fund)
        organization.get("balance", use: balance)
        organization.get("invoices", use: invoices)
        organization.get("invoices", ":month", use: invoice)
        organization.get("invoices", ":month", "csv", use: invoiceCSV)
        organization.post("invoices", ":month", "issue", use: issue)
    }

    @Sendable func fund(req: Request) async throws -> Response {
        let organization = try await OrganizationsController.load(req, for: { _ in .managePayments })
        let key = try req.idempotencyKey(so: "a retry cannot record the same money twice")
        let (amount, reference) = try req.content.decode(FundingRequest.self).validated()
        let receipt = try await ClientFunding.fund(
            organization: try organization.requireID(), amount: amount, reference: reference, idempotencyKey: key,
            now: req.now, on: req.db)
        return try await FundingResponse(receipt).encodeResponse(status: receipt.created ? .created : .ok, for: req)
    }

    @Sendable func balance(req: Request) async throws -> BalanceResponse {
        let organization = try await OrganizationsController.load(req, for: { .readBilling(organization: $0) })
        let id = try organization.requireID()
        let balances = try await LedgerStore.balances(of: .clientFunds(id), on: req.db)
        return BalanceResponse(organizationId: id, balances: balances.map(AmountResponse.init))
    }

    @Sendable func invoices(req: Request) async throws -> Page<InvoiceSummary> {
        let organization = try await OrganizationsController.load(req, for: { .readBilling(organization: $0) })
        let statements = try await Invoicing.statements(of: organization, now: req.now, on: req.db)
        return Page(items: statements.map(InvoiceSummary.init), nextCursor: nil)
    }

    @Sendable func invoice(req: Request) async throws -> InvoiceResponse {
        let organization = try await OrganizationsController.load(req, for: { .readBilling(organization: $0) })
        let (month, currency) = try Self.invoiceQuery(req)
        return InvoiceResponse(try await Invoicing.statement(of: organization, month: month, currency: currency, now: req.now, on: req.db))
    }

    @Sendable func invoiceCSV(req: Request) async throws -> Response {
        let organization = try await OrganizationsController.load(req, for: { .readBilling(organization: $0) })
        let (month, currency) = try Self.invoiceQuery(req)
        let statement = try await Invoicing.statement(of: organization, month: month, currency: currency, now: req.now, on: req.db)
        return Self.csv(statement.invoice.csv, filename: statement.invoice.id)
    }

    @Sendable func issue(req: Request) async throws -> InvoiceResponse {
        let organization = try await OrganizationsController.load(req, for: { _ in .managePayments })
        let (month, currency) = try Self.invoiceQuery(req)
        return InvoiceResponse(try await Invoicing.issue(of: organization, month: month, currency: currency, now: req.now, writer: req.writer, on: req.db))
    }

    /// The `{month}` path parameter and the optional `?currency=`.
    static func invoiceQuery(_ req: Request) throws -> (month: PayPeriod, currency: Currency?) {
        let raw = req.parameters.get("month") ?? ""
        let month: PayPeriod
        do { month = try PayPeriod(parsing: raw) } catch {
            throw Problem.validation(field: "month", error.description)
        }
        guard month.kind == .month else { throw Problem.validation(field: "month", "invoices cover a calendar month such as 2026-11, not the week \(raw)") }
        // An unknown code is a MoneyError, which answers 422 naming `currency`.
        let currency = try req.query[String.self, at: "currency"].map { try Currency(code: $0) }
        return (month, currency)
    }

    /// A CSV download, named so a browser saves it as `<name>.csv`.
    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
