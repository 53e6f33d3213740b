import Foundation

/// Reads fields out of untrusted JSON and records every problem instead of stopping at the
/// first, so a client can fix a whole request in one round trip.
///
/// A member that is absent and one that is `null` are treated alike: both are "missing".
struct FieldReader {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Throws every recorded problem, or returns when there are none.
    func finish() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// Whether nothing has been recorded since `count` problems were known; lets a caller skip
    /// cross-field checks whose inputs were already reported as broken.
    func isClean(since count: Int) -> Bool { errors.count == count }

    // MARK: Structure

    /// The members of a top-level object. Anything else fails at once: no field can be read
    /// from it.
    static func topLevelObject(_ json: JSONValue, name: String = "body") throws(ValidationFailure) -> [String: JSONValue] {
        guard let members = json.objectValue else {
            throw ValidationFailure(field: name, message: "expected an object, got \(json.kindDescription)")
        }
        return members
    }

    /// Guards the invariant that a reader which recorded no problem produced every value;
    /// a breach is reported rather than crashing the server.
    static func incomplete(_ field: String) -> ValidationFailure {
        ValidationFailure(field: field, message: "could not be read")
    }

    /// The members of an object; a missing or non-object value is recorded and gives `nil`.
    mutating func object(_ value: JSONValue?, at path: String) -> [String: JSONValue]? {
        guard let value, !value.isNull else {
            fail(path.isEmpty ? "body" : path, "required: expected an object")
            return nil
        }
        guard let members = value.objectValue else {
            fail(path.isEmpty ? "body" : path, "expected an object, got \(value.kindDescription)")
            return nil
        }
        return members
    }

    /// Records each member whose name is not in `allowed`, naming the ones that are.
    mutating func rejectUnknownKeys(
        _ members: [String: JSONValue], allowed: [String], at path: String
    ) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            fail(
                fieldPath(path, key),
                "unknown field; expected only \(allowed.joined(separator: ", "))")
        }
    }

    /// The elements of an array whose length lies in `count`.
    mutating func array(
        _ value: JSONValue?, at path: String, required: Bool, count: ClosedRange<Int>,
        noun: String = "entries"
    ) -> [JSONValue]? {
        guard let value, !value.isNull else {
            if required { fail(path, "required: expected an array of \(noun)") }
            return nil
        }
        guard let elements = value.arrayValue else {
            fail(path, "expected an array of \(noun), got \(value.kindDescription)")
            return nil
        }
        guard count.contains(elements.count) else {
            fail(path, "expected \(describe(count, noun)), got \(elements.count)")
            return nil
        }
        return elements
    }

    // MARK: Scalars

    /// A string of at most `maxLength` characters (grapheme clusters). Unless `allowBlank`,
    /// text made only of whitespace is refused as if missing.
    mutating func text(
        _ value: JSONValue?, at path: String, required: Bool, allowBlank: Bool = false,
        maxLength: Int = TemplateLimits.maxTextLength
    ) -> String? {
        guard let value, !value.isNull else {
            if required { fail(path, "required: expected text") }
            return nil
        }
        guard let text = value.stringValue else {
            fail(path, "expected a string, got \(value.kindDescription)")
            return nil
        }
        if !allowBlank && TemplateText.isBlank(text) {
            fail(path, required ? "required: expected non-empty text" : "expected non-empty text or no value")
            return nil
        }
        let length = TemplateText.characterCount(text, upTo: maxLength)
        if length > maxLength {
            fail(path, "expected at most \(maxLength) characters, got more")
            return nil
        }
        return text
    }

    /// A whole number (`2` or `2.0`, not `2.5`) in `range`.
    mutating func wholeNumber(
        _ value: JSONValue?, at path: String, in range: ClosedRange<Int>, required: Bool
    ) -> Int? {
        guard let value, !value.isNull else {
            if required { fail(path, "required: expected a whole number from \(range.lowerBound) to \(range.upperBound)") }
            return nil
        }
        guard let number = value.intValue, range.contains(number) else {
            let got = value.doubleValue.map(TemplateText.number) ?? value.kindDescription
            fail(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(got)")
            return nil
        }
        return number
    }

    /// A boolean, or `defaultValue` when missing.
    mutating func bool(_ value: JSONValue?, at path: String, default defaultValue: Bool) -> Bool {
        guard let value, !value.isNull else { return defaultValue }
        guard let flag = value.boolValue else {
            fail(path, "expected true or false, got \(value.kindDescription)")
            return defaultValue
        }
        return flag
    }

    /// A required boolean.
    mutating func requiredBool(_ value: JSONValue?, at path: String) -> Bool? {
        guard let value, !value.isNull else {
            fail(path, "required: expected true or false")
            return nil
        }
        guard let flag = value.boolValue else {
            fail(path, "expected true or false, got \(value.kindDescription)")
            return nil
        }
        return flag
    }

    /// A name used as a key in answers and exports (criteria, labels, error categories):
    /// 1–64 letters, digits, `_` or `-`, so it reads unambiguously in a field path.
    mutating func name(_ value: JSONValue?, at path: String) -> String? {
        guard let name = text(value, at: path, required: true, maxLength: TemplateLimits.maxNameLength)
        else { return nil }
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-")
        }
        guard allowed else {
            fail(path, "expected a name of letters, digits, '_' or '-', got \"\(name)\"")
            return nil
        }
        return name
    }

    private func describe(_ count: ClosedRange<Int>, _ noun: String) -> String {
        if count.lowerBound == count.upperBound { return "exactly \(count.lowerBound) \(noun)" }
        if count.upperBound == Int.max { return "at least \(count.lowerBound) \(noun)" }
        return "\(count.lowerBound) to \(count.upperBound) \(noun)"
    }
}

/// `base.key`, or just `key` at the top level.
func fieldPath(_ base: String, _ key: String) -> String {
    base.isEmpty ? key : "\(base).\(key)"
}

/// `base[index]`.
func fieldPath(_ base: String, _ index: Int) -> String {
    "\(base)[\(index)]"
}

/// Text helpers for template validation, kept in one namespace so they cannot collide with
/// extensions elsewhere in the module.
enum TemplateText {
    /// `true` when the text has no characters other than whitespace and newlines.
    static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0.isWhitespace || $0.isNewline }
    }

    /// The text without leading and trailing whitespace and newlines.
    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The number of characters, counting no further than `limit + 1` so that checking a
    /// huge string against a limit costs O(limit), not O(length).
    static func characterCount(_ text: String, upTo limit: Int) -> Int {
        // A character is at least one UTF-8 byte, so a short byte count settles it at once.
        if text.utf8.count <= limit { return text.count }
        var counted = 0
        for _ in text {
            counted += 1
            if counted > limit { break }
        }
        return counted
    }

    /// `3` rather than `3.0` for whole values, for error messages.
    static func number(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return String(whole) }
        return String(value)
    }
}
