import Foundation

/// One action in a clip as a reviewer marks it, in the style of Ego4D and EPIC-KITCHENS
/// narrations: when it starts and ends, the verb, the object, and optionally the narration
/// as said ("open fridge door").
public struct ActionSegment: Sendable, Equatable, Codable {
    public var startSeconds: Double
    public var endSeconds: Double
    public var verb: String
    public var object: String
    public var narration: String?

    enum CodingKeys: String, CodingKey {
        case verb, object, narration
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "start_seconds": .number(startSeconds), "end_seconds": .number(endSeconds), "verb": .string(verb), "object": .string(object),
        ]
        if let narration { members["narration"] = .string(narration) }
        return .object(members)
    }

    /// Reads a list of segments for a clip of `duration` seconds: each within the clip and
    /// ending after it starts, with a verb and an object; sorted by start. Every problem is
    /// named by its field (`segments[2].end_seconds`).
    public static func read(_ value: JSONValue?, duration: Double, at path: String = "segments") throws(ValidationFailure) -> [ActionSegment] {
        var reader = FieldReader()
        var segments: [ActionSegment] = []
        if let items = reader.array(value, at: path, required: true, count: 0...500, noun: "segments") {
            for (index, item) in items.enumerated() {
                let base = fieldPath(path, index)
                guard let members = reader.object(item, at: base) else { continue }
                reader.rejectUnknownKeys(members, allowed: ["start_seconds", "end_seconds", "verb", "object", "narration"], at: base)
                func time(_ key: String) -> Double? {
                    guard let number = members[key]?.doubleValue, number >= 0, number <= duration + 0.05 else {
                        reader.fail(fieldPath(base, key), "expected seconds from 0 to the clip's length (\(TemplateText.number((duration * 100).rounded() / 100)))")
                        return nil
                    }
                    return number
                }
                let start = time("start_seconds"), end = time("end_seconds")
                if let start, let end, end <= start { reader.fail(fieldPath(base, "end_seconds"), "expected a time after start_seconds (\(TemplateText.number(start)))") }
                let verb = reader.text(members["verb"], at: fieldPath(base, "verb"), required: true, maxLength: 60).map(TemplateText.trimmed)
                let object = reader.text(members["object"], at: fieldPath(base, "object"), required: true, maxLength: 100).map(TemplateText.trimmed)
                let narration = reader.text(members["narration"], at: fieldPath(base, "narration"), required: false, maxLength: 500).map(TemplateText.trimmed)
                if let start, let end, let verb, let object, end > start {
                    segments.append(ActionSegment(startSeconds: start, endSeconds: end, verb: verb.lowercased(), object: object.lowercased(), narration: narration))
                }
            }
        }
        try reader.finish()
        return segments.sorted { ($0.startSeconds, $0.endSeconds) < ($1.startSeconds, $1.endSeconds) }
    }
}
