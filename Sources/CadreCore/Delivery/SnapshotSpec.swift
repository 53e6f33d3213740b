import Foundation

/// What a client asks a snapshot to hold: the format and the filters, validated against the
/// project's template kind.
///
/// Body: `{"format": "dpo", "answers": "consensus"|"all", "min_confidence": 0…1,
/// "reviewed_only": false, "submitted_after": "2026-01-01T00:00:00Z", "submitted_before": …,
/// "test_ratio": 0.1, "adjacent_pairs_only": false, "kto_threshold": 0.5}` — only `format`
/// is required. Free-text kinds (demonstration, correction) have no consensus, so they
/// default to, and allow only, every answer.
public struct SnapshotSpec: Sendable, Equatable {
    public var format: DeliveryFormat
    public var answers: AnswerSelection
    public var minimumConfidence: Double?
    /// Only answers a reviewer accepted (not those accepted without review).
    public var reviewedOnly: Bool
    /// Answers submitted at or after this instant.
    public var submittedAfter: Date?
    /// Answers submitted before this instant.
    public var submittedBefore: Date?
    /// The share of records, chosen by hashing each task's `external_id`, that goes to
    /// `test.jsonl` (the rest to `train.jsonl`); `nil` writes one file.
    public var testRatio: Double?
    public var adjacentPairsOnly: Bool
    public var ktoThreshold: Double

    static let fields = [
        "format", "answers", "min_confidence", "reviewed_only", "submitted_after", "submitted_before", "test_ratio",
        "adjacent_pairs_only", "kto_threshold",
    ]

    public init(format: DeliveryFormat, answers: AnswerSelection) {
        self.format = format
        self.answers = answers
        reviewedOnly = false
        adjacentPairsOnly = false
        ktoThreshold = 0.5
    }

    /// Validates a request for a project of `kind`, reporting every bad field at once.
    public static func validate(_ json: JSONValue, kind: TemplateKind) throws(ValidationFailure) -> SnapshotSpec {
        let members = try FieldReader.topLevelObject(json)
        var reader = FieldReader()
        reader.rejectUnknownKeys(members, allowed: fields, at: "")
        var format: DeliveryFormat?
        do throws(ValidationFailure) {
            format = try DeliveryFormat(validating: members["format"], for: kind)
        } catch {
            error.errors.forEach { reader.fail($0.field, $0.message) }
        }
        let consensual = DeliveryEncoding.hasConsensus(kind)
        var spec = SnapshotSpec(format: format ?? .dpo, answers: consensual ? .consensus : .all)
        if let value = members["answers"], !value.isNull {
            if let selection = value.stringValue.flatMap(AnswerSelection.init) {
                if selection == .consensus && !consensual {
                    reader.fail("answers", "a \(kind.rawValue) project has free-text answers and no consensus; expected all")
                } else {
                    spec.answers = selection
                }
            } else {
                reader.fail("answers", "expected consensus or all, got \(describe(value))")
            }
        }
        spec.minimumConfidence = fraction(members["min_confidence"], at: "min_confidence", into: &reader)
        if spec.minimumConfidence != nil && !consensual {
            reader.fail("min_confidence", "a \(kind.rawValue) project has no consensus confidence to filter by")
        }
        spec.reviewedOnly = reader.bool(members["reviewed_only"], at: "reviewed_only", default: false)
        spec.submittedAfter = instant(members["submitted_after"], at: "submitted_after", into: &reader)
        spec.submittedBefore = instant(members["submitted_before"], at: "submitted_before", into: &reader)
        if let after = spec.submittedAfter, let before = spec.submittedBefore, after >= before {
            reader.fail("submitted_before", "expected a time after submitted_after")
        }
        spec.testRatio = fraction(members["test_ratio"], at: "test_ratio", into: &reader)
        if let ratio = spec.testRatio, ratio <= 0 || ratio >= 1 {
            reader.fail("test_ratio", "expected a number strictly between 0 and 1 (the share of records in test.jsonl), got \(ratio)")
        }
        spec.adjacentPairsOnly = reader.bool(members["adjacent_pairs_only"], at: "adjacent_pairs_only", default: false)
        if spec.adjacentPairsOnly && !(kind == .ranking && format == .dpo) {
            reader.fail("adjacent_pairs_only", "applies only to dpo snapshots of ranking projects")
        }
        if let threshold = fraction(members["kto_threshold"], at: "kto_threshold", into: &reader) {
            if format == .kto { spec.ktoThreshold = threshold } else { reader.fail("kto_threshold", "applies only to kto snapshots") }
        }
        try reader.finish()
        return spec
    }

    /// The rows-shaping part, for the encoder.
    public func options(conversational: Bool) -> DeliveryOptions {
        DeliveryOptions(
            selection: answers, minimumConfidence: minimumConfidence, conversational: conversational,
            adjacentPairsOnly: adjacentPairsOnly, ktoThreshold: ktoThreshold)
    }

    /// Every filter with its value in force, as a snapshot records them.
    public var filtersJSON: JSONValue {
        var members: [String: JSONValue] = [
            "answers": .string(answers.rawValue), "reviewed_only": .bool(reviewedOnly),
            "min_confidence": minimumConfidence.map(JSONValue.number) ?? .null,
            "submitted_after": submittedAfter.map { .string(Self.format($0)) } ?? .null,
            "submitted_before": submittedBefore.map { .string(Self.format($0)) } ?? .null,
            "test_ratio": testRatio.map(JSONValue.number) ?? .null,
        ]
        if format == .dpo { members["adjacent_pairs_only"] = .bool(adjacentPairsOnly) }
        if format == .kto { members["kto_threshold"] = .number(ktoThreshold) }
        return .object(members)
    }

    /// Dates as the API writes them (ISO 8601, UTC, seconds).
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func describe(_ value: JSONValue) -> String {
        value.stringValue.map { "\"\($0)\"" } ?? value.kindDescription
    }

    private static func fraction(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> Double? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.doubleValue, (0...1).contains(number) else {
            reader.fail(path, "expected a number from 0 to 1, got \(describe(value))")
            return nil
        }
        return number
    }

    private static func instant(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> Date? {
        guard let value, !value.isNull else { return nil }
        if let text = value.stringValue {
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        }
        reader.fail(path, "expected an ISO 8601 date and time such as 2026-01-31T00:00:00Z, got \(describe(value))")
        return nil
    }
}
