/// An item of a bank as the server holds it: what the candidate sees, its answer key, its IRT
/// parameters and its skill tags.
public struct AssessmentItem: Sendable, Hashable, Identifiable {
    /// Identifier, unique within the bank (items and scenarios share one namespace).
    public var id: String
    /// The question, in Markdown.
    public var stem: String
    /// How the candidate answers, with the key.
    public var answer: AnswerKey
    /// Skills of the bank this item measures.
    public var skills: [String]
    /// IRT parameters: the authors' estimates until calibration replaces them.
    public var parameters: ItemParameters
    /// How long a prepared candidate typically needs, in seconds; the norm for time-per-item
    /// integrity signals. `nil` when unknown.
    public var expectedSeconds: Double?

    /// Creates an item from values that are already known to be valid.
    public init(
        id: String, stem: String, answer: AnswerKey, skills: [String],
        parameters: ItemParameters, expectedSeconds: Double? = nil
    ) {
        self.id = id
        self.stem = stem
        self.answer = answer
        self.skills = skills
        self.parameters = parameters
        self.expectedSeconds = expectedSeconds
    }
}

/// How an item is answered, together with what counts as correct.
public enum AnswerKey: Sendable, Hashable {
    /// Pick one of `options`; exactly one is correct.
    case multipleChoice(options: [ChoiceOption], correctKey: String)
    /// Type a number; correct within an absolute tolerance.
    case numeric(NumericAnswer)

    /// The kind as spelled in a bank file: `multiple_choice` or `numeric`.
    public var kindName: String {
        switch self {
        case .multipleChoice: "multiple_choice"
        case .numeric: "numeric"
        }
    }
}

/// One option of a multiple-choice item.
public struct ChoiceOption: Sendable, Hashable, Codable {
    /// Short label the candidate answers with, such as `A`.
    public var key: String
    /// The option's text, in Markdown.
    public var text: String

    /// Creates an option.
    public init(key: String, text: String) {
        self.key = key
        self.text = text
    }
}

/// The key of a numeric item: answers within `value ± tolerance` are correct.
public struct NumericAnswer: Sendable, Hashable, Codable {
    /// The correct value.
    public var value: Double
    /// Largest accepted absolute difference from `value` (inclusive).
    public var tolerance: Double
    /// Unit the answer is expressed in, shown beside the input; `nil` for a pure number.
    public var unit: String?

    /// Creates a numeric key.
    public init(value: Double, tolerance: Double, unit: String? = nil) {
        self.value = value
        self.tolerance = tolerance
        self.unit = unit
    }
}

/// An item as a candidate may see it: everything but the answer key.
///
/// Pages and API responses for candidates are built from this value, so a key cannot reach
/// them by accident.
public struct ItemPresentation: Sendable, Hashable, Codable {
    /// The item's identifier.
    public var id: String
    /// The question, in Markdown.
    public var stem: String
    /// `multiple_choice` or `numeric`.
    public var kind: String
    /// The options of a multiple-choice item, in bank order; empty for numeric items.
    public var options: [ChoiceOption]
    /// The unit of a numeric item's answer, if it has one.
    public var unit: String?
}

extension AssessmentItem {
    /// What the candidate is shown.
    public var presentation: ItemPresentation {
        switch answer {
        case let .multipleChoice(options, _):
            ItemPresentation(id: id, stem: stem, kind: answer.kindName, options: options, unit: nil)
        case let .numeric(key):
            ItemPresentation(id: id, stem: stem, kind: answer.kindName, options: [], unit: key.unit)
        }
    }
}
