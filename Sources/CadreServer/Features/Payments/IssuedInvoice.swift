import Fluent
import Foundation

/// An invoice that was issued: the fee rate it was issued at, so that changing the
/// organization's rate later never changes an invoice already sent. The figures themselves
/// are not copied: they are read from the ledger, which the invoice must reconcile with.
final class IssuedInvoice: Model, @unchecked Sendable {
    static let schema = "issued_invoices"

    // managed fields
    /// `Invoice.id`: "invoice-<organization>-2026-11-USD".
    @ID(custom: "id", generatedBy: .user) var id: String?

    // data fields
    /// On the application's clock, like the ledger's dates.
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "month") var month: String
    @Field(key: "currency") var currency: String
    @Field(key: "fee_basis_points") var feeBasisPoints: Int

    init() {}
}

struct CreateIssuedInvoices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IssuedInvoice.schema)
            .field("id", .string, .identifier(auto: false))
            .field("issued_at", .datetime, .required)
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("month", .string, .required)
            .field("currency", .string, .required)
            .field("fee_basis_points", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IssuedInvoice.schema).delete()
    }
}
