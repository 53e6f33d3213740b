/// Pairwise comparisons as DPO preference rows: the preferred response is `chosen`.
///
/// Ties and both_bad give no preference and are counted as excluded. `margin` is the
/// strength (1 slightly … 3 much better; the mean over the agreeing answers for consensus
/// rows), `agreement` the share of the task's annotators who made the same choice.
struct PairwiseDPO: DeliveryEncoder {
    let options: DeliveryOptions

    func encode(_ task: DeliveryTask) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        var encoded = EncodedTask()
        switch options.selection {
        case .consensus:
            let choice = task.consensus?.result["choice"]?.stringValue
            let agreeing = task.answers.map(\.value).filter { $0["choice"]?.stringValue == choice }
            let strengths = agreeing.compactMap { $0["strength"]?.doubleValue }
            let margin = strengths.isEmpty ? 0 : strengths.reduce(0, +) / Double(strengths.count)
            add(choice, margin: margin, task: task, to: &encoded)
        case .all:
            for answer in task.selectedAnswers {
                add(answer["choice"]?.stringValue, margin: answer["strength"]?.doubleValue ?? 0, task: task, to: &encoded)
            }
        }
        return encoded
    }

    private func add(_ choice: String?, margin: Double, task: DeliveryTask, to encoded: inout EncodedTask) {
        let input = DeliveryInput(input: task.input, conversational: options.conversational)
        let a = input.response(0) ?? "", b = input.response(1) ?? ""
        let (chosen, rejected): (String, String)
        switch choice {
        case "A": (chosen, rejected) = (a, b)
        case "B": (chosen, rejected) = (b, a)
        case "tie": return encoded.exclusions.append(.tie)
        case "both_bad": return encoded.exclusions.append(.bothBad)
        default: return encoded.exclusions.append(.noConsensus)
        }
        encoded.records.append(DeliveryRecord([
            "prompt": input.promptColumn,
            "chosen": input.completion(chosen),
            "rejected": input.completion(rejected),
            "margin": .number(margin),
            "agreement": .number(task.share { $0["choice"]?.stringValue == choice }),
            "num_annotators": .integer(task.answers.count),
            "external_id": .string(task.externalID),
        ]))
    }
}
