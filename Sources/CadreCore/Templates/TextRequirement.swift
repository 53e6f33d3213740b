/// How a project asks for a free-text field of an answer such as a pairwise `rationale` or a
/// rating `comment`: whether it must be given and how long it must be.
///
/// JSON: `{"required": false, "min_length": 0, "max_length": 100000}`; every member is
/// optional. A `min_length` above zero implies `required`.
public struct TextRequirement: Sendable, Equatable, Hashable {
    /// Whether the answer must include it.
    public var required: Bool
    /// Minimum characters after trimming surrounding whitespace.
    public var minLength: Int
    /// Most characters accepted.
    public var maxLength: Int

    public init(required: Bool = false, minLength: Int = 0, maxLength: Int = TemplateLimits.maxTextLength) {
        self.required = required || minLength > 0
        self.minLength = minLength
        self.maxLength = maxLength
    }

    /// The optional, unbounded-below default.
    public static let optional = TextRequirement()

    /// The normalised configuration form.
    public var json: JSONValue {
        ["required": .bool(required), "min_length": .integer(minLength), "max_length": .integer(maxLength)]
    }

    /// Reads a requirement from configuration; missing means ``optional``.
    static func read(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> TextRequirement {
        guard let value, !value.isNull else { return .optional }
        guard let members = reader.object(value, at: path) else { return .optional }
        reader.rejectUnknownKeys(members, allowed: ["required", "min_length", "max_length"], at: path)
        let limit = TemplateLimits.maxTextLength
        let required = reader.bool(members["required"], at: fieldPath(path, "required"), default: false)
        let minLength = reader.wholeNumber(
            members["min_length"], at: fieldPath(path, "min_length"), in: 0...limit, required: false) ?? 0
        let maxLength = reader.wholeNumber(
            members["max_length"], at: fieldPath(path, "max_length"), in: 1...limit, required: false) ?? limit
        if minLength > maxLength {
            reader.fail(fieldPath(path, "min_length"), "expected at most max_length (\(maxLength)), got \(minLength)")
        }
        return TextRequirement(required: required, minLength: minLength, maxLength: maxLength)
    }

    /// Reads the answer's text under this requirement; returns it trimmed, or `nil` when it
    /// was absent or blank and not required.
    func read(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> String? {
        guard let raw = reader.text(value, at: path, required: required, allowBlank: true, maxLength: maxLength)
        else { return nil }
        let text = TemplateText.trimmed(raw)
        if text.isEmpty {
            if required { reader.fail(path, "required: expected non-empty text") }
            return nil
        }
        let length = text.count
        if length < minLength {
            reader.fail(path, "expected at least \(minLength) characters, got \(length)")
            return nil
        }
        return text
    }
}
