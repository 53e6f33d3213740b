/// Assign one label, or several, from a fixed label set. Exports as labels with consensus
/// confidence.
///
/// - Configuration: `{"labels": [name | {name, description}], "multiple": false,
///   "min_labels": 1, "max_labels": n}` — at least two labels; `min_labels`/`max_labels`
///   only with `"multiple": true` (`min_labels: 0` allows "none apply").
/// - Input: any object with at least one member, shown to the expert. A `prompt` or
///   `messages` member, when present, must be well formed; everything is kept.
/// - Answer: `{"labels": [name, …]}`, or `{"label": name}` for a single label, plus an optional
///   `rationale`. Normalised to `labels` in configuration order.
public enum ClassificationTemplate: TaskTemplate {
    public static let kind = TemplateKind.classification
    public static let summary =
        "Choose the label (or, where allowed, every label) from the project's label set that fits the item."

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// The label set, in display order.
        public var labels: [NamedOption]
        /// Whether an answer may carry more than one label.
        public var multiple: Bool
        /// Fewest labels an answer may carry.
        public var minLabels: Int
        /// Most labels an answer may carry.
        public var maxLabels: Int

        /// Stored form; label bounds appear only for multi-label projects, where they may be
        /// set, so validating the stored form again gives the same value.
        public var json: JSONValue {
            var members: [String: JSONValue] = ["labels": .array(labels.map(\.json)), "multiple": .bool(multiple)]
            if multiple {
                members["min_labels"] = .integer(minLabels)
                members["max_labels"] = .integer(maxLabels)
            }
            return .object(members)
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
        /// Chosen label names, in configuration order.
        public var labels: [String]
        /// The expert's explanation, trimmed; `nil` when not given.
        public var rationale: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["labels": .array(labels.map(JSONValue.string))]
            if let rationale { members["rationale"] = .string(rationale) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["labels", "multiple", "min_labels", "max_labels"], at: "")
        let labels = NamedOption.readList(
            members["labels"], at: "labels", required: true, count: 2...TemplateLimits.maxOptions, noun: "labels",
            into: &reader) ?? []
        let multiple = reader.bool(members["multiple"], at: "multiple", default: false)
        var minimum = 1
        var maximum = multiple ? max(labels.count, 1) : 1
        if multiple {
            let bounds = 0...max(labels.count, 1)
            minimum = reader.wholeNumber(members["min_labels"], at: "min_labels", in: bounds, required: false) ?? minimum
            maximum = reader.wholeNumber(members["max_labels"], at: "max_labels", in: 1...bounds.upperBound, required: false) ?? maximum
            if minimum > maximum {
                reader.fail("min_labels", "expected at most max_labels (\(maximum)), got \(minimum)")
            }
        } else {
            for key in ["min_labels", "max_labels"] where !(members[key]?.isNull ?? true) {
                reader.fail(key, "only with \"multiple\": true; a single-label project takes exactly one label")
            }
        }
        try reader.finish()
        return Configuration(labels: labels, multiple: multiple, minLabels: minimum, maxLabels: maximum)
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
        reader.rejectUnknownKeys(members, allowed: ["label", "labels", "rationale"], at: "")
        let labels = readLabels(members, configuration: configuration, into: &reader)
        let rationale = TextRequirement.optional.read(members["rationale"], at: "rationale", into: &reader)
        try reader.finish()
        guard let labels else { throw FieldReader.incomplete("labels") }
        return Answer(labels: labels, rationale: rationale)
    }

    private static func readLabels(
        _ members: [String: JSONValue], configuration: Configuration, into reader: inout FieldReader
    ) -> [String]? {
        let single = members["label"].flatMap { $0.isNull ? nil : $0 }
        let list = members["labels"].flatMap { $0.isNull ? nil : $0 }
        let entries: [(JSONValue, String)]
        switch (single, list) {
        case (.some, .some):
            reader.fail("labels", "expected either label or labels, not both")
            return nil
        case (.some(let value), nil):
            entries = [(value, "label")]
        case (nil, _):
            let count = configuration.minLabels...configuration.maxLabels
            guard let values = reader.array(list, at: "labels", required: true, count: count, noun: "labels")
            else { return nil }
            entries = values.enumerated().map { ($1, fieldPath("labels", $0)) }
        }
        let before = reader.errors.count
        var chosen = Set<String>()
        for (value, path) in entries {
            guard let name = reader.text(value, at: path, required: true, maxLength: TemplateLimits.maxNameLength) else { continue }
            if !configuration.labels.contains(where: { $0.name == name }) {
                reader.fail(path, "unknown label \"\(name)\"; expected one of \(configuration.labels.nameList)")
            } else if !chosen.insert(name).inserted {
                reader.fail(path, "label \"\(name)\" is chosen more than once")
            }
        }
        if reader.isClean(since: before) && single != nil && configuration.minLabels > 1 {
            reader.fail("labels", "expected at least \(configuration.minLabels) labels")
        }
        guard reader.isClean(since: before) else { return nil }
        return configuration.labels.map(\.name).filter(chosen.contains)
    }

    public static let exampleConfiguration: JSONValue = [
        "labels": [
            ["name": "safe", "description": "No policy concern"],
            ["name": "medical_advice", "description": "Gives individual medical advice"],
            ["name": "self_harm", "description": "Mentions or encourages self-harm"],
        ],
        "multiple": true, "min_labels": 1, "max_labels": 2,
    ]

    public static let exampleInput: JSONValue = [
        "text": "Take two of these pills every morning and you'll be fine.",
        "source": "forum",
    ]

    public static let exampleAnswer: JSONValue = ["labels": ["medical_advice"]]
}
