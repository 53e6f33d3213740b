import CadreCore
import Fluent
import Vapor

/// Re-estimates item parameters from real interview responses and stores them as a new bank
/// version; earlier versions stay, so every past interview can still be replayed exactly.
///
/// An item is recalibrated once it has `minimumResponses` answers; the others keep their
/// parameters. Items with a guessing parameter keep it and are left alone, because the
/// calibration fits the 2PL model. A domain is recalibrated again only when its responses have
/// grown by a quarter since the last calibration, so the job is cheap to run often.
enum BankRecalibration {
    struct Outcome: Sendable, Equatable {
        var domain: String
        var version: Int
        var itemsRecalibrated: Int
        var responsesUsed: Int
    }

    static let defaultMinimumResponses = 200
    static let growthBeforeRecalibrating = 1.25

    static func run(on db: any Database, catalog: ItemBankCatalog, minimumResponses: Int = defaultMinimumResponses) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for bank in try await catalog.latestBanks(on: db) {
            guard let row = try await catalog.latestRow(domain: bank.domainID, on: db) else { continue }
            let table = try await responses(in: bank.domainID, on: db)
            guard table.count > 0 else { continue }
            let lastCalibration = try await StoredItemBank.query(on: db).filter(\.$domain == bank.domainID)
                .filter(\.$responsesUsed != nil).max(\.$responsesUsed) ?? 0
            guard Double(table.count) >= Double(lastCalibration) * growthBeforeRecalibrating, table.count > lastCalibration else { continue }
            let calibration = ItemCalibration.estimate2PL(from: table)
            var updates: [String: ItemParameters] = [:]
            for (index, id) in calibration.itemIDs.enumerated() where calibration.responseCounts[index] >= minimumResponses {
                guard let item = bank.item(id: id), item.parameters.guessing == 0 else { continue }
                updates[id] = calibration.parameters[index]
            }
            guard !updates.isEmpty else { continue }
            let (document, next) = try rewrite(row.document, with: updates)
            try await catalog.store(next, document: document, source: "calibrated", responsesUsed: table.count, on: db)
            outcomes.append(Outcome(domain: bank.domainID, version: next.version, itemsRecalibrated: updates.count, responsesUsed: table.count))
        }
        return outcomes
    }

    /// Every item answer of the domain's completed interviews, person by person.
    private static func responses(in domain: String, on db: any Database) async throws -> ResponseTable {
        let answers = try await InterviewAnswer.query(on: db)
            .join(Interview.self, on: \InterviewAnswer.$interview.$id == \Interview.$id)
            .filter(Interview.self, \.$domain == domain).filter(Interview.self, \.$state == .completed)
            .filter(InterviewAnswer.self, \.$kind == .item)
            .all()
        var table = ResponseTable()
        for answer in answers {
            let interview = try answer.joined(Interview.self)
            table.append(person: interview.$user.id.uuidString + "/" + String(interview.attempt), item: answer.questionID, correct: answer.correct ?? false)
        }
        return table
    }

    /// The stored document with new `irt` values and the next version number, checked by the
    /// same parser as any imported bank.
    private static func rewrite(_ document: String, with updates: [String: ItemParameters]) throws -> (String, ItemBank) {
        guard var json = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any],
              var items = json["items"] as? [[String: Any]], let version = json["version"] as? Int else {
            throw Abort(.internalServerError, reason: "a stored item bank is not a JSON object with items and a version")
        }
        for index in items.indices {
            guard let id = items[index]["id"] as? String, let parameters = updates[id] else { continue }
            items[index]["irt"] = [
                "a": clamp(parameters.discrimination, to: AssessmentItem.discriminationRange),
                "b": clamp(parameters.difficulty, to: AssessmentItem.difficultyRange),
            ]
        }
        json["items"] = items
        json["version"] = version + 1
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        return (String(decoding: data, as: UTF8.self), try ItemBank(parsing: data))
    }

    private static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        (min(max(value, range.lowerBound), range.upperBound) * 1000).rounded() / 1000
    }
}
