/// A template kind bound to one project's validated configuration: validates that project's
/// task inputs and answers, returning the normalised JSON to store.
public struct ConfiguredTemplate: Sendable {
    public let kind: TemplateKind
    /// The normalised configuration.
    public let configuration: JSONValue

    private let inputCheck: @Sendable (JSONValue) throws(ValidationFailure) -> JSONValue
    private let answerCheck: @Sendable (JSONValue, JSONValue) throws(ValidationFailure) -> JSONValue

    /// Validates `configuration` for `template`.
    public init(_ template: any TaskTemplate.Type, configuration: JSONValue) throws(ValidationFailure) {
        self = try Self.make(template, configuration)
    }

    private init(
        kind: TemplateKind, configuration: JSONValue,
        inputCheck: @escaping @Sendable (JSONValue) throws(ValidationFailure) -> JSONValue,
        answerCheck: @escaping @Sendable (JSONValue, JSONValue) throws(ValidationFailure) -> JSONValue
    ) {
        self.kind = kind
        self.configuration = configuration
        self.inputCheck = inputCheck
        self.answerCheck = answerCheck
    }

    private static func make<T: TaskTemplate>(_ template: T.Type, _ json: JSONValue) throws(ValidationFailure) -> ConfiguredTemplate {
        let configuration = try T.validateConfiguration(json)
        return ConfiguredTemplate(
            kind: T.kind,
            configuration: configuration.json,
            inputCheck: { (input) throws(ValidationFailure) -> JSONValue in
                try T.validateInput(input, configuration: configuration).json
            },
            answerCheck: { (answer, input) throws(ValidationFailure) -> JSONValue in
                let task: T.Input
                do throws(ValidationFailure) {
                    task = try T.validateInput(input, configuration: configuration)
                } catch {
                    throw error.prefixed("input")
                }
                return try T.validateAnswer(answer, configuration: configuration, input: task).json
            })
    }

    /// Validates one task's input and returns its normalised JSON.
    public func validateInput(_ json: JSONValue) throws(ValidationFailure) -> JSONValue {
        try inputCheck(json)
    }

    /// Validates an answer to a task whose (stored) input is `input`, and returns the
    /// normalised answer.
    public func validateAnswer(_ json: JSONValue, input: JSONValue) throws(ValidationFailure) -> JSONValue {
        try answerCheck(json, input)
    }
}
