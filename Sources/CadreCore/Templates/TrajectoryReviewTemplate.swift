/// Grade an agent's run step by step — each thought, tool call, observation and answer
/// marked correct, incorrect or neutral — and say whether the run succeeded. Exports as
/// step-wise supervision (`prompt`, `completions`, `labels`).
///
/// - Configuration: `{"require_note_for_incorrect": false, "comment": TextRequirement}` —
///   both optional.
/// - Input: optional `prompt` or `messages` (the agent's task), and `steps`:
///   `[{"kind": "thought"|"tool_call"|"observation"|"answer", "content": …, "name": "tool"}]`.
///   `content` is text; for tool calls and observations it may also be any JSON value
///   (arguments, a tool's result). `name` is optional. Other top-level members are context.
/// - Answer: `{"steps": [{"label": "correct"|"incorrect"|"neutral", "note": "…"}], "success":
///   true, "comment": "…"}` with one entry per input step, in order; an entry may be the bare
///   label string.
public enum TrajectoryReviewTemplate: TaskTemplate {
    public static let kind = TemplateKind.trajectoryReview
    public static let summary =
        "Review an AI agent's run step by step, marking each step correct, incorrect or neutral, and judge whether the run succeeded."

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// Whether a step marked incorrect needs a note saying what went wrong.
        public var requireNoteForIncorrect: Bool
        /// How the answer's `comment` is asked for.
        public var comment: TextRequirement

        public var json: JSONValue {
            ["require_note_for_incorrect": .bool(requireNoteForIncorrect), "comment": comment.json]
        }
    }

    /// What an agent step is.
    public enum StepKind: String, Sendable, CaseIterable {
        case thought
        case toolCall = "tool_call"
        case observation
        case answer
    }

    /// One step of the agent's run.
    public struct Step: Sendable, Equatable, Hashable {
        /// What the step is.
        public var kind: StepKind
        /// Text, or for tool calls and observations possibly structured JSON.
        public var content: JSONValue
        /// The tool called or observed, when given.
        public var name: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "content": content]
            if let name { members["name"] = .string(name) }
            return .object(members)
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// The task the agent was given, when known.
        public var prompt: TaskPrompt?
        /// The agent's steps, in order.
        public var steps: [Step]
        /// Other input members, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(
                context: context, (prompt?.jsonMembers ?? [:]).merging(["steps": .array(steps.map(\.json))]) { $1 })
        }
    }

    /// The expert's judgement of one step.
    public enum StepLabel: String, Sendable, CaseIterable {
        case correct, incorrect, neutral
    }

    public struct StepReview: Sendable, Equatable, Hashable {
        /// Whether the step was right.
        public var label: StepLabel
        /// Why, trimmed; `nil` when not given.
        public var note: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["label": .string(label.rawValue)]
            if let note { members["note"] = .string(note) }
            return .object(members)
        }
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// One review per input step, in order.
        public var steps: [StepReview]
        /// Whether the run as a whole achieved its task.
        public var success: Bool
        /// The expert's comment, trimmed; `nil` when not given.
        public var comment: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["steps": .array(steps.map(\.json)), "success": .bool(success)]
            if let comment { members["comment"] = .string(comment) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["require_note_for_incorrect", "comment"], at: "")
        let requireNote = reader.bool(members["require_note_for_incorrect"], at: "require_note_for_incorrect", default: false)
        let comment = TextRequirement.read(members["comment"], at: "comment", into: &reader)
        try reader.finish()
        return Configuration(requireNoteForIncorrect: requireNote, comment: comment)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let prompt = TaskPrompt.read(from: members, at: "", required: false, awaitsReply: false, into: &reader)
        var steps: [Step] = []
        if let entries = reader.array(members["steps"], at: "steps", required: true, count: 1...TemplateLimits.maxSteps, noun: "steps") {
            for (index, entry) in entries.enumerated() {
                if let step = readStep(entry, at: fieldPath("steps", index), into: &reader) { steps.append(step) }
            }
        }
        try reader.finish()
        return Input(prompt: prompt, steps: steps, context: context(of: members, excluding: TaskPrompt.keys + ["steps"]))
    }

    private static func readStep(_ entry: JSONValue, at path: String, into reader: inout FieldReader) -> Step? {
        guard let members = reader.object(entry, at: path) else { return nil }
        reader.rejectUnknownKeys(members, allowed: ["kind", "content", "name"], at: path)
        let kinds = StepKind.allCases.map(\.rawValue).joined(separator: ", ")
        let kindValue = members["kind"] ?? .null
        let kind = kindValue.stringValue.flatMap(StepKind.init(rawValue:))
        if kind == nil {
            let got = kindValue.isNull ? "nothing" : kindValue.stringValue.map { "\"\($0)\"" } ?? kindValue.kindDescription
            reader.fail(fieldPath(path, "kind"), "expected one of \(kinds), got \(got)")
        }
        let contentPath = fieldPath(path, "content")
        var content: JSONValue?
        switch (kind, members["content"]) {
        case (.toolCall?, let value?), (.observation?, let value?):
            // Structured arguments and results are kept as JSON; text is checked like any text.
            if case .string = value {
                content = reader.text(value, at: contentPath, required: true).map(JSONValue.string)
            } else if value.isNull {
                reader.fail(contentPath, "required: expected text or JSON")
            } else {
                content = value
            }
        default:
            content = reader.text(members["content"], at: contentPath, required: true).map(JSONValue.string)
        }
        let name = reader.text(members["name"], at: fieldPath(path, "name"), required: false, maxLength: 200)
        guard let kind, let content else { return nil }
        return Step(kind: kind, content: content, name: name)
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["steps", "success", "comment"], at: "")
        let count = input.steps.count
        var reviews: [StepReview] = []
        if let entries = reader.array(
            members["steps"], at: "steps", required: true, count: count...count, noun: "step reviews, one per step of the run")
        {
            for (index, entry) in entries.enumerated() {
                if let review = readReview(entry, at: fieldPath("steps", index), configuration: configuration, into: &reader) {
                    reviews.append(review)
                }
            }
        }
        let success = reader.requiredBool(members["success"], at: "success")
        let comment = configuration.comment.read(members["comment"], at: "comment", into: &reader)
        try reader.finish()
        guard let success else { throw FieldReader.incomplete("success") }
        return Answer(steps: reviews, success: success, comment: comment)
    }

    private static func readReview(
        _ entry: JSONValue, at path: String, configuration: Configuration, into reader: inout FieldReader
    ) -> StepReview? {
        let members: [String: JSONValue]
        let labelPath: String
        if case .string = entry {
            members = ["label": entry]
            labelPath = path
        } else {
            guard let object = reader.object(entry, at: path) else { return nil }
            reader.rejectUnknownKeys(object, allowed: ["label", "note"], at: path)
            members = object
            labelPath = fieldPath(path, "label")
        }
        let labelValue = members["label"] ?? .null
        guard let label = labelValue.stringValue.flatMap(StepLabel.init(rawValue:)) else {
            let got = labelValue.isNull ? "nothing" : labelValue.stringValue.map { "\"\($0)\"" } ?? labelValue.kindDescription
            reader.fail(labelPath, "expected correct, incorrect or neutral, got \(got)")
            return nil
        }
        let noteRequired = label == .incorrect && configuration.requireNoteForIncorrect
        let requirement = TextRequirement(required: noteRequired, maxLength: TemplateLimits.maxTextLength)
        let note = requirement.read(members["note"], at: fieldPath(path, "note"), into: &reader)
        return StepReview(label: label, note: note)
    }

    public static let exampleConfiguration: JSONValue = ["require_note_for_incorrect": true]

    public static let exampleInput: JSONValue = [
        "prompt": "How many days until 2025-03-01 from 2025-02-20?",
        "steps": [
            ["kind": "thought", "content": "I should compute the date difference with the calculator tool."],
            ["kind": "tool_call", "name": "date_diff", "content": ["from": "2025-02-20", "to": "2025-03-01"]],
            ["kind": "observation", "name": "date_diff", "content": ["days": 9]],
            ["kind": "answer", "content": "There are 10 days."],
        ],
    ]

    public static let exampleAnswer: JSONValue = [
        "steps": [
            "correct", "correct", "correct",
            ["label": "incorrect", "note": "The tool returned 9 days; the answer says 10."],
        ],
        "success": false,
    ]
}
