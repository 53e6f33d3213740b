/// A rated item's scores: one per rubric criterion (the consensus mean, or one answer's
/// score), and `overall`, the mean of the criteria given, each first scaled to 0…1 on its own
/// scale so a 1–3 criterion weighs as much as a 1–7 one.
struct RatedItem {
    /// The rubric from the project's normalised configuration, in display order.
    struct Criterion: Sendable, Equatable {
        var name: String
        var scale: ClosedRange<Int>
    }

    static func criteria(of configuration: JSONValue) -> [Criterion] {
        (configuration["criteria"]?.arrayValue ?? []).compactMap { entry in
            guard let name = entry["name"]?.stringValue, let low = entry["min"]?.intValue, let high = entry["max"]?.intValue,
                  low <= high else { return nil }
            return Criterion(name: name, scale: low...high)
        }
    }

    var scores: [String: Double]

    /// Every criterion appears, `null` where the answer left an optional one out, so every row
    /// has the same columns.
    func scoresColumn(_ criteria: [Criterion]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: criteria.map { ($0.name, scores[$0.name].map(JSONValue.number) ?? .null) }))
    }

    func overall(_ criteria: [Criterion]) -> Double {
        let scaled = criteria.compactMap { criterion -> Double? in
            guard let score = scores[criterion.name] else { return nil }
            let width = Double(criterion.scale.upperBound - criterion.scale.lowerBound)
            return width == 0 ? 1 : (score - Double(criterion.scale.lowerBound)) / width
        }
        return scaled.isEmpty ? 0 : scaled.reduce(0, +) / Double(scaled.count)
    }

    /// One row per rated item, once the task passes the gate and has a completion to score.
    static func rows(
        of task: DeliveryTask, _ options: DeliveryOptions, _ row: (DeliveryInput, String, RatedItem) -> DeliveryRecord
    ) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        let input = DeliveryInput(input: task.input, conversational: options.conversational)
        guard let completion = input.singleResponse else { return EncodedTask(exclusions: [.noCompletion]) }
        return EncodedTask(records: items(of: task, options.selection).map { row(input, completion, $0) })
    }

    /// The items to write: the consensus means, or each selected answer's scores.
    static func items(of task: DeliveryTask, _ selection: AnswerSelection) -> [RatedItem] {
        let sources: [JSONValue] = selection == .consensus ? task.consensus.map { [$0.result] } ?? [] : task.selectedAnswers
        return sources.map { RatedItem(scores: ($0["scores"]?.objectValue ?? [:]).compactMapValues(\.doubleValue)) }
    }
}

/// Ratings as reward-model rows: `prompt`, `completion`, `scores` per criterion, `overall`.
struct RatingReward: DeliveryEncoder {
    let options: DeliveryOptions
    let criteria: [RatedItem.Criterion]

    func encode(_ task: DeliveryTask) -> EncodedTask {
        RatedItem.rows(of: task, options) { input, completion, item in
            DeliveryRecord([
                "prompt": input.promptColumn,
                "completion": input.completion(completion),
                "scores": item.scoresColumn(criteria),
                "overall": .number(item.overall(criteria)),
                "num_annotators": .integer(task.answers.count),
                "external_id": .string(task.externalID),
            ])
        }
    }
}

/// Ratings as KTO rows: a completion is desirable (`label` true) when its overall score
/// reaches the threshold.
struct RatingKTO: DeliveryEncoder {
    let options: DeliveryOptions
    let criteria: [RatedItem.Criterion]

    func encode(_ task: DeliveryTask) -> EncodedTask {
        RatedItem.rows(of: task, options) { input, completion, item in
            let overall = item.overall(criteria)
            return DeliveryRecord([
                "prompt": input.promptColumn,
                "completion": input.completion(completion),
                "label": .bool(overall >= options.ktoThreshold),
                "overall": .number(overall),
                "external_id": .string(task.externalID),
            ])
        }
    }
}
