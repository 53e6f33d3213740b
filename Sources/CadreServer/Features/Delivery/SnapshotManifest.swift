import CadreCore
import Foundation

/// What a snapshot wrote: its files, its counts and the project's quality figures at the time.
struct SnapshotManifest: Codable, Sendable, Equatable {
    /// One written file.
    struct File: Codable, Sendable, Equatable {
        var name: String
        var records: Int
        var bytes: Int
        /// Lower-case hex SHA-256 of the file's bytes.
        var sha256: String
    }

    /// What happened to the project's tasks and answers.
    struct Counts: Codable, Sendable, Equatable {
        /// Tasks of the project (gold tasks are never delivered).
        var tasks = 0
        /// Tasks without an accepted answer when the snapshot was taken.
        var unanswered = 0
        /// Tasks left out by the answer filters (review, time window).
        var filtered = 0
        /// Rows written, over all files.
        var records = 0
        /// Rows that could not be written, by reason (`DeliveryExclusion`): ties and both_bad
        /// have no preferred response for DPO, and so on.
        var excluded: [String: Int] = [:]
    }

    /// The project's last aggregation when the snapshot was taken.
    struct Quality: Codable, Sendable, Equatable {
        var method: String
        var alpha: Double?
        var kappa: Double?
        var meanConfidence: Double?
        var tasksWithConsensus: Int
        var computedAt: Date
        /// Pairwise projects whose tasks name the models that wrote the responses:
        /// Bradley–Terry strengths with confidence intervals, best first.
        var modelStrengths: [ModelStrength]?

        enum CodingKeys: String, CodingKey {
            case method, alpha, kappa
            case modelStrengths = "model_strengths"
            case meanConfidence = "mean_confidence"
            case tasksWithConsensus = "tasks_with_consensus"
            case computedAt = "computed_at"
        }
    }

    var files: [File]
    var counts: Counts
    var quality: Quality?
}

extension SnapshotManifest {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func read<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}
