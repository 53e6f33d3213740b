/// Bank-specific readers on top of the templates' `FieldReader`, which already collects every
/// problem with its field path.
extension FieldReader {
    /// A finite number in `range`. Integers and fractions are both accepted.
    mutating func number(
        _ value: JSONValue?, at path: String, in range: ClosedRange<Double>, required: Bool
    ) -> Double? {
        guard let value, !value.isNull else {
            if required { fail(path, "required: expected a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound))") }
            return nil
        }
        guard let number = value.doubleValue, number.isFinite else {
            fail(path, "expected a number, got \(value.kindDescription)")
            return nil
        }
        guard range.contains(number) else {
            fail(path, "expected a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound)), got \(Self.show(number))")
            return nil
        }
        return number
    }

    /// A stable identifier: 1–64 lowercase letters, digits, `-` or `_`, starting with a letter
    /// or digit, so it reads the same in a URL, a CSV and a field path.
    mutating func identifier(_ value: JSONValue?, at path: String) -> String? {
        guard let value, !value.isNull else {
            fail(path, "required: expected an identifier")
            return nil
        }
        guard let id = value.stringValue else {
            fail(path, "expected an identifier string, got \(value.kindDescription)")
            return nil
        }
        let scalars = Array(id.unicodeScalars)
        let valid = (1...TemplateLimits.maxNameLength).contains(scalars.count)
            && scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
            && scalars.first.map { $0 != "-" && $0 != "_" } == true
        guard valid else {
            fail(path, "expected an identifier of 1–64 lowercase letters, digits, '-' or '_', got \"\(id)\"")
            return nil
        }
        return id
    }

    /// A list of skill ids, each one of `known`, without repeats.
    mutating func skillList(
        _ value: JSONValue?, at path: String, known: Set<String>, required: Bool
    ) -> [String]? {
        guard let elements = array(value, at: path, required: required, count: (required ? 1 : 0)...Int.max, noun: "skill ids")
        else { return required ? nil : [] }
        var skills: [String] = []
        let before = errors.count
        for (index, element) in elements.enumerated() {
            let elementPath = fieldPath(path, index)
            guard let skill = identifier(element, at: elementPath) else { continue }
            if !known.isEmpty && !known.contains(skill) {
                fail(elementPath, "unknown skill \"\(skill)\"; expected one of the bank's skills: \(known.sorted().joined(separator: ", "))")
            } else if skills.contains(skill) {
                fail(elementPath, "skill \"\(skill)\" is listed twice")
            } else {
                skills.append(skill)
            }
        }
        return isClean(since: before) ? skills : nil
    }

    private static func show(_ number: Double) -> String { TemplateText.number(number) }
}
