import Fluent
import Foundation

/// Something an expert is qualified for: a domain at an ability level θ, a language, or
/// reviewing one project's submissions. Granted by hand now; the interview creates them later.
final class Qualification: Model, @unchecked Sendable {
    static let schema = "qualifications"

    enum Kind: String, Codable, Sendable, CaseIterable { case domain, language, reviewer }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: Kind
    /// The domain name, the language code, or the project id for `reviewer`.
    @Field(key: "subject") var subject: String
    /// The ability estimate θ for a domain; 0 otherwise.
    @Field(key: "level") var level: Double
    /// The standard error of θ when an interview measured it; nil when granted by hand.
    @OptionalField(key: "standard_error") var standardError: Double?

    init() {}

    init(userID: UUID, kind: Kind, subject: String, level: Double, at now: Date) {
        self.id = .timeOrdered(at: now)
        self.$user.id = userID
        self.kind = kind
        self.subject = subject
        self.level = level
    }
}

struct CreateQualifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Qualification.schema)
            .id()
            .field("created_at", .datetime)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("level", .double, .required)
            .unique(on: "user_id", "kind", "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Qualification.schema).delete()
    }
}
