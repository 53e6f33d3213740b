/// What a Label Studio import carried over and what it could not: counts of annotations and
/// predictions read as answers, and each part left out with where it was and why.
public struct LabelStudioReport: Codable, Equatable, Sendable {
    /// Where in a task an answer came from.
    public enum Source: String, CaseIterable, Sendable {
        case annotations
        case predictions

        /// What is kept beside each answer: who or what gave it, and when.
        var keptKeys: [String] {
            switch self {
            case .annotations: return ["completed_by", "created_at", "lead_time"]
            case .predictions: return ["model_version", "score", "created_at"]
            }
        }
    }

    /// One part of the export that is not in the project, and why.
    public struct Part: Codable, Equatable, Sendable {
        /// The task's position in the export, from 1.
        public var task: Int
        /// Where in the task: `annotations[0].result[2]`, `predictions[1]`, `data.priority`.
        public var part: String
        public var reason: String
    }

    public var tasks = 0
    public var annotationsMapped = 0
    public var annotationsUnmapped = 0
    public var predictionsMapped = 0
    public var predictionsUnmapped = 0
    /// The first ``LabelStudioImport/maxListedParts`` parts left out.
    public var unmapped: [Part] = []
    /// Every part left out, listed or not.
    public var unmappedTotal = 0
    /// Assumptions made for every task alike, said once.
    public var notes: [String] = []
    private var assumedStrengths = 0

    enum CodingKeys: String, CodingKey {
        case tasks, unmapped, notes
        case annotationsMapped = "annotations_mapped"
        case annotationsUnmapped = "annotations_unmapped"
        case predictionsMapped = "predictions_mapped"
        case predictionsUnmapped = "predictions_unmapped"
        case unmappedTotal = "unmapped_total"
    }

    /// Records a part left out; an annotation or prediction left out whole (`source` given) is
    /// also counted as unmapped.
    mutating func unmapped(task: Int, part: String, _ reason: String, source: Source? = nil) {
        unmappedTotal += 1
        if unmapped.count < LabelStudioImport.maxListedParts { unmapped.append(Part(task: task, part: part, reason: reason)) }
        switch source {
        case .annotations: annotationsUnmapped += 1
        case .predictions: predictionsUnmapped += 1
        case nil: break
        }
    }

    mutating func mapped(_ source: Source, assumedStrength: Bool) {
        switch source {
        case .annotations: annotationsMapped += 1
        case .predictions: predictionsMapped += 1
        }
        if assumedStrength { assumedStrengths += 1 }
    }

    mutating func finish() {
        if assumedStrengths > 0 {
            notes.append("\(assumedStrengths) preferences for A or B gave no strength; \(LabelStudioAnswer.assumedStrength) (clearly better) was assumed.")
        }
    }
}
