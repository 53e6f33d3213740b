@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// Recalibration from accumulated interview responses: a new bank version with re-estimated
/// items, earlier versions kept, and no new version until responses have grown.
final class BankRecalibrationTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    /// `persons` simulated candidates answer the bank's first ten items, which are really a
    /// logit harder than the bank says.
    private func simulateInterviews(persons: Int, seed: UInt64, bank: ItemBank) async throws {
        var generator = SplitMix64(seed: seed)
        // One account with many attempts stands in for many people: responses are grouped by
        // person and attempt, and it keeps the test free of password hashing.
        let user = try await t.makeUser(.candidate)
        let application = try CandidateApplication(userID: user.requireID(), profile: ApplicationProfileBody.empty, at: t.clock.now)
        try await application.create(on: t.app.db)
        let items = Array(bank.items.filter { $0.parameters.guessing == 0 }.prefix(10))
        var interviews: [Interview] = []
        var answers: [InterviewAnswer] = []
        for person in 0..<persons {
            let interview = Interview()
            interview.id = UUID()
            interview.$application.id = application.id!
            interview.$user.id = user.id!
            interview.domain = bank.domainID
            interview.bankVersion = bank.version
            interview.seed = Int64(person)
            interview.attempt = Int(seed) * 100_000 + person
            interview.state = .completed
            interview.excludedJSON = "[]"
            interview.scenarioIDsJSON = "[]"
            interview.servedAt = t.clock.now
            interviews.append(interview)
            let theta = Self.normal(&generator)
            answers += items.enumerated().map { index, item in
                let truth = ItemParameters(discrimination: item.parameters.discrimination, difficulty: item.parameters.difficulty + 1)
                let answer = InterviewAnswer()
                answer.id = UUID()
                answer.$interview.id = interview.id!
                answer.position = index
                answer.kind = .item
                answer.questionID = item.id
                answer.answer = "x"
                answer.correct = Double(generator.next() >> 11) / Double(1 << 53) < truth.probabilityCorrect(at: theta)
                answer.servedAt = t.clock.now
                answer.answeredAt = t.clock.now
                return answer
            }
        }
        // Inserted in batches: one statement per few hundred rows keeps the test quick.
        for batch in stride(from: 0, to: interviews.count, by: 200) {
            try await Array(interviews[batch..<min(batch + 200, interviews.count)]).create(on: t.app.db)
        }
        for batch in stride(from: 0, to: answers.count, by: 200) {
            try await Array(answers[batch..<min(batch + 200, answers.count)]).create(on: t.app.db)
        }
    }

    func testItemsWithEnoughResponsesAreRecalibratedIntoANewVersion() async throws {
        let catalog = t.app.itemBanks
        let shipped = try await catalog.latest(domain: "physics", on: t.app.db)!
        try await simulateInterviews(persons: 400, seed: 1, bank: shipped)

        let outcomes = try await BankRecalibration.run(on: t.app.db, catalog: catalog, minimumResponses: 300)
        XCTAssertEqual(outcomes, [.init(domain: "physics", version: shipped.version + 1, itemsRecalibrated: 10, responsesUsed: 4_000)])
        let recalibrated = try await catalog.latest(domain: "physics", on: t.app.db)!
        XCTAssertEqual(recalibrated.version, shipped.version + 1)
        let changed = shipped.items.filter { recalibrated.item(id: $0.id)!.parameters != $0.parameters }
        XCTAssertEqual(changed.count, 10)
        // The simulated items were a logit harder than stated; the calibration sees it.
        let shift = changed.map { recalibrated.item(id: $0.id)!.parameters.difficulty - $0.parameters.difficulty }.reduce(0, +) / 10
        XCTAssertEqual(shift, 1, accuracy: 0.35)
        let earlier = try await catalog.bank(domain: "physics", version: shipped.version, on: t.app.db)
        XCTAssertEqual(earlier, shipped, "earlier versions are kept unchanged")

        let again = try await BankRecalibration.run(on: t.app.db, catalog: catalog, minimumResponses: 300)
        XCTAssertEqual(again, [], "nothing new to learn from")
        try await simulateInterviews(persons: 120, seed: 2, bank: shipped)
        let grown = try await BankRecalibration.run(on: t.app.db, catalog: catalog, minimumResponses: 300)
        XCTAssertEqual(grown.map(\.version), [shipped.version + 2])
    }

    private static func normal(_ generator: inout SplitMix64) -> Double {
        let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-12)
        let u2 = Double(generator.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
