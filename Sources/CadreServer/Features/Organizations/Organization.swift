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
    /// The platform fee charged on expert cost, in basis points (2000 = 20 %).
    @Field(key: "fee_basis_points") var feeBasisPoints: Int

    static let defaultFeeBasisPoints = 2000

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
