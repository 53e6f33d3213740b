/// One row of a dataset file: named columns in a fixed order.
public struct DeliveryRecord: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var value: JSONValue
    }

    public var columns: [Column]

    public init(_ columns: KeyValuePairs<String, JSONValue>) {
        self.columns = columns.map { Column(name: $0.key, value: $0.value) }
    }

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// The value of the column `name`, when present.
    public subscript(name: String) -> JSONValue? {
        columns.first { $0.name == name }?.value
    }
}

/// Why a task or an answer left no row in a file. Raw values are what a snapshot's manifest
/// counts under `excluded`.
public enum DeliveryExclusion: String, Sendable, CaseIterable, Codable {
    /// A pairwise answer or consensus of "tie": no preferred response for DPO.
    case tie
    /// A pairwise answer or consensus of "both_bad": neither response may be chosen.
    case bothBad = "both_bad"
    /// Consensus was asked for and the task has none yet (or none from the quality engine).
    case noConsensus = "no_consensus"
    /// The task's consensus confidence is below the snapshot's minimum.
    case lowConfidence = "low_confidence"
    /// A correction that left the response as it was: nothing to prefer it over.
    case unchanged
    /// A rated item without a `response` or `completion` to score.
    case noCompletion = "no_completion"
    /// A ranking whose places are all tied: no implied pair.
    case noPairs = "no_pairs"
    /// A video answer whose clip is no longer stored.
    case noClip = "no_clip"
}

/// What one task contributes to a file: its rows and the reasons anything was left out.
public struct EncodedTask: Sendable, Equatable {
    public var records: [DeliveryRecord] = []
    public var exclusions: [DeliveryExclusion] = []

    public init(records: [DeliveryRecord] = [], exclusions: [DeliveryExclusion] = []) {
        self.records = records
        self.exclusions = exclusions
    }
}
