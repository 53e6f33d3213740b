import Foundation

/// The outcome of scoring a candidate's raw answer to an item.
public enum AnswerVerdict: Sendable, Hashable {
    /// The answer is the key, or within the numeric tolerance.
    case correct
    /// A readable answer that is wrong.
    case incorrect
    /// The answer cannot be read as an answer to this item (not a number, not an option);
    /// the interview asks again rather than scoring it wrong.
    case unreadable(reason: String)

    /// Whether the answer is scored correct; unreadable answers are not.
    public var isCorrect: Bool { self == .correct }
}

extension AssessmentItem {
    /// Scores a candidate's raw answer: an option key for multiple choice (ignoring case and
    /// surrounding spaces), or a number typed as text for numeric items (see
    /// `NumericAnswer.read(_:unit:)`).
    public func score(_ rawAnswer: String) -> AnswerVerdict {
        switch answer {
        case let .multipleChoice(options, correctKey):
            let given = TemplateText.trimmed(rawAnswer)
            guard let chosen = options.first(where: { $0.key.caseInsensitiveCompare(given) == .orderedSame }) else {
                let keys = options.map(\.key).joined(separator: ", ")
                return .unreadable(reason: "expected one of the options \(keys), got \"\(given)\"")
            }
            return chosen.key == correctKey ? .correct : .incorrect
        case let .numeric(key):
            switch NumericAnswer.read(rawAnswer, unit: key.unit) {
            case let .success(number): return key.accepts(number) ? .correct : .incorrect
            case let .failure(problem): return .unreadable(reason: problem.reason)
            }
        }
    }
}

extension NumericAnswer {
    /// Whether `number` is within the tolerance of the key.
    ///
    /// A relative slack of a few ulps is added, so that a key of 0.3 ± 0.1 accepts 0.4 although
    /// `0.4 − 0.3` is slightly above `0.1` in binary floating point.
    public func accepts(_ number: Double) -> Bool {
        guard number.isFinite else { return false }
        let slack = 4 * Double.ulpOfOne * max(abs(value), abs(number), tolerance, 1)
        return abs(number - value) <= tolerance + slack
    }
}
