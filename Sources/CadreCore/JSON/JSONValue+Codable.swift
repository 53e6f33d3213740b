import Foundation

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// The value as compact JSON with object keys sorted, so equal values give equal bytes:
    /// the bytes `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`, written
    /// directly (``JSONWriter``), since every answer is stored this way.
    ///
    /// Non-finite numbers (which JSON cannot express) are written as `null`.
    public func encodedData() -> Data {
        Data(writer().bytes)
    }

    /// ``encodedData()`` as a string.
    public var jsonText: String {
        writer().text
    }

    private func writer() -> JSONWriter {
        var writer = JSONWriter(escapingSlashes: false)
        writer.value(self)
        return writer
    }
}
