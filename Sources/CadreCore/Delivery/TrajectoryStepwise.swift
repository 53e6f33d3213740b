/// Agent runs as step-wise supervision: `prompt`, `completions` (one text per step) and
/// `labels` (one boolean per step: false only for a step marked incorrect, since TRL's
/// labels say whether a step is wrong and a neutral step is not). `step_labels` keeps the
/// three-way judgement and `success` the verdict on the whole run.
///
/// TRL's step-wise type has a string prompt only, so a chat prompt is written as its messages'
/// text separated by blank lines. A consensus row takes the run's verdict from the consensus
/// and each step's label from the majority of the task's answers, a tie going to the
/// harsher label: a step that half the reviewers call wrong is not safe to train on as right.
struct TrajectoryStepwise: DeliveryEncoder {
    let options: DeliveryOptions

    private static let harshestFirst = ["incorrect", "neutral", "correct"]

    func encode(_ task: DeliveryTask) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        let input = DeliveryInput(input: task.input, conversational: false)
        let steps = (task.input["steps"]?.arrayValue ?? []).map(Self.text)
        let rows: [(labels: [String], success: Bool)]
        switch options.selection {
        case .consensus:
            let reviews = task.answers.map { Self.labels(of: $0.value) }
            let labels = steps.indices.map { step in
                let votes = reviews.compactMap { $0.indices.contains(step) ? $0[step] : nil }
                guard !votes.isEmpty else { return "neutral" }
                // `max(by:)` keeps the earlier of equals, so a tie goes to the harsher label.
                return Self.harshestFirst.max { a, b in votes.filter { $0 == a }.count < votes.filter { $0 == b }.count }!
            }
            rows = [(labels, task.consensus?.result["success"]?.boolValue ?? false)]
        case .all:
            rows = task.selectedAnswers.map { (Self.labels(of: $0), $0["success"]?.boolValue ?? false) }
        }
        return EncodedTask(records: rows.map { row in
            DeliveryRecord([
                "prompt": input.promptColumn,
                "completions": .array(steps.map(JSONValue.string)),
                "labels": .array(row.labels.map { .bool($0 != "incorrect") }),
                "step_labels": .array(row.labels.map(JSONValue.string)),
                "success": .bool(row.success),
                "external_id": .string(task.externalID),
            ])
        })
    }

    /// One step as text: thoughts and answers as written; tool calls and observations named,
    /// with structured content as compact JSON.
    static func text(_ step: JSONValue) -> String {
        let content = step["content"].map { $0.stringValue ?? $0.jsonText } ?? ""
        let kind = step["kind"]?.stringValue ?? ""
        guard kind == "tool_call" || kind == "observation" else { return content }
        let name = step["name"]?.stringValue.map { " " + $0 } ?? ""
        return "[\(kind)\(name)] \(content)"
    }

    /// A review's step labels; bare strings and `{label, note}` objects alike.
    static func labels(of review: JSONValue) -> [String] {
        (review["steps"]?.arrayValue ?? []).map { $0.stringValue ?? $0["label"]?.stringValue ?? "neutral" }
    }
}
