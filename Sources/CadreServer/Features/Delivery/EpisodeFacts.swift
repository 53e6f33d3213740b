import CadreCore
import Fluent
import SQLKit
import Vapor

/// What an episode row needs beyond the answer: the checked clip's facts, the reviewer's
/// action segments and the contributor's pseudonym, attached to the answer as `episode`.
enum EpisodeFacts {
    /// A checked clip as episodes describe it.
    struct Clip {
        var sha256: String
        var filename: String
        var probe: ClipProbe
    }

    /// The checked clips the page's answers name, by upload id, in one query.
    static func clips(in rows: [DeliveryRow], on db: any SQLDatabase) async throws -> [UUID: Clip] {
        var ids: [UUID] = []
        for row in rows {
            guard let text = try row.string("answer"), let answer = try? JSONValue(parsing: text),
                  let id = answer["upload_id"]?.stringValue.flatMap(UUID.init(uuidString:))
            else { continue }
            ids.append(id)
        }
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var sha256: String?; var filename: String; var probe: String? }
        let found = try await db.select().columns("id", "sha256", "filename", "probe").from(ClipUpload.schema)
            .where("id", .in, ids).where("state", .equal, ClipUpload.State.passed.rawValue).all(decoding: Row.self)
        var clips: [UUID: Clip] = [:]
        for row in found {
            guard let sha = row.sha256, let probe = row.probe else { continue }
            clips[row.id] = Clip(sha256: sha, filename: row.filename, probe: try JSONDecoder().decode(ClipProbe.self, from: Data(probe.utf8)))
        }
        return clips
    }

    /// The file name a clip has among a snapshot's files.
    static func fileName(sha256: String, filename: String) -> String {
        let ext = URL(fileURLWithPath: filename).pathExtension.lowercased()
        return "clip-\(sha256.prefix(16))" + (ext.isEmpty ? "" : ".\(ext)")
    }

    static func attach(to answer: JSONValue, row: DeliveryRow, clips: [UUID: Clip], projectID: UUID, consent: String) throws -> JSONValue {
        guard case .object(var members) = answer, let id = answer["upload_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let clip = clips[id]
        else { return answer }
        let (probe, sha) = (clip.probe, clip.sha256)
        let segments = try row.string("segments")
            .flatMap { try? JSONDecoder().decode([ActionSegment].self, from: Data($0.utf8)) } ?? []
        members["episode"] = [
            "duration_seconds": .number(probe.durationSeconds), "fps": .number(probe.fps),
            "width": .integer(probe.displayWidth), "height": .integer(probe.displayHeight),
            "segments": .array(segments.map(\.json)),
            "contributor": .string(Pseudonym.of(try row.decode("expert_id", as: UUID.self), in: projectID)),
            "consent_terms": .string(consent), "sha256": .string(sha), "file": .string(fileName(sha256: sha, filename: clip.filename)),
        ]
        return .object(members)
    }
}
