/// The encoder for one template kind and format, configured for one project and snapshot.
public enum DeliveryEncoding {
    /// - Parameters:
    ///   - configuration: the project's normalised template configuration (rating scales,
    ///     whether classification is multi-label).
    /// - Returns: `nil` when `format` is not one of ``DeliveryFormat/available(for:)``.
    public static func encoder(
        kind: TemplateKind, format: DeliveryFormat, configuration: JSONValue, options: DeliveryOptions
    ) -> (any DeliveryEncoder)? {
        switch (kind, format) {
        case (.pairwise, .dpo): return PairwiseDPO(options: options)
        case (.ranking, .dpo): return RankingDPO(options: options)
        case (.ranking, .listwise): return RankingListwise(options: options)
        case (.correction, .sft): return ConversationSFT(replyField: "corrected")
        case (.correction, .dpo): return CorrectionDPO(options: options)
        case (.demonstration, .sft): return ConversationSFT(replyField: "response")
        case (.rating, .reward): return RatingReward(options: options, criteria: RatedItem.criteria(of: configuration))
        case (.rating, .kto): return RatingKTO(options: options, criteria: RatedItem.criteria(of: configuration))
        case (.trajectoryReview, .stepwise): return TrajectoryStepwise(options: options)
        case (.videoDemonstration, .episodes): return VideoEpisodes()
        case (.pairwise, .labelStudio), (.rating, .labelStudio), (.classification, .labelStudio), (.demonstration, .labelStudio),
             (.correction, .labelStudio):
            return LabelStudioTasks(kind: kind, configuration: configuration)
        case (.classification, .labels):
            return ClassificationLabels(options: options, multiple: configuration["multiple"]?.boolValue ?? false)
        default: return nil
        }
    }

    /// Whether the kind has a consensus to export (free-text kinds have none).
    public static func hasConsensus(_ kind: TemplateKind) -> Bool {
        kind != .demonstration && kind != .correction && kind != .videoDemonstration
    }
}
