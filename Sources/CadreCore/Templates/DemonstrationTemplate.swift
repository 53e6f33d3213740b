/// Write the ideal response to a prompt or conversation. Exports as SFT `messages`.
///
/// - Configuration: `{"min_length": 1, "max_length": 100000}` — both optional, in characters.
/// - Input: `prompt` or `messages` (ending with a user or tool message). Other members are kept
///   as context.
/// - Answer: `{"response": "…"}` — kept exactly as written (the expert's formatting is the
///   data), but it must not be blank.
public enum DemonstrationTemplate: TaskTemplate {
    public static let kind = TemplateKind.demonstration
    public static let summary =
        "Write the ideal assistant response to a prompt or conversation, as an expert would."

    /// A project's validated settings for this kind.
    public struct Configuration: TemplateValue {
        /// Fewest characters accepted.
        public var minLength: Int
        /// Most characters accepted.
        public var maxLength: Int

        public var json: JSONValue {
            ["min_length": .integer(minLength), "max_length": .integer(maxLength)]
        }
    }

    /// One task's validated input.
    public struct Input: TemplateValue {
        /// What the model was asked.
        public var prompt: TaskPrompt
        /// Other input members, kept verbatim.
        public var context: [String: JSONValue]

        public var json: JSONValue {
            mergedInput(context: context, prompt.jsonMembers)
        }
    }

    /// One expert's validated answer.
    public struct Answer: TemplateValue {
        /// The expert's response, as written.
        public var response: String

        public var json: JSONValue { ["response": .string(response)] }
    }

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: ["min_length", "max_length"], at: "")
        let limit = TemplateLimits.maxTextLength
        let minimum = reader.wholeNumber(members["min_length"], at: "min_length", in: 1...limit, required: false) ?? 1
        let maximum = reader.wholeNumber(members["max_length"], at: "max_length", in: 1...limit, required: false) ?? limit
        if minimum > maximum {
            reader.fail("min_length", "expected at most max_length (\(maximum)), got \(minimum)")
        }
        try reader.finish()
        return Configuration(minLength: minimum, maxLength: maximum)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let prompt = TaskPrompt.read(from: members, at: "", required: true, awaitsReply: true, into: &reader)
        try reader.finish()
        guard let prompt else { throw FieldReader.incomplete("prompt") }
        return Input(prompt: prompt, context: context(of: members, excluding: TaskPrompt.keys))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["response"], at: "")
        let response = reader.text(members["response"], at: "response", required: true, maxLength: configuration.maxLength)
        if let response, response.count < configuration.minLength {
            reader.fail("response", "expected at least \(configuration.minLength) characters, got \(response.count)")
        }
        try reader.finish()
        guard let response else { throw FieldReader.incomplete("response") }
        return Answer(response: response)
    }

    public static let exampleConfiguration: JSONValue = ["min_length": 50, "max_length": 8_000]

    public static let exampleInput: JSONValue = [
        "messages": [
            ["role": "user", "content": "Explain what a contract's force majeure clause does, in plain English."],
        ],
        "domain": "law",
    ]

    public static let exampleAnswer: JSONValue = [
        "response":
            "A force majeure clause excuses a party from performing when events beyond its control — such as war, natural disasters or epidemics — make performance impossible or impracticable.",
    ]
}
