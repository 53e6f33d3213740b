import CadreCore
import Fluent
import Foundation

/// A person who signs in: admin, client, expert or candidate.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: Role
    @Field(key: "password_hash") var passwordHash: String
    @OptionalParent(key: "organization_id") var organization: Organization?
    /// An expert's pay level ("senior"), which picks a project's hourly rate for that level.
    @OptionalField(key: "pay_level") var payLevel: String?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String, organizationID: UUID?, at now: Date) {
        self.id = .timeOrdered(at: now)
        self.email = EmailAddress.normalize(email)
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.$organization.id = organizationID
    }

    var principal: Principal {
        Principal(userID: id!, role: role, organizationID: $organization.id)
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("organization_id", .uuid, .references(Organization.schema, .id, onDelete: .restrict))
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
