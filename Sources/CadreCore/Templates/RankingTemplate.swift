/// Order N model responses to one prompt from best to worst, ties allowed, with a rationale.
/// Exports as implied pairs (DPO) and listwise Plackett–Luce rankings.
///
/// - Configuration: `{"min_responses": 2, "max_responses": 10, "allow_ties": true,
///   "rationale": TextRequirement}` — all optional.
/// - Input: `prompt` or `messages`, and `responses` (strings or `{content, model}`), between
///   `min_responses` and `max_responses` of them. Other members are kept as context.
/// - Answer: `{"ranking": [[0], [2, 1]], "rationale": "…"}` — places from best to worst, each
///   place a list of 0-based response indices tied there; a place holding one response may be
///   a bare index (`[0, [2, 1]]`, or `[0, 2, 1]` with no ties). Every response appears
///   exactly once. Normalised to lists with indices ascending inside each place.
public enum RankingTemplate: TaskTemplate {
    public static let kind = TemplateKind.ranking
    public static let summary =
        "Order several responses to the same prompt from best to worst, with ties where they are equally good."

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// Fewest responses a task may have.
        public var minResponses: Int
        /// Most responses a task may have.
        public var maxResponses: Int
        /// Whether several responses may share a place.
        public var allowTies: Bool
        /// How the answer's `rationale` is asked for.
        public var rationale: TextRequirement

        public var json: JSONValue {
            [
                "min_responses": .integer(minResponses), "max_responses": .integer(maxResponses),
                "allow_ties": .bool(allowTies), "rationale": rationale.json,
            ]
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// What the model was asked.
        public var prompt: TaskPrompt
        /// The responses to rank, in input order (answers refer to them by index).
        public var responses: [ModelResponse]
        /// Other input members, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(
                context: context,
                prompt.jsonMembers.merging(["responses": .array(responses.map(\.json))]) { $1 })
        }
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// Places from best to worst; each holds the indices of the responses tied there.
        public var places: [[Int]]
        /// The expert's explanation, trimmed; `nil` when not given.
        public var rationale: String?

        /// For each response index, its place (0 = best).
        public var placeOfResponse: [Int] {
            var result = [Int](repeating: 0, count: places.reduce(0) { $0 + $1.count })
            for (place, group) in places.enumerated() {
                for index in group { result[index] = place }
            }
            return result
        }

        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "ranking": .array(places.map { .array($0.map(JSONValue.integer)) })
            ]
            if let rationale { members["rationale"] = .string(rationale) }
            return .object(members)
        }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["min_responses", "max_responses", "allow_ties", "rationale"], at: "")
        let limit = TemplateLimits.maxResponses
        let minimum = reader.wholeNumber(members["min_responses"], at: "min_responses", in: 2...limit, required: false) ?? 2
        let maximum = reader.wholeNumber(members["max_responses"], at: "max_responses", in: 2...limit, required: false)
            ?? max(10, minimum)
        if minimum > maximum {
            reader.fail("min_responses", "expected at most max_responses (\(maximum)), got \(minimum)")
        }
        let allowTies = reader.bool(members["allow_ties"], at: "allow_ties", default: true)
        let rationale = TextRequirement.read(members["rationale"], at: "rationale", into: &reader)
        try reader.finish()
        return Configuration(minResponses: minimum, maxResponses: maximum, allowTies: allowTies, rationale: rationale)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let prompt = TaskPrompt.read(from: members, at: "", required: true, awaitsReply: true, into: &reader)
        let responses = ModelResponse.readList(
            from: members, at: "", count: configuration.minResponses...configuration.maxResponses, into: &reader)
        try reader.finish()
        guard let prompt, let responses else { throw FieldReader.incomplete("body") }
        return Input(
            prompt: prompt, responses: responses,
            context: context(of: members, excluding: TaskPrompt.keys + ["responses"]))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["ranking", "rationale"], at: "")
        let places = readPlaces(members["ranking"], count: input.responses.count, configuration: configuration, into: &reader)
        let rationale = configuration.rationale.read(members["rationale"], at: "rationale", into: &reader)
        try reader.finish()
        guard let places else { throw FieldReader.incomplete("ranking") }
        return Answer(places: places, rationale: rationale)
    }

    private static func readPlaces(
        _ value: JSONValue?, count: Int, configuration: Configuration, into reader: inout FieldReader
    ) -> [[Int]]? {
        let before = reader.errors.count
        guard let entries = reader.array(value, at: "ranking", required: true, count: 1...count, noun: "places")
        else { return nil }
        let indices = 0...(count - 1)
        var seen = Set<Int>()
        var places: [[Int]] = []
        for (place, entry) in entries.enumerated() {
            let path = fieldPath("ranking", place)
            // A bare index is a place of its own; a list is a tie.
            let members: [(JSONValue, String)]
            if let list = entry.arrayValue {
                guard !list.isEmpty else {
                    reader.fail(path, "expected at least one response index in each place")
                    continue
                }
                members = list.enumerated().map { ($1, fieldPath(path, $0)) }
            } else {
                members = [(entry, path)]
            }
            if members.count > 1 && !configuration.allowTies {
                reader.fail(path, "ties are not allowed in this project; give each response its own place")
            }
            var group: [Int] = []
            for (member, memberPath) in members {
                guard let index = reader.wholeNumber(member, at: memberPath, in: indices, required: true) else { continue }
                if seen.insert(index).inserted {
                    group.append(index)
                } else {
                    reader.fail(memberPath, "response \(index) is ranked more than once")
                }
            }
            places.append(group.sorted())
        }
        let missing = indices.filter { !seen.contains($0) }
        if !missing.isEmpty && reader.isClean(since: before) {
            let list = missing.map(String.init).joined(separator: ", ")
            reader.fail("ranking", "every response must be ranked; missing response \(list)")
        }
        return reader.isClean(since: before) ? places : nil
    }

    public static let exampleConfiguration: JSONValue = [
        "min_responses": 3, "max_responses": 5, "allow_ties": true,
        "rationale": ["required": false],
    ]

    public static let exampleInput: JSONValue = [
        "messages": [
            ["role": "system", "content": "You are a careful physics tutor."],
            ["role": "user", "content": "Why is the sky blue?"],
        ],
        "responses": [
            ["model": "model-a", "content": "Rayleigh scattering: shorter wavelengths scatter more strongly."],
            ["model": "model-b", "content": "Because it reflects the ocean."],
            ["model": "model-c", "content": "Air scatters blue light more than red light."],
        ],
    ]

    public static let exampleAnswer: JSONValue = [
        "ranking": [[0, 2], [1]],
        "rationale": "A and C are both right; B repeats a myth.",
    ]
}
