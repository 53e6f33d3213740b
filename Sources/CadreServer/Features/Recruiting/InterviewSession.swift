import CadreCore
import Foundation

/// Where an interview stands, rebuilt from its stored answers.
///
/// Nothing about the adaptive test is stored but the seed and the answers: replaying them
/// through `AdaptiveTest` with a generator from the same seed gives the same items, so the
/// current question is recomputed on every request and a session can be audited exactly.
struct InterviewSession {
    enum Question: Equatable {
        case item(ItemPresentation)
        case scenario(ScenarioQuestion)
        /// The probing question an LLM asked about the answer to a scenario.
        case followUp(scenarioID: String, question: String)

        var id: String {
            switch self {
            case .item(let item): item.id
            case .scenario(let scenario): scenario.id
            case .followUp(let scenarioID, _): Self.followUpID(scenarioID)
            }
        }

        static func followUpID(_ scenarioID: String) -> String { scenarioID + "/follow-up" }
    }

    let bank: ItemBank
    let scenarioIDs: [String]
    let test: AdaptiveTest
    /// Why the adaptive part ended, once it has.
    let stopReason: StopReason?
    /// The question to answer now; nil when the interview is over.
    let current: Question?
    let answers: [InterviewAnswer]

    init(bank: ItemBank, interview: Interview, answers: [InterviewAnswer]) throws {
        self.bank = bank
        self.answers = answers
        scenarioIDs = try RecruitingJSON.decode([String].self, from: interview.scenarioIDsJSON)
        let excluded = Set(try RecruitingJSON.decode([String].self, from: interview.excludedJSON))
        var test = AdaptiveTest(bank: bank.bankItems, configuration: bank.adaptiveTestConfiguration, excluding: excluded)
        var generator = SplitMix64(seed: UInt64(bitPattern: interview.seed))
        for answer in answers where answer.kind == .item {
            // One selection per administered item, as when it was first shown, keeps the
            // generator in step with the original session.
            _ = test.nextStep(using: &generator)
            try test.record(itemID: answer.questionID, correct: answer.correct ?? false)
        }
        self.test = test
        switch test.nextStep(using: &generator) {
        case .administer(let next):
            stopReason = nil
            current = bank.item(id: next.id).map { .item($0.presentation) }
        case .finished(let reason):
            stopReason = reason
            current = Self.scenarioQuestion(bank: bank, scenarioIDs: scenarioIDs, answers: answers)
        }
    }

    private static func scenarioQuestion(bank: ItemBank, scenarioIDs: [String], answers: [InterviewAnswer]) -> Question? {
        for id in scenarioIDs {
            guard let scenario = bank.scenario(id: id) else { continue }
            guard let answer = answers.first(where: { $0.kind == .scenario && $0.questionID == id }) else {
                return .scenario(scenario)
            }
            if let followUp = answer.followUpQuestion,
               !answers.contains(where: { $0.kind == .followUp && $0.questionID == Question.followUpID(id) }) {
                return .followUp(scenarioID: id, question: followUp)
            }
        }
        return nil
    }

    var itemsAnswered: Int { answers.filter { $0.kind == .item }.count }
    var scenariosAnswered: Int { answers.filter { $0.kind == .scenario }.count }

    /// A fair guess of the questions left: items until the standard error reaches its target
    /// (each item adds about the information of the best remaining one), then the scenarios.
    var estimatedQuestionsLeft: Int {
        let scenariosLeft = scenarioIDs.count - scenariosAnswered
        guard stopReason == nil else { return max(0, scenariosLeft) }
        let rule = bank.interview
        let target = rule.targetStandardError
        let se = test.estimate.standardError
        var itemsLeft = max(0, rule.minimumItems - itemsAnswered)
        if se > target {
            // Information needed: 1/target² − 1/se²; a well-targeted item gives about a²/4.
            let meanA = bank.items.map(\.parameters.discrimination).reduce(0, +) / Double(max(1, bank.items.count))
            let perItem = max(0.1, meanA * meanA / 4)
            let needed = 1 / (target * target) - 1 / (se * se)
            itemsLeft = max(itemsLeft, Int((needed / perItem).rounded(.up)))
        }
        itemsLeft = min(itemsLeft, rule.maximumItems - itemsAnswered)
        return max(1, itemsLeft) + scenariosLeft
    }
}
