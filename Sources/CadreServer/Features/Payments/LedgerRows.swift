import CadreCore
import Fluent
import Foundation

/// One stored posting. Its id is the business event's idempotency key, so the primary key
/// makes a retried event a no-op on every instance at once.
final class LedgerPostingRow: Model, @unchecked Sendable {
    static let schema = "ledger_postings"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?
    @Field(key: "kind") var kind: String
    @Field(key: "at") var at: Date
    @Field(key: "currency") var currency: String
    @OptionalField(key: "project_id") var projectID: UUID?
    @OptionalField(key: "active_seconds") var activeSeconds: Int64?
    @OptionalField(key: "accepted_answers") var acceptedAnswers: Int?
    /// The posting this one reverses; unique, so nothing is reversed twice.
    @OptionalField(key: "reverses") var reverses: String?
    @Field(key: "memo") var memo: String
    /// The order postings took effect in (`AddLedgerSequence`); replaying in this order
    /// reproduces every balance check the store made.
    @OptionalField(key: "sequence") var sequence: Int64?

    init() {}
}

/// One line of a posting. Entries are never updated or deleted: corrections are reversals.
final class LedgerEntryRow: Model, @unchecked Sendable {
    static let schema = "ledger_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "posting_id") var postingID: String
    @Field(key: "position") var position: Int
    @Field(key: "account_kind") var accountKind: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @Field(key: "side") var side: String
    @Field(key: "amount_minor") var amountMinor: Int64

    init() {}
}

/// The cached net debit of one account in one currency, updated in the posting's transaction.
/// Always re-derivable from the entries (`LedgerStore.verify`).
final class AccountBalanceRow: Model, @unchecked Sendable {
    static let schema = "account_balances"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_kind") var accountKind: String
    /// The owner's id, or "" for the platform's own accounts (a unique key cannot hold NULLs
    /// the same way on both databases).
    @Field(key: "owner_key") var ownerKey: String
    @Field(key: "currency") var currency: String
    @Field(key: "net_debit_minor") var netDebitMinor: Int64

    init() {}
}

struct CreateLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LedgerPostingRow.schema)
            .field("id", .string, .identifier(auto: false))
            .field("recorded_at", .datetime)
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("currency", .string, .required)
            .field("project_id", .uuid)
            .field("active_seconds", .int64)
            .field("accepted_answers", .int)
            .field("reverses", .string)
            .field("memo", .string, .required)
            .unique(on: "reverses")
            .create()
        try await database.schema(LedgerEntryRow.schema)
            .id()
            .field("posting_id", .string, .required, .references(LedgerPostingRow.schema, "id"))
            .field("position", .int, .required)
            .field("account_kind", .string, .required)
            .field("owner_id", .uuid)
            .field("side", .string, .required)
            .field("amount_minor", .int64, .required)
            .unique(on: "posting_id", "position")
            .create()
        try await database.schema(AccountBalanceRow.schema)
            .id()
            .field("account_kind", .string, .required)
            .field("owner_key", .string, .required)
            .field("currency", .string, .required)
            .field("net_debit_minor", .int64, .required)
            .unique(on: "account_kind", "owner_key", "currency")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [AccountBalanceRow.schema, LedgerEntryRow.schema, LedgerPostingRow.schema] {
            try await database.schema(schema).delete()
        }
    }
}
