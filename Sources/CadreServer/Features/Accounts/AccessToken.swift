import Vapor
import Fluent
import Foundation

/// A bearer token (API) or a browser session (web cookie). Only a SHA-256 of the secret is
/// stored, so a copy of the database signs nobody in.
final class AccessToken: Model, @unchecked Sendable {
    static let schema = "access_tokens"

    enum Kind: String, Codable, Sendable { case api, web }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, kind: Kind, expiresAt: Date, at now: Date) {
        self.id = .timeOrdered(at: now)
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.expiresAt = expiresAt
    }

    /// A new random secret (256 bits, URL-safe) and the hash to store for it.
    static func generateSecret() -> (secret: String, hash: String) {
        let secret = "cdr_" + RandomToken.urlSafe()
        return (secret, hash(of: secret))
    }

    static func hash(of secret: String) -> String {
        // Hashed on every request: hex by table, not `String(format:)`.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

struct CreateAccessTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessToken.schema)
            .id()
            .field("created_at", .datetime)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessToken.schema).delete()
    }
}
