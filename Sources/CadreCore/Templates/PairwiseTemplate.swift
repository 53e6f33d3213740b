/// Compare two model responses to the same prompt: which is better and by how much,
/// optionally rated per criterion, with a rationale. Exports as DPO pairs and
/// Bradley–Terry comparisons.
///
/// - Configuration: `{"criteria": [name | {name, description}], "ratings_required": false,
///   "rationale": TextRequirement}` — all optional.
/// - Input: `prompt` or `messages`, and `responses` with exactly two entries (A, then B),
///   each a string or `{content, model}`. Other members are kept as context.
/// - Answer: `{"choice": "A"|"B"|"tie"|"both_bad", "strength": 1–3,
///   "ratings": {criterion: {"A": 1–7, "B": 1–7}}, "rationale": "…"}`.
///   `strength` (1 slightly, 2 clearly, 3 much better) is required for A or B and refused for
///   tie and both_bad, where there is no winner for it to qualify.
public enum PairwiseTemplate: TaskTemplate {
    public static let kind = TemplateKind.pairwise
    public static let summary =
        "Compare two responses to the same prompt: pick the better one (or tie / both bad), say how much better, and explain why."
    /// The scale of per-criterion ratings of each response.
    public static let ratingScale = 1...7
    /// The scale of `strength`.
    public static let strengthScale = 1...3

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// Criteria each response may be rated on, 1–7.
        public var criteria: [NamedOption]
        /// Whether every criterion must be rated for both responses.
        public var ratingsRequired: Bool
        /// How the answer's `rationale` is asked for.
        public var rationale: TextRequirement

        public var json: JSONValue {
            [
                "criteria": .array(criteria.map(\.json)), "ratings_required": .bool(ratingsRequired),
                "rationale": rationale.json,
            ]
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// What the model was asked.
        public var prompt: TaskPrompt
        /// `responses[0]`.
        public var responseA: ModelResponse
        /// `responses[1]`.
        public var responseB: ModelResponse
        /// Other input members, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(
                context: context,
                prompt.jsonMembers.merging(["responses": [responseA.json, responseB.json]]) { $1 })
        }
    }

    /// The expert's verdict.
    public enum Choice: String, Sendable, CaseIterable {
        case a = "A"
        case b = "B"
        case tie
        case bothBad = "both_bad"
    }

    /// One criterion rated for each response on ``ratingScale``.
    public struct CriterionRating: Sendable, Equatable, Hashable {
        /// The rating of response A.
        public var a: Int
        /// The rating of response B.
        public var b: Int
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// Which response is better, or tie / both bad.
        public var choice: Choice
        /// 1–3 when ``choice`` is A or B; `nil` otherwise.
        public var strength: Int?
        /// Keyed by criterion name.
        public var ratings: [String: CriterionRating]
        /// The expert's explanation, trimmed; `nil` when not given.
        public var rationale: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "choice": .string(choice.rawValue),
                "ratings": .object(ratings.mapValues { ["A": .integer($0.a), "B": .integer($0.b)] }),
            ]
            if let strength { members["strength"] = .integer(strength) }
            if let rationale { members["rationale"] = .string(rationale) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["criteria", "ratings_required", "rationale"], at: "")
        let before = reader.errors.count
        let criteria = NamedOption.readList(
            members["criteria"], at: "criteria", required: false, count: 0...TemplateLimits.maxCriteria,
            noun: "criteria", into: &reader) ?? []
        let ratingsRequired = reader.bool(members["ratings_required"], at: "ratings_required", default: false)
        if ratingsRequired && criteria.isEmpty && reader.isClean(since: before) {
            reader.fail("ratings_required", "needs at least one entry in criteria")
        }
        let rationale = TextRequirement.read(members["rationale"], at: "rationale", into: &reader)
        try reader.finish()
        return Configuration(criteria: criteria, ratingsRequired: ratingsRequired, rationale: rationale)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let prompt = TaskPrompt.read(from: members, at: "", required: true, awaitsReply: true, into: &reader)
        let responses = ModelResponse.readList(from: members, at: "", count: 2...2, into: &reader)
        try reader.finish()
        guard let prompt, let responses else { throw FieldReader.incomplete("body") }
        return Input(
            prompt: prompt, responseA: responses[0], responseB: responses[1],
            context: context(of: members, excluding: TaskPrompt.keys + ["responses"]))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["choice", "strength", "ratings", "rationale"], at: "")
        let choice = readChoice(members["choice"], into: &reader)
        var strength: Int?
        if let choice, choice == .a || choice == .b {
            strength = reader.wholeNumber(members["strength"], at: "strength", in: strengthScale, required: true)
        } else if let choice, let given = members["strength"], !given.isNull {
            reader.fail("strength", "only for choice A or B; leave it out for \(choice.rawValue)")
        }
        let ratings = readRatings(members["ratings"], configuration: configuration, into: &reader)
        let rationale = configuration.rationale.read(members["rationale"], at: "rationale", into: &reader)
        try reader.finish()
        guard let choice else { throw FieldReader.incomplete("choice") }
        return Answer(choice: choice, strength: strength, ratings: ratings, rationale: rationale)
    }

    private static func readChoice(_ value: JSONValue?, into reader: inout FieldReader) -> Choice? {
        let expected = "A, B, tie or both_bad"
        guard let value, !value.isNull else {
            reader.fail("choice", "required: expected \(expected)")
            return nil
        }
        guard let text = value.stringValue else {
            reader.fail("choice", "expected \(expected), got \(value.kindDescription)")
            return nil
        }
        // Letters are case-insensitive because keyboards and spreadsheets disagree on case.
        let choice = Choice(rawValue: text.uppercased()) ?? Choice(rawValue: text.lowercased())
        if choice == nil { reader.fail("choice", "expected \(expected), got \"\(text)\"") }
        return choice
    }

    private static func readRatings(
        _ value: JSONValue?, configuration: Configuration, into reader: inout FieldReader
    ) -> [String: CriterionRating] {
        let names = configuration.criteria.map(\.name)
        let given: [String: JSONValue]
        if let value, !value.isNull {
            guard let members = reader.object(value, at: "ratings") else { return [:] }
            given = members
        } else {
            given = [:]
        }
        if names.isEmpty && !given.isEmpty {
            reader.fail("ratings", "this project has no criteria to rate; leave ratings out")
            return [:]
        }
        var ratings: [String: CriterionRating] = [:]
        for key in given.keys.sorted() where !names.contains(key) {
            reader.fail(fieldPath("ratings", key), "unknown criterion; expected one of \(configuration.criteria.nameList)")
        }
        for name in names {
            let path = fieldPath("ratings", name)
            guard let entry = given[name], !entry.isNull else {
                if configuration.ratingsRequired { reader.fail(path, "required: rate A and B from 1 to 7") }
                continue
            }
            guard let sides = reader.object(entry, at: path) else { continue }
            reader.rejectUnknownKeys(sides, allowed: ["A", "B"], at: path)
            let a = reader.wholeNumber(sides["A"], at: fieldPath(path, "A"), in: ratingScale, required: true)
            let b = reader.wholeNumber(sides["B"], at: fieldPath(path, "B"), in: ratingScale, required: true)
            if let a, let b { ratings[name] = CriterionRating(a: a, b: b) }
        }
        return ratings
    }

    public static let exampleConfiguration: JSONValue = [
        "criteria": [
            ["name": "helpfulness", "description": "Does it answer what was asked?"],
            ["name": "accuracy", "description": "Is every claim correct?"],
        ],
        "ratings_required": false,
        "rationale": ["required": true, "min_length": 20],
    ]

    public static let exampleInput: JSONValue = [
        "prompt": "What is the boiling point of water at sea level in Fahrenheit?",
        "responses": [
            ["model": "model-a", "content": "212 °F."],
            ["model": "model-b", "content": "100 °F."],
        ],
    ]

    public static let exampleAnswer: JSONValue = [
        "choice": "A", "strength": 3,
        "ratings": ["accuracy": ["A": 7, "B": 1]],
        "rationale": "B confuses Celsius and Fahrenheit; A is correct and concise.",
    ]
}
