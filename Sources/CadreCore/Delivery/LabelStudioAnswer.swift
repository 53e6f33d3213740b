/// Reads one Label Studio annotation (or prediction) — its `result` regions — as an answer in
/// a Cadre template's format: the reverse of ``LabelStudioLayout``'s results, and also the
/// tags Label Studio's own templates use for the same kinds of work.
///
/// - classification: every `choices` region's values → `labels`.
/// - pairwise: a `pairwise` region (`selected` left / right) or a `choices` region of
///   A / B / tie / both_bad (also left / right) → `choice`; a region named `strength`
///   (1–3) → `strength`, which Label Studio does not otherwise record.
/// - rating: each `rating` (or `number`) region, by its `from_name`, → that criterion's score;
///   a `textarea` → `comment`.
/// - demonstration: a `textarea` → `response`; correction: a `textarea` → `corrected` and
///   `choices` → `error_categories`.
///
/// Regions the kind has no place for come back as ``Reading/unused``, so the import reports
/// them instead of dropping them.
struct LabelStudioAnswer {
    let kind: TemplateKind

    /// What one annotation became.
    struct Reading {
        var answer: [String: JSONValue] = [:]
        /// Regions left out, each with its index in `result` and why.
        var unused: [(index: Int, reason: String)] = []
        /// Whether `strength` was assumed because the annotation did not carry one.
        var assumedStrength = false
    }

    /// The strength a pairwise preference gets when Label Studio gave none: "clearly better".
    static let assumedStrength = 2

    func read(_ result: [JSONValue]) -> Reading {
        var reading = Reading()
        var strengthGiven = false
        for (index, region) in result.enumerated() {
            let type = region["type"]?.stringValue?.lowercased() ?? ""
            let name = region["from_name"]?.stringValue ?? ""
            let value = region["value"] ?? .null
            if kind == .pairwise, name.lowercased() == "strength", let strength = Self.number(value) {
                reading.answer["strength"] = .integer(strength)
                strengthGiven = true
                continue
            }
            if let reason = take(type: type, name: name, value: value, into: &reading.answer) {
                reading.unused.append((index, reason))
            }
        }
        if kind == .pairwise, !strengthGiven, let choice = reading.answer["choice"]?.stringValue, choice == "A" || choice == "B" {
            reading.answer["strength"] = .integer(Self.assumedStrength)
            reading.assumedStrength = true
        }
        return reading
    }

    /// Puts one region into the answer; returns why not when the kind has no place for it.
    private func take(type: String, name: String, value: JSONValue, into answer: inout [String: JSONValue]) -> String? {
        let texts = value["text"]?.arrayValue?.compactMap(\.stringValue) ?? value["text"]?.stringValue.map { [$0] }
        let choices = value["choices"]?.arrayValue?.compactMap(\.stringValue)
        switch (kind, type) {
        case (.classification, "choices"):
            guard let choices else { return "a choices region without choices" }
            answer["labels"] = .array((answer["labels"]?.arrayValue ?? []) + choices.map(JSONValue.string))
        case (.pairwise, "pairwise"):
            switch value["selected"]?.stringValue {
            case "left": answer["choice"] = "A"
            case "right": answer["choice"] = "B"
            default: return "a pairwise region whose selected is neither left nor right"
            }
        case (.pairwise, "choices"):
            guard let choices, choices.count == 1, let choice = Self.pairwiseChoice(choices[0]) else {
                return "choices \(choices ?? []) are not one of A, B, tie, both_bad"
            }
            answer["choice"] = .string(choice)
        case (.rating, "rating"), (.rating, "number"):
            guard let score = Self.number(value) else { return "a \(type) region without a whole-number \(type)" }
            var scores = answer["scores"]?.objectValue ?? [:]
            scores[name] = .integer(score)
            answer["scores"] = .object(scores)
        case (.rating, "textarea"):
            answer["comment"] = .string((texts ?? []).joined(separator: "\n"))
        case (.demonstration, "textarea"):
            answer["response"] = .string((texts ?? []).joined(separator: "\n"))
        case (.correction, "textarea"):
            answer["corrected"] = .string((texts ?? []).joined(separator: "\n"))
        case (.correction, "choices"):
            answer["error_categories"] = .array((choices ?? []).map(JSONValue.string))
        default:
            return "a \(type.isEmpty ? "region without a type" : "\(type) region") (from_name \"\(name)\") has no place in a \(kind.rawValue) answer"
        }
        return nil
    }

    private static func pairwiseChoice(_ value: String) -> String? {
        switch value.lowercased() {
        case "a", "left", "response_a", "answer1", "text1": return "A"
        case "b", "right", "response_b", "answer2", "text2": return "B"
        case "tie": return "tie"
        case "both_bad", "both bad": return "both_bad"
        default: return nil
        }
    }

    /// A rating, number or one choice that is a whole number.
    private static func number(_ value: JSONValue) -> Int? {
        value["rating"]?.intValue ?? value["number"]?.intValue
            ?? value["choices"]?.arrayValue.flatMap { $0.count == 1 ? $0[0].stringValue.flatMap { Int($0) } : nil }
    }
}
