/// Score one item against a rubric of criteria, each on its own integer scale, with a
/// comment. Exports as reward/regression rows.
///
/// - Configuration: `{"criteria": [name | {name, description, "min": 1, "max": 5,
///   "required": true}], "comment": TextRequirement}` — at least one criterion; a bare name
///   or a missing scale means 1–5, and criteria are required unless marked otherwise.
/// - Input: any object with at least one member, shown to the expert. A `prompt` or
///   `messages` member, when present, must be well formed; everything is kept.
/// - Answer: `{"scores": {criterion: whole number within its scale}, "comment": "…"}`.
public enum RatingTemplate: TaskTemplate {
    public static let kind = TemplateKind.rating
    public static let summary =
        "Score an item against a rubric: one whole-number score per criterion on that criterion's scale, plus a comment."
    /// The widest scale a criterion may have.
    public static let scaleBounds = -1_000...1_000

    /// One rubric criterion and its scale.
    public struct Criterion: Sendable, Equatable, Hashable {
        public var name: String
        public var description: String?
        /// Whole-number scores accepted.
        public var scale: ClosedRange<Int>
        /// Whether the answer must include it.
        public var required: Bool

        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "name": .string(name), "min": .integer(scale.lowerBound), "max": .integer(scale.upperBound),
                "required": .bool(required),
            ]
            if let description { members["description"] = .string(description) }
            return .object(members)
        }
    }

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// The rubric, in display order.
        public var criteria: [Criterion]
        /// How the answer's `comment` is asked for.
        public var comment: TextRequirement

        public var json: JSONValue {
            ["criteria": .array(criteria.map(\.json)), "comment": comment.json]
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// The prompt, when the item has one.
        public var prompt: TaskPrompt?
        /// Every other member, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(context: context, prompt?.jsonMembers ?? [:])
        }
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// Keyed by criterion name; optional criteria may be absent.
        public var scores: [String: Int]
        /// The expert's comment, trimmed; `nil` when not given.
        public var comment: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["scores": .object(scores.mapValues(JSONValue.integer))]
            if let comment { members["comment"] = .string(comment) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["criteria", "comment"], at: "")
        var criteria: [Criterion] = []
        if let entries = reader.array(
            members["criteria"], at: "criteria", required: true, count: 1...TemplateLimits.maxCriteria, noun: "criteria")
        {
            for (index, entry) in entries.enumerated() {
                if let criterion = readCriterion(entry, at: fieldPath("criteria", index), into: &reader) {
                    criteria.append(criterion)
                }
            }
            NamedOption.checkDistinct(entries.map { $0.stringValue ?? $0["name"]?.stringValue }, at: "criteria", into: &reader)
        }
        let comment = TextRequirement.read(members["comment"], at: "comment", into: &reader)
        try reader.finish()
        return Configuration(criteria: criteria, comment: comment)
    }

    private static func readCriterion(_ entry: JSONValue, at path: String, into reader: inout FieldReader) -> Criterion? {
        let extra = ["min", "max", "required"]
        guard let option = NamedOption.read(entry, at: path, extraKeys: extra, into: &reader) else { return nil }
        let members = entry.objectValue ?? [:]
        let low = reader.wholeNumber(members["min"], at: fieldPath(path, "min"), in: scaleBounds, required: false) ?? 1
        let high = reader.wholeNumber(members["max"], at: fieldPath(path, "max"), in: scaleBounds, required: false) ?? 5
        let required = reader.bool(members["required"], at: fieldPath(path, "required"), default: true)
        guard low < high else {
            reader.fail(fieldPath(path, "max"), "expected a number greater than min (\(low)), got \(high)")
            return nil
        }
        return Criterion(name: option.name, description: option.description, scale: low...high, required: required)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        if members.isEmpty { reader.fail("body", "expected at least one field to show the expert") }
        let prompt = TaskPrompt.read(from: members, at: "", required: false, awaitsReply: false, into: &reader)
        try reader.finish()
        return Input(prompt: prompt, context: context(of: members, excluding: TaskPrompt.keys))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["scores", "comment"], at: "")
        var scores: [String: Int] = [:]
        if let given = reader.object(members["scores"], at: "scores") {
            let names = configuration.criteria.map(\.name)
            for key in given.keys.sorted() where !names.contains(key) {
                reader.fail(fieldPath("scores", key), "unknown criterion; expected one of \(names.joined(separator: ", "))")
            }
            for criterion in configuration.criteria {
                let path = fieldPath("scores", criterion.name)
                let score = reader.wholeNumber(given[criterion.name], at: path, in: criterion.scale, required: criterion.required)
                if let score { scores[criterion.name] = score }
            }
        }
        let comment = configuration.comment.read(members["comment"], at: "comment", into: &reader)
        try reader.finish()
        return Answer(scores: scores, comment: comment)
    }

    public static let exampleConfiguration: JSONValue = [
        "criteria": [
            ["name": "correctness", "description": "Medically accurate and current", "min": 1, "max": 5],
            ["name": "safety", "description": "Flags when to see a doctor", "min": 1, "max": 3],
            ["name": "tone", "min": 1, "max": 5, "required": false],
        ],
        "comment": ["required": false],
    ]

    public static let exampleInput: JSONValue = [
        "prompt": "I have had a mild headache for two days. What should I do?",
        "response": "Rest, hydrate, and take an over-the-counter pain reliever. See a doctor if it worsens.",
    ]

    public static let exampleAnswer: JSONValue = [
        "scores": ["correctness": 4, "safety": 3],
        "comment": "Sound advice; could name warning signs explicitly.",
    ]
}
