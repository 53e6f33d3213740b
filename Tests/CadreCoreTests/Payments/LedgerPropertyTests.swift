@testable import CadreCore
import Foundation
import PropertyBased
import Testing

/// The ledger's promises, checked over random sequences of business events
/// (`BusinessEvent.sequences`) played through `LedgerEventSimulator`.
///
/// Each run draws fresh sequences, so every run explores new ones. A failure prints the
/// smallest sequence the shrinker could find that still fails, as Swift source, and a seed:
/// add `.fixedSeed("…")` to the test to replay it.
@Suite("Ledger properties over random business events")
struct LedgerPropertyTests {
    /// Sequences per property: enough to reach the rarer paths (a payout batch withdrawn, a
    /// month invoiced again, a confirmation reversed) a few times a run, few enough that the
    /// suite takes seconds.
    static let cases = 400

    @Test("after every event the ledger balances")
    func balances() async {
        await propertyCheck(count: Self.cases, input: BusinessEvent.sequences) { events in
            let failures = LedgerEventSimulator.run(events).failures(.balance, .unexpected)
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test("guarded accounts never go negative, and only postings that would overdraw one are refused")
    func guardedAccounts() async {
        await propertyCheck(count: Self.cases, input: BusinessEvent.sequences) { events in
            let failures = LedgerEventSimulator.run(events).failures(.overdraft, .unexpected)
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test("payout batches add up to the earnings paid out, and every statement to what was earned")
    func payoutsAddUp() async {
        await propertyCheck(count: Self.cases, input: BusinessEvent.sequences) { events in
            let world = LedgerEventSimulator.run(events)
            let failures = world.failures(.unexpected).map(\.detail) + (try world.payoutDifferences())
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test("replaying the postings gives the same balances, and posting anything twice changes nothing")
    func replay() async {
        await propertyCheck(count: Self.cases, input: BusinessEvent.sequences) { events in
            let world = LedgerEventSimulator.run(events)
            let failures = world.failures(.idempotence, .unexpected)
            #expect(failures.isEmpty, "\(failures.prefix(3))")

            let replayed = try Ledger(replaying: world.ledger.postings)
            #expect(replayed.postings == world.ledger.postings && replayed.balances == world.ledger.balances)

            // Everything the world sent, retries included, into a fresh ledger: retries add nothing.
            var withRetries = Ledger()
            for posting in world.accepted { try withRetries.post(posting) }
            #expect(withRetries.postings == world.ledger.postings && withRetries.balances == world.ledger.balances)

            var again = world.ledger
            for posting in world.ledger.postings {
                guard case .duplicate = try again.post(posting) else { Issue.record("\(posting.id) was applied twice"); break }
            }
            #expect(again.postings == world.ledger.postings && again.balances == world.ledger.balances)

            // The same business events in a new world: pay, batches and invoices are pure
            // functions of the ledger, so the postings come out identical.
            #expect(LedgerEventSimulator.run(events).ledger.postings == world.ledger.postings)
        }
    }

    /// The story `payoutsAddUp` once found: two batches in clearing, the first marked paid,
    /// then withdrawn, leaving the expert owed the paid amount again. The ledger refuses it.
    @Test("a payout batch marked paid cannot be withdrawn")
    func paidBatchStaysPaid() throws {
        let week: [BusinessEvent] = [.work(expert: 0, project: 3, seconds: 3600, outcome: 0), .advance(hours: 168),
                                     .runPay(weeksBack: 1), .runPayouts(weeksBack: 1, currency: 1, minimum: 1)]
        var world = LedgerEventSimulator.run([.fund(organization: 2, amount: 100_000)] + week + week + [.settle(pick: 0)])
        try #require(world.batches.count == 2 && world.isPaid(batch: world.batches[0].id) && world.failures.isEmpty)
        let paid = try #require(world.ledger.posting(id: world.batches[0].id))
        #expect(throws: LedgerError.payoutAlreadySettled(paid.id)) { try world.ledger.post(paid.reversal(id: "withdraw", at: world.clock)) }
    }
}
