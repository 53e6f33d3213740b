/// A dataset layout a snapshot can be written in. Raw values are the names used in the API,
/// in `cadre export --format` and in file names.
public enum DeliveryFormat: String, Sendable, CaseIterable, Codable {
    /// Preference pairs: `prompt`, `chosen`, `rejected` (TRL's preference type).
    case dpo
    /// Chat transcripts ending with the ideal assistant turn: `messages` (TRL's conversational
    /// language-modelling type).
    case sft
    /// Unpaired preference: `prompt`, `completion`, `label` (TRL's KTO type).
    case kto
    /// Scored completions: `prompt`, `completion`, `scores` per criterion, `overall`.
    case reward
    /// Step-wise supervision: `prompt`, `completions`, `labels` (TRL's PRM type).
    case stepwise
    /// Classification: the input's fields, `label` or `labels`, `confidence`.
    case labels
    /// Whole rankings: `prompt`, `responses`, `ranking` (places of response indices).
    case listwise
    /// Video demonstrations: one row per accepted clip with its activity, technical facts,
    /// action segments, contributor pseudonym, consent, SHA-256 and file (shipped alongside).
    case episodes
    /// Label Studio's JSON import format (a JSON array of `{data, annotations}`), with the
    /// labeling config that shows it.
    case labelStudio = "label-studio"

    /// The formats a template kind's answers can be written in, the first being the usual one.
    public static func available(for kind: TemplateKind) -> [DeliveryFormat] {
        switch kind {
        case .pairwise: return [.dpo, .labelStudio]
        case .ranking: return [.dpo, .listwise]
        case .correction: return [.sft, .dpo, .labelStudio]
        case .demonstration: return [.sft, .labelStudio]
        case .rating: return [.reward, .kto, .labelStudio]
        case .trajectoryReview: return [.stepwise]
        case .classification: return [.labels, .labelStudio]
        case .videoDemonstration: return [.episodes]
        }
    }

    /// Reads a format by name for a project of `kind`, naming the valid ones when it is not.
    public init(validating value: JSONValue?, for kind: TemplateKind, field: String = "format") throws(ValidationFailure) {
        let valid = Self.available(for: kind)
        let names = valid.map(\.rawValue).joined(separator: ", ")
        guard let value, !value.isNull else {
            throw ValidationFailure(field: field, message: "required: expected one of \(names) for a \(kind.rawValue) project")
        }
        guard let name = value.stringValue else {
            throw ValidationFailure(field: field, message: "expected one of \(names), got \(value.kindDescription)")
        }
        guard let format = DeliveryFormat(rawValue: name) else {
            let all = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationFailure(field: field, message: "unknown format \"\(name)\"; formats are \(all), and a \(kind.rawValue) project has \(names)")
        }
        guard valid.contains(format) else {
            throw ValidationFailure(field: field, message: "\(name) is not available for a \(kind.rawValue) project; expected one of \(names)")
        }
        self = format
    }
}
