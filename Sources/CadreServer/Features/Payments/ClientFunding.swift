import CadreCore
import Fluent
import Foundation

/// Clients prepay: an admin records money received from an organization, and expert cost
/// and platform fees then draw on it (the ledger refuses to take the funds below zero).
enum ClientFunding {
    struct Receipt: Sendable {
        var postingID: String
        var organizationID: UUID
        var amount: Money
        var reference: String
        var at: Date
        /// What the organization has left in this currency after the funding.
        var balance: Money
        /// False for a retry that found the funding already recorded.
        var created: Bool
    }

    /// The posting id is derived from the caller's idempotency key, so a retried request
    /// (lost response, double click) records the money once.
    static func postingID(organization: UUID, key: String) -> String { "funding:\(organization.uuidString):\(key)" }

    static func fund(
        organization: UUID, amount: Money, reference: String, idempotencyKey: String, now: Date, on db: any Database
    ) async throws -> Receipt {
        let id = postingID(organization: organization, key: idempotencyKey)
        let posting = try Posting.clientFunding(id: id, organization: organization, amount: amount, at: now, memo: reference)
        let outcome = try await LedgerStore.post(posting, on: db)
        // A retry answers with the funding as first recorded: its time and reference.
        let stored = try await LedgerPostingRow.find(id, on: db)
        return Receipt(
            postingID: id, organizationID: organization, amount: amount, reference: stored?.memo ?? reference,
            at: stored?.at ?? now, balance: try await LedgerStore.balance(of: .clientFunds(organization), in: amount.currency, on: db),
            created: outcome == .applied)
    }
}
