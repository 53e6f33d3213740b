/// Why a model's reply cannot be used, in words that go into the interview report as the
/// reason the embedded score was kept.
public enum LLMReplyError: Error, Sendable, Hashable {
    /// The reply is not one JSON document (after removing a Markdown code fence).
    case notJSON(reason: String)
    /// The document is not an object with a `criteria` array.
    case missingCriteriaArray
    /// Element `index` (0-based) of `criteria` is not an object.
    case criterionNotAnObject(index: Int)
    /// Element `index` of `criteria` has no string `id`.
    case missingID(index: Int)
    /// The reply judges a criterion the rubric does not have.
    case unknownCriterion(id: String)
    /// The reply judges a criterion more than once.
    case duplicateCriterion(id: String)
    /// The reply leaves criteria unjudged.
    case missingCriteria(ids: [String])
    /// `met` is absent or not `true`/`false`.
    case metNotBoolean(id: String)
    /// `evidence` is present but not a string.
    case evidenceNotString(id: String)
    /// `evidence` is longer than the limit.
    case evidenceTooLong(id: String, length: Int, limit: Int)
    /// A follow-up reply with no question in it.
    case emptyQuestion
    /// A follow-up reply longer than the limit.
    case questionTooLong(length: Int, limit: Int)
    /// A follow-up reply that asks several questions where one was asked for.
    case severalQuestions(count: Int)
}

extension LLMReplyError: CustomStringConvertible {
    /// A sentence a person reading the report can act on.
    public var description: String {
        switch self {
        case let .notJSON(reason): "not JSON (\(reason))"
        case .missingCriteriaArray: "expected an object with a \"criteria\" array"
        case let .criterionNotAnObject(index): "criteria[\(index)] is not an object"
        case let .missingID(index): "criteria[\(index)] has no string \"id\""
        case let .unknownCriterion(id): "unknown criterion id \"\(id)\""
        case let .duplicateCriterion(id): "criterion \"\(id)\" is judged more than once"
        case let .missingCriteria(ids): "criteria not judged: " + ids.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .metNotBoolean(id): "criterion \"\(id)\": \"met\" must be true or false"
        case let .evidenceNotString(id): "criterion \"\(id)\": \"evidence\" must be a string"
        case let .evidenceTooLong(id, length, limit): "criterion \"\(id)\": evidence has \(length) characters, more than \(limit)"
        case .emptyQuestion: "the follow-up question is empty"
        case let .questionTooLong(length, limit): "the follow-up question has \(length) characters, more than \(limit)"
        case let .severalQuestions(count): "\(count) questions where one was asked for"
        }
    }
}
