/// The kinds of work a project can post. Raw values are the names used in the API and in
/// stored projects.
public enum TemplateKind: String, Sendable, CaseIterable, Codable {
    case pairwise
    case ranking
    case rating
    case demonstration
    case correction
    case classification
    case trajectoryReview = "trajectory_review"
    case videoDemonstration = "video_demonstration"

    /// The type that validates this kind.
    public var template: any TaskTemplate.Type {
        switch self {
        case .pairwise: return PairwiseTemplate.self
        case .ranking: return RankingTemplate.self
        case .rating: return RatingTemplate.self
        case .demonstration: return DemonstrationTemplate.self
        case .correction: return CorrectionTemplate.self
        case .classification: return ClassificationTemplate.self
        case .trajectoryReview: return TrajectoryReviewTemplate.self
        case .videoDemonstration: return VideoDemonstrationTemplate.self
        }
    }

    /// Reads a kind by name, with an error listing the valid names.
    public init(validating value: JSONValue?, field: String = "template") throws(ValidationFailure) {
        let names = TemplateKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = value?.stringValue, let kind = TemplateKind(rawValue: name) else {
            let got = value.map { $0.stringValue.map { "\"\($0)\"" } ?? $0.kindDescription } ?? "nothing"
            throw ValidationFailure(field: field, message: "expected one of \(names), got \(got)")
        }
        self = kind
    }

    /// One sentence for clients choosing a template.
    public var summary: String { template.summary }
    /// A valid configuration for this kind.
    public var exampleConfiguration: JSONValue { template.exampleConfiguration }
    /// A valid task input under ``exampleConfiguration``.
    public var exampleInput: JSONValue { template.exampleInput }
    /// A valid answer to ``exampleInput``.
    public var exampleAnswer: JSONValue { template.exampleAnswer }

    /// Validates a project's configuration and returns its normalised JSON.
    public func validateConfiguration(_ json: JSONValue) throws(ValidationFailure) -> JSONValue {
        try configured(json).configuration
    }

    /// Validates a task's input under a stored configuration and returns the normalised input.
    /// Problems with the configuration itself are reported under `configuration.…`.
    public func validateInput(_ json: JSONValue, configuration: JSONValue) throws(ValidationFailure) -> JSONValue {
        try configured(configuration, prefix: "configuration").validateInput(json)
    }

    /// Validates an answer to a stored task and returns the normalised answer. Problems with
    /// the stored configuration or input are reported under `configuration.…` and `input.…`.
    public func validateAnswer(
        _ json: JSONValue, configuration: JSONValue, input: JSONValue
    ) throws(ValidationFailure) -> JSONValue {
        try configured(configuration, prefix: "configuration").validateAnswer(json, input: input)
    }

    /// Validates a configuration once and returns a validator for the project's inputs and
    /// answers, so an import of many tasks does not re-read the configuration per line.
    public func configured(_ configuration: JSONValue) throws(ValidationFailure) -> ConfiguredTemplate {
        try ConfiguredTemplate(template, configuration: configuration)
    }

    private func configured(_ configuration: JSONValue, prefix: String) throws(ValidationFailure) -> ConfiguredTemplate {
        do {
            return try configured(configuration)
        } catch {
            throw error.prefixed(prefix)
        }
    }
}

extension ValidationFailure {
    /// The same problems with every field path placed under `prefix`.
    func prefixed(_ prefix: String) -> ValidationFailure {
        ValidationFailure(errors.map {
            FieldError(field: $0.field.isEmpty || $0.field == "body" ? prefix : fieldPath(prefix, $0.field), message: $0.message)
        })
    }
}
