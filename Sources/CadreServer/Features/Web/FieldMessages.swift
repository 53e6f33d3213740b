import CadreCore

/// A form's errors by field, so each message can sit next to its input. Field names from the
/// API (`languages[0]`, `expected_rate.amount_minor`) are folded into the form's fields.
struct FieldMessages: Encodable {
    var byField: [String: String] = [:]
    /// Errors that belong to no field on the form.
    var general: [String] = []
    var hasAny = false

    init() {}

    init(_ problem: Problem) {
        for error in problem.fieldErrors {
            let field = Self.formField(error.field)
            if field.isEmpty {
                general.append(error.message)
            } else if byField[field] == nil {
                byField[field] = error.message
            }
        }
        hasAny = true
    }

    static func formField(_ apiField: String) -> String {
        let base = String(apiField.prefix { $0 != "[" && $0 != "." })
        switch base {
        case "expected_rate": return "rate"
        case "body": return "resume"
        default: return base
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for (field, message) in byField { try container.encode(message, forKey: DynamicKey(field)) }
        try container.encode(general, forKey: DynamicKey("general"))
        try container.encode(hasAny, forKey: DynamicKey("hasAny"))
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
