/// One entry of a configured list the expert chooses from or rates against: a pairwise
/// criterion, a classification label, a correction error category.
///
/// JSON: a bare name `"helpfulness"` or `{"name": "helpfulness", "description": "…"}`;
/// normalised to the object form.
public struct NamedOption: Sendable, Equatable, Hashable {
    /// The key answers and exports use (letters, digits, `_`, `-`; at most 64 characters).
    public var name: String
    /// Guidance shown to the expert.
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }

    /// The normalised configuration form.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name)]
        if let description { members["description"] = .string(description) }
        return .object(members)
    }

    /// Reads one entry; `extraKeys` are further members the caller reads itself.
    static func read(
        _ value: JSONValue, at path: String, extraKeys: [String] = [], into reader: inout FieldReader
    ) -> NamedOption? {
        if case .string = value {
            return reader.name(value, at: path).map { NamedOption(name: $0) }
        }
        guard let members = reader.object(value, at: path) else { return nil }
        reader.rejectUnknownKeys(members, allowed: ["name", "description"] + extraKeys, at: path)
        let name = reader.name(members["name"], at: fieldPath(path, "name"))
        let description = reader.text(
            members["description"], at: fieldPath(path, "description"), required: false,
            maxLength: TemplateLimits.maxDescriptionLength)
        return name.map { NamedOption(name: $0, description: description) }
    }

    /// Reads a list of entries with distinct names.
    static func readList(
        _ value: JSONValue?, at path: String, required: Bool, count: ClosedRange<Int>, noun: String,
        into reader: inout FieldReader
    ) -> [NamedOption]? {
        guard let elements = reader.array(value, at: path, required: required, count: count, noun: noun)
        else { return nil }
        let options = elements.enumerated().map { index, element in
            read(element, at: fieldPath(path, index), into: &reader)
        }
        checkDistinct(options.map { $0?.name }, at: path, into: &reader)
        let found = options.compactMap { $0 }
        return found.count == options.count ? found : nil
    }

    /// Records each name that repeats an earlier one.
    static func checkDistinct(_ names: [String?], at path: String, into reader: inout FieldReader) {
        var seen = Set<String>()
        for (index, name) in names.enumerated() {
            guard let name else { continue }
            if !seen.insert(name).inserted {
                reader.fail(fieldPath(fieldPath(path, index), "name"), "duplicate name \"\(name)\"; names must be distinct")
            }
        }
    }
}

extension Array where Element == NamedOption {
    /// The names, comma-separated, for error messages (long lists are cut short).
    var nameList: String {
        let names = map(\.name)
        let shown = names.prefix(20).joined(separator: ", ")
        return names.count > 20 ? "\(shown), … (\(names.count) in all)" : shown
    }
}
