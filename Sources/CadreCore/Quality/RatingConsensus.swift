import Foundation

/// Ratings aggregate as numbers: per task and criterion the mean and the spread (standard
/// deviation); confidence falls as the raters disagree, 1 / (1 + mean spread).
enum RatingConsensus {
    static func compute(taskCount: Int, workerCount: Int, answers: [AnswerRecord]) -> ConsensusReport {
        var byTask = [[(worker: Int32, scores: [String: Double])]](repeating: [], count: taskCount)
        var units: [Int32] = [], coders: [Int32] = [], values: [Double] = []
        for record in answers {
            guard let scores = record.answer["scores"]?.objectValue else { continue }
            let numbers = scores.compactMapValues(\.doubleValue)
            guard !numbers.isEmpty else { continue }
            byTask[Int(record.task)].append((record.worker, numbers))
            units.append(record.task)
            coders.append(record.worker)
            values.append(numbers.values.reduce(0, +) / Double(numbers.count))
        }
        var agreed = [Int](repeating: 0, count: workerCount)
        var compared = [Int](repeating: 0, count: workerCount)
        var results: [TaskConsensus] = []
        for (task, ratings) in byTask.enumerated() where !ratings.isEmpty {
            let criteria = Set(ratings.flatMap(\.scores.keys)).sorted()
            var means: [String: JSONValue] = [:], spreads: [String: JSONValue] = [:]
            var meanValues: [String: Double] = [:]
            var totalSpread = 0.0
            for criterion in criteria {
                let scores = ratings.compactMap { $0.scores[criterion] }
                let mean = scores.reduce(0, +) / Double(scores.count)
                let spread = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count)).squareRoot()
                means[criterion] = .number(mean)
                spreads[criterion] = .number(spread)
                meanValues[criterion] = mean
                totalSpread += spread
            }
            for rating in ratings where ratings.count > 1 {
                compared[Int(rating.worker)] += 1
                let close = rating.scores.allSatisfy { abs($0.value - (meanValues[$0.key] ?? $0.value)) <= 1 }
                if close { agreed[Int(rating.worker)] += 1 }
            }
            results.append(TaskConsensus(
                task: Int32(task), result: ["scores": .object(means), "spread": .object(spreads)],
                confidence: 1 / (1 + totalSpread / Double(max(criteria.count, 1))), answers: ratings.count))
        }
        let reliability = ReliabilityData(unitCount: taskCount, coderCount: workerCount, units: units, coders: coders, values: values)
        return ConsensusReport(
            method: "mean", tasks: results, alpha: KrippendorffAlpha.compute(reliability, level: .interval).alpha,
            agreed: agreed, compared: compared, classNames: [], confusion: [])
    }
}
