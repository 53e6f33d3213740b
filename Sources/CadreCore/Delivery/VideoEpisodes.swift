/// Accepted clips as an episode manifest, in the spirit of robot-learning datasets (one
/// episode per demonstration, with its task and its action segments):
/// `clip_id`, `external_id`, `activity`, `instructions_version`, `duration_seconds`, `fps`,
/// `width`, `height`, `segments` (list of `{start_seconds, end_seconds, verb, object,
/// narration}`), `contributor` (a per-project pseudonym), `consent` (`{accepted, terms}`),
/// `sha256`, `file` (the clip's name among the snapshot's files).
///
/// Every answer is a row of its own (a clip has no consensus). The server attaches what the
/// answer itself does not hold — the checked clip, segments, pseudonym — as `episode`.
struct VideoEpisodes: DeliveryEncoder {
    func encode(_ task: DeliveryTask) -> EncodedTask {
        var result = EncodedTask()
        for answer in task.selectedAnswers {
            guard let episode = answer["episode"]?.objectValue else {
                result.exclusions.append(.noClip)
                continue
            }
            func field(_ name: String) -> JSONValue { episode[name] ?? .null }
            result.records.append(DeliveryRecord(columns: [
                .init(name: "clip_id", value: answer["upload_id"] ?? .null),
                .init(name: "external_id", value: .string(task.externalID)),
                .init(name: "activity", value: task.input["activity"] ?? .null),
                .init(name: "instructions_version", value: field("instructions_version")),
                .init(name: "duration_seconds", value: field("duration_seconds")),
                .init(name: "fps", value: field("fps")),
                .init(name: "width", value: field("width")),
                .init(name: "height", value: field("height")),
                .init(name: "segments", value: field("segments")),
                .init(name: "contributor", value: field("contributor")),
                .init(name: "consent", value: ["accepted": answer["consent"] ?? .bool(false), "terms": field("consent_terms")]),
                .init(name: "sha256", value: field("sha256")),
                .init(name: "file", value: field("file")),
            ]))
        }
        return result
    }
}
