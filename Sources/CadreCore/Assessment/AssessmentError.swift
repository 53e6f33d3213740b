/// Errors of the assessment core, each carrying what a person needs to correct the input.
public enum AssessmentError: Error, Sendable, Hashable {
    /// A response names an item that is not in the bank.
    case unknownItem(id: String)
    /// A response names an item the session has already scored.
    case itemAlreadyAdministered(id: String)
    /// A response names an item excluded from this session (seen in an earlier attempt).
    case itemExcluded(id: String)
    /// A response arrived after the test had stopped.
    case testFinished(StopReason)
    /// The response table's header is not `person,item,correct`.
    case malformedHeader(found: String)
    /// A line of the response table cannot be read; `line` is 1-based and counts the header.
    case malformedLine(line: Int, reason: String)
}

extension AssessmentError: CustomStringConvertible {
    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case let .unknownItem(id): "item \(id) is not in this bank"
        case let .itemAlreadyAdministered(id): "item \(id) has already been answered in this session"
        case let .itemExcluded(id): "item \(id) was seen in an earlier attempt and is excluded"
        case let .testFinished(reason): "the test has already stopped (\(reason.rawValue))"
        case let .malformedHeader(found): "expected the header person,item,correct but found \(found)"
        case let .malformedLine(line, reason): "line \(line): \(reason)"
        }
    }
}
