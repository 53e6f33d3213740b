import Foundation

/// How the models that produced a project's responses compare, from experts' pairwise
/// choices: Bradley–Terry strengths on the log scale, centred, with 95% intervals.
public struct ModelStrength: Sendable, Equatable, Codable {
    public var model: String
    public var score: Double
    public var standardError: Double
    public var lower: Double
    public var upper: Double
    public var comparisons: Int

    enum CodingKeys: String, CodingKey {
        case model, score, lower, upper, comparisons
        case standardError = "standard_error"
    }
}

public enum ModelStrengths {
    /// One comparison per answer whose task names the model of both responses: the chosen
    /// response's model beats the other's; a tie counts half each way; "both bad" and
    /// responses without a model say nothing about the models.
    public static func fromPairwise(_ answered: [(input: JSONValue, answer: JSONValue)]) -> [ModelStrength] {
        var models = Interner()
        var winners: [Int32] = [], losers: [Int32] = [], ties: [Bool] = []
        var counts: [Int32: Int] = [:]
        for (input, answer) in answered {
            guard let responses = input["responses"]?.arrayValue, responses.count == 2,
                  let a = responses[0]["model"]?.stringValue, let b = responses[1]["model"]?.stringValue, a != b,
                  let choice = answer["choice"]?.stringValue
            else { continue }
            let (codeA, codeB) = (models.intern(a), models.intern(b))
            switch choice {
            case "A": winners.append(codeA); losers.append(codeB); ties.append(false)
            case "B": winners.append(codeB); losers.append(codeA); ties.append(false)
            case "tie": winners.append(codeA); losers.append(codeB); ties.append(true)
            default: continue
            }
            counts[codeA, default: 0] += 1
            counts[codeB, default: 0] += 1
        }
        guard models.count >= 2 else { return [] }
        let fit = BradleyTerry().fit(PairwiseComparisons(itemCount: models.count, winners: winners, losers: losers, ties: ties))
        return fit.strengths.enumerated().compactMap { code, strength in
            strength.map {
                ModelStrength(model: models.name(Int32(code)), score: $0.score, standardError: $0.standardError,
                              lower: $0.lower, upper: $0.upper, comparisons: counts[Int32(code)] ?? 0)
            }
        }.sorted { $0.score > $1.score }
    }
}

/// Rankings aggregate per task with Plackett–Luce: the consensus order of the responses,
/// and the share of experts who put the consensus best first as its confidence.
enum RankingConsensus {
    static func apply(to report: inout ConsensusReport, taskCount: Int, answers: [AnswerRecord]) {
        var byTask = [[(worker: Int32, order: [Int32])]](repeating: [], count: taskCount)
        for record in answers {
            guard let places = record.answer["ranking"]?.arrayValue else { continue }
            let order = places.flatMap { place in place.arrayValue?.compactMap(\.intValue) ?? place.intValue.map { [$0] } ?? [] }
            byTask[Int(record.task)].append((record.worker, order.map { Int32($0) }))
        }
        var agreed = [Int](repeating: 0, count: report.agreed.count)
        var compared = [Int](repeating: 0, count: report.compared.count)
        report.tasks = byTask.enumerated().compactMap { task, rankings -> TaskConsensus? in
            guard !rankings.isEmpty else { return nil }
            let itemCount = Int(rankings.flatMap(\.order).max() ?? 0) + 1
            let fit = PlackettLuce().fit(Rankings(itemCount: itemCount, rankings: rankings.map(\.order)))
            let order = (0..<itemCount).sorted { (fit.strengths[$0]?.score ?? -.infinity) > (fit.strengths[$1]?.score ?? -.infinity) }
            let best = order.first ?? 0
            let agreeing = rankings.filter { $0.order.first == Int32(best) }
            for ranking in rankings where Int(ranking.worker) < agreed.count {
                compared[Int(ranking.worker)] += 1
                if ranking.order.first == Int32(best) { agreed[Int(ranking.worker)] += 1 }
            }
            return TaskConsensus(
                task: Int32(task), result: ["order": .array(order.map(JSONValue.integer)), "best": [.integer(best)]],
                confidence: Double(agreeing.count) / Double(rankings.count), answers: rankings.count)
        }
        report.agreed = agreed
        report.compared = compared
        report.method = "plackett-luce"
    }
}
