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
    /// The value as compact JSON with object keys sorted, so equal values give equal bytes.
    ///
    /// Never fails for values built from decoded JSON; non-finite numbers (which JSON cannot
    /// express) are written as `null`.
    public func encodedData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self.replacingNonFiniteNumbers())) ?? Data("null".utf8)
    }

    /// ``encodedData()`` as a string.
    public var jsonText: String {
        String(decoding: encodedData(), as: UTF8.self)
    }

    private func replacingNonFiniteNumbers() -> JSONValue {
        switch self {
        case .number(let value) where !value.isFinite:
            return .null
        case .array(let elements):
            return .array(elements.map { $0.replacingNonFiniteNumbers() })
        case .object(let members):
            return .object(members.mapValues { $0.replacingNonFiniteNumbers() })
        default:
            return self
        }
    }
}
