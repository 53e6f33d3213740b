/// Correct a model's response and name the kinds of error fixed. Exports as SFT `messages`
/// and DPO (corrected ≻ original); the edit distance between the two is computed with
/// ``EditDistance``.
///
/// - Configuration: `{"error_categories": [name | {name, description}],
///   "categories_required": true}` — both optional.
/// - Input: `prompt` or `messages`, and the model's `response` (a string or
///   `{content, model}`). Other members are kept as context.
/// - Answer: `{"corrected": "…", "error_categories": [name], "rationale": "…"}` —
///   `corrected` is kept exactly as written. When it differs from the original and the project
///   has categories with `categories_required`, at least one category is required; when it
///   is unchanged (the response was already right), categories must be empty.
public enum CorrectionTemplate: TaskTemplate {
    public static let kind = TemplateKind.correction
    public static let summary =
        "Fix a model's response so it is fully correct, and tag the kinds of error that were fixed."

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// Kinds of error an expert can tag.
        public var errorCategories: [NamedOption]
        /// Whether a changed response needs at least one category (when categories exist).
        public var categoriesRequired: Bool

        public var json: JSONValue {
            ["error_categories": .array(errorCategories.map(\.json)), "categories_required": .bool(categoriesRequired)]
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// What the model was asked.
        public var prompt: TaskPrompt
        /// The model output to correct.
        public var response: ModelResponse
        /// Other input members, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(context: context, prompt.jsonMembers.merging(["response": response.json]) { $1 })
        }
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// The corrected response, as written.
        public var corrected: String
        /// Names from the configuration, in configuration order.
        public var errorCategories: [String]
        /// The expert's explanation, trimmed; `nil` when not given.
        public var rationale: String?

        /// Levenshtein distance from the original response, in grapheme clusters.
        public func editDistance(from input: Input) -> Int {
            EditDistance.levenshtein(input.response.content, corrected)
        }

        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "corrected": .string(corrected), "error_categories": .array(errorCategories.map(JSONValue.string)),
            ]
            if let rationale { members["rationale"] = .string(rationale) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["error_categories", "categories_required"], at: "")
        let categories = NamedOption.readList(
            members["error_categories"], at: "error_categories", required: false,
            count: 0...TemplateLimits.maxOptions, noun: "error categories", into: &reader) ?? []
        let required = reader.bool(members["categories_required"], at: "categories_required", default: true)
        try reader.finish()
        return Configuration(errorCategories: categories, categoriesRequired: required)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let prompt = TaskPrompt.read(from: members, at: "", required: true, awaitsReply: true, into: &reader)
        let response = ModelResponse.read(members["response"], at: "response", into: &reader)
        try reader.finish()
        guard let prompt, let response else { throw FieldReader.incomplete("body") }
        return Input(prompt: prompt, response: response, context: context(of: members, excluding: TaskPrompt.keys + ["response"]))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["corrected", "error_categories", "rationale"], at: "")
        let corrected = reader.text(members["corrected"], at: "corrected", required: true)
        let chosen = readCategories(members["error_categories"], configuration: configuration, into: &reader)
        let rationale = TextRequirement.optional.read(members["rationale"], at: "rationale", into: &reader)
        if let corrected, let chosen {
            let unchanged = corrected == input.response.content
            if unchanged && !chosen.isEmpty {
                reader.fail("error_categories", "the response is unchanged; leave error_categories empty or correct the errors")
            } else if !unchanged && chosen.isEmpty && configuration.categoriesRequired
                && !configuration.errorCategories.isEmpty
            {
                reader.fail("error_categories", "required: choose at least one of \(configuration.errorCategories.nameList)")
            }
        }
        try reader.finish()
        guard let corrected, let chosen else { throw FieldReader.incomplete("corrected") }
        return Answer(corrected: corrected, errorCategories: chosen, rationale: rationale)
    }

    private static func readCategories(
        _ value: JSONValue?, configuration: Configuration, into reader: inout FieldReader
    ) -> [String]? {
        let known = configuration.errorCategories
        guard let value, !value.isNull else { return [] }
        guard let entries = reader.array(
            value, at: "error_categories", required: false, count: 0...TemplateLimits.maxOptions, noun: "category names")
        else { return nil }
        var chosen = Set<String>()
        let before = reader.errors.count
        for (index, entry) in entries.enumerated() {
            let path = fieldPath("error_categories", index)
            guard let name = reader.text(entry, at: path, required: true, maxLength: TemplateLimits.maxNameLength) else { continue }
            if !known.contains(where: { $0.name == name }) {
                let expected = known.isEmpty ? "no categories are configured for this project" : "expected one of \(known.nameList)"
                reader.fail(path, "unknown category \"\(name)\"; \(expected)")
            } else if !chosen.insert(name).inserted {
                reader.fail(path, "category \"\(name)\" is listed more than once")
            }
        }
        guard reader.isClean(since: before) else { return nil }
        return known.map(\.name).filter(chosen.contains)
    }

    public static let exampleConfiguration: JSONValue = [
        "error_categories": [
            ["name": "factual", "description": "A claim is false"],
            ["name": "reasoning", "description": "A step does not follow"],
            "style",
        ],
        "categories_required": true,
    ]

    public static let exampleInput: JSONValue = [
        "prompt": "What is 17 × 24?",
        "response": ["model": "model-a", "content": "17 × 24 = 418."],
    ]

    public static let exampleAnswer: JSONValue = [
        "corrected": "17 × 24 = 408.",
        "error_categories": ["factual"],
        "rationale": "17 × 24 = 340 + 68 = 408.",
    ]
}
