import Foundation

/// Film an everyday activity (open a fridge, fold a shirt) for robots to learn from. Exports
/// as an episode manifest with the video files.
///
/// - Configuration: the campaign's `CaptureRequirements` (durations, resolution, frame rate,
///   orientation, camera placement, upload size, clips per activity, consent terms).
/// - Input: `{"activity": "Open the fridge", "instructions": "…", "example": "…", "objects": ["fridge"]}`
///   — `activity` and `instructions` required. Other members are kept as context.
/// - Answer: `{"upload_id": "…", "consent": true, "notes": "…"}` — a finished upload of this
///   lease that passed the automatic checks (the server verifies it), the contributor's
///   acceptance of the consent terms, and optional notes.
public enum VideoDemonstrationTemplate: TaskTemplate {
    public static let kind = TemplateKind.videoDemonstration
    public static let summary = "Film a household activity to the campaign's requirements, for robot learning."

    public struct Configuration: TemplateValue {
        public var requirements: CaptureRequirements
        public var json: JSONValue { requirements.json }
    }

    public struct Input: TemplateValue {
        public var activity: String
        public var instructions: String
        public var example: String?
        public var objects: [String]
        public var context: [String: JSONValue]

        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "activity": .string(activity), "instructions": .string(instructions), "objects": .array(objects.map(JSONValue.string)),
            ]
            if let example { members["example"] = .string(example) }
            return mergedInput(context: context, members)
        }
    }

    public struct Answer: TemplateValue {
        public var uploadID: UUID
        public var notes: String?

        public var json: JSONValue {
            var members: [String: JSONValue] = ["upload_id": .string(uploadID.uuidString.lowercased()), "consent": .bool(true)]
            if let notes { members["notes"] = .string(notes) }
            return .object(members)
        }
    }

    static let inputKeys = ["activity", "instructions", "example", "objects"]

    public static func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> Configuration {
        var reader = FieldReader()
        let members = try configurationMembers(json)
        reader.rejectUnknownKeys(members, allowed: CaptureRequirements.keys, at: "")
        let requirements = CaptureRequirements.read(members, into: &reader)
        try reader.finish()
        return Configuration(requirements: requirements)
    }

    public static func validateInput(_ json: JSONValue, configuration: Configuration) throws(ValidationFailure) -> Input {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        let activity = reader.text(members["activity"], at: "activity", required: true, maxLength: 200).map(TemplateText.trimmed)
        let instructions = reader.text(members["instructions"], at: "instructions", required: true, maxLength: 20_000)
        let example = reader.text(members["example"], at: "example", required: false, maxLength: 20_000)
        var objects: [String] = []
        if let list = members["objects"], !list.isNull {
            if let items = list.arrayValue {
                for (index, item) in items.enumerated() {
                    if let name = reader.text(item, at: fieldPath("objects", index), required: true, maxLength: 100) { objects.append(TemplateText.trimmed(name)) }
                }
            } else {
                reader.fail("objects", "expected a list of object names, got \(list.kindDescription)")
            }
        }
        try reader.finish()
        guard let activity, let instructions else { throw FieldReader.incomplete("activity") }
        return Input(activity: activity, instructions: instructions, example: example, objects: objects,
                     context: context(of: members, excluding: inputKeys))
    }

    public static func validateAnswer(
        _ json: JSONValue, configuration: Configuration, input: Input
    ) throws(ValidationFailure) -> Answer {
        var reader = FieldReader()
        let members = try FieldReader.topLevelObject(json)
        reader.rejectUnknownKeys(members, allowed: ["upload_id", "consent", "notes"], at: "")
        let upload = reader.text(members["upload_id"], at: "upload_id", required: true, maxLength: 64).flatMap { text -> UUID? in
            guard let id = UUID(uuidString: text) else {
                reader.fail("upload_id", "expected the id of a finished upload")
                return nil
            }
            return id
        }
        if reader.requiredBool(members["consent"], at: "consent") == false {
            reader.fail("consent", "the consent terms must be accepted: \(configuration.requirements.consent)")
        }
        let notes = reader.text(members["notes"], at: "notes", required: false, maxLength: 2_000).map(TemplateText.trimmed)
        try reader.finish()
        guard let upload else { throw FieldReader.incomplete("upload_id") }
        return Answer(uploadID: upload, notes: notes?.isEmpty == true ? nil : notes)
    }

    public static let exampleConfiguration: JSONValue = [
        "min_duration_seconds": 5, "max_duration_seconds": 120, "min_short_side": 720, "min_fps": 24,
        "orientation": "landscape", "camera_placement": "head_mounted",
    ]

    public static let exampleInput: JSONValue = [
        "activity": "Open the fridge and take out the milk",
        "instructions": "Start with the fridge closed and your hands free. Open the door, take the milk from the door shelf, close the door.",
        "objects": ["fridge", "milk carton"],
    ]

    public static let exampleAnswer: JSONValue = [
        "upload_id": "0193a6c4-2b1e-7c4d-9a1b-2f3e4d5c6b7a", "consent": true, "notes": "Filmed in a small kitchen.",
    ]
}
