import Fluent
import Foundation

/// A client company. Every client-owned row carries its id.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    /// The platform fee charged on invoices, in basis points of expert cost (2000 = 20 %).
    @Field(key: "fee_basis_points") var feeBasisPoints: Int

    /// The rate a new organization starts with until an admin sets its own.
    static let defaultFeeBasisPoints = 2000
    /// A fee above 100 % of expert cost is far more likely a typo (2000 meant as 20.00 %) than a deal.
    static let feeBasisPointsRange = 0...10_000

    init() {}

    init(name: String, at now: Date) {
        self.id = .timeOrdered(at: now)
        self.name = name
        self.feeBasisPoints = Self.defaultFeeBasisPoints
    }
}

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .id()
            .field("created_at", .datetime)
            .field("name", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).delete()
    }
}

/// Organizations created before fees existed get the default rate.
struct AddOrganizationFeeRate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .field("fee_basis_points", .int, .required, .sql(.default(Organization.defaultFeeBasisPoints)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).deleteField("fee_basis_points").update()
    }
}
