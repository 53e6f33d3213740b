/// A validated, normalised value a template produces — a configuration, a task input or an
/// answer — with the JSON form the server stores.
///
/// Normalising is idempotent: validating a value's ``json`` again gives an equal value.
public protocol TemplateValue: Sendable, Equatable {
    /// The normalised JSON form: defaults filled in, shorthands expanded, text trimmed where
    /// the template says so.
    var json: JSONValue { get }
}

/// One kind of task an expert can do (pairwise comparison, ranking, …): the one place that
/// validates a project's configuration, a task's input and an expert's answer for that kind.
///
/// Every validation collects all problems it finds and throws them together as a
/// ``ValidationFailure`` whose field paths are relative to the JSON passed in
/// (`responses[1].content`, `ratings.helpfulness.A`).
public protocol TaskTemplate: Sendable {
    associatedtype Configuration: TemplateValue
    associatedtype Input: TemplateValue
    associatedtype Answer: TemplateValue

    static var kind: TemplateKind { get }
    /// One sentence for clients choosing a template.
    static var summary: String { get }
    /// A valid configuration, as documentation and as a starting point in the web UI.
    static var exampleConfiguration: JSONValue { get }
    /// A valid task input under ``exampleConfiguration``.
    static var exampleInput: JSONValue { get }
    /// A valid answer to ``exampleInput`` under ``exampleConfiguration``.
    static var exampleAnswer: JSONValue { get }

    /// Validates a project's template configuration; `null` means all defaults.
    static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration
    /// Validates one task's input under a project's configuration.
    static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input
    /// Validates an expert's answer to `input` under a project's configuration.
    static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer
}

extension TaskTemplate {
    /// Input members other than `known`, kept verbatim so clients can show extra context
    /// (a source, a category) beside the task.
    static func context(of input: [String: JSONValue], excluding known: [String]) -> [String: JSONValue] {
        input.filter { !known.contains($0.key) }
    }

    /// A configuration object's members; `null` stands for `{}` so every default applies.
    static func configurationMembers(_ json: JSONValue) throws(ValidationFailure) -> [String: JSONValue] {
        json.isNull ? [:] : try FieldReader.topLevelObject(json)
    }
}

/// Merges an input's context with the members the template recognised; recognised members win.
func mergedInput(context: [String: JSONValue], _ members: [String: JSONValue]) -> JSONValue {
    .object(context.merging(members) { _, recognised in recognised })
}
