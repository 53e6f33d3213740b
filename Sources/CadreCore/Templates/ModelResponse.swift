/// One model output shown to the expert to compare, rank or correct, with the model that
/// produced it when known (so models can be scored later).
///
/// Input JSON: a bare string `"…"` or `{"content": "…", "model": "gpt-x"}`; normalised to the
/// object form, without `model` when unknown.
public struct ModelResponse: Sendable, Equatable, Hashable {
    /// The text.
    public var content: String
    /// The model that produced it, when known.
    public var model: String?

    public init(content: String, model: String? = nil) {
        self.content = content
        self.model = model
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["content": .string(content)]
        if let model { members["model"] = .string(model) }
        return .object(members)
    }

    /// Reads one response; a missing value is reported as required.
    static func read(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> ModelResponse? {
        guard let value, !value.isNull else {
            reader.fail(path, "required: expected a string or an object with content and model")
            return nil
        }
        if case .string = value {
            return reader.text(value, at: path, required: true).map { ModelResponse(content: $0) }
        }
        guard case .object(let members) = value else {
            reader.fail(path, "expected a string or an object with content and model, got \(value.kindDescription)")
            return nil
        }
        reader.rejectUnknownKeys(members, allowed: ["content", "model"], at: path)
        let content = reader.text(members["content"], at: fieldPath(path, "content"), required: true)
        let model = reader.text(members["model"], at: fieldPath(path, "model"), required: false, maxLength: 200)
        return content.map { ModelResponse(content: $0, model: model) }
    }

    /// Reads the `responses` array of an input object.
    static func readList(
        from input: [String: JSONValue], at path: String, count: ClosedRange<Int>, into reader: inout FieldReader
    ) -> [ModelResponse]? {
        let here = fieldPath(path, "responses")
        guard let elements = reader.array(input["responses"], at: here, required: true, count: count, noun: "responses")
        else { return nil }
        let responses = elements.enumerated().map { index, element in
            read(element, at: fieldPath(here, index), into: &reader)
        }
        let found = responses.compactMap { $0 }
        return found.count == responses.count ? found : nil
    }
}
