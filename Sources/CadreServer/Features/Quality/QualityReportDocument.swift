import CadreCore
import Foundation

/// What the last aggregation found, stored as JSON and served (with live standings) by the
/// quality endpoint.
struct QualityReportDocument: Codable {
    var method: String
    var alpha: Double?
    var kappa: Double?
    var tasksWithConsensus: Int
    var meanConfidence: Double?
    /// Tasks by consensus confidence in tenths: [0, 0.1), [0.1, 0.2), … [0.9, 1].
    var confidenceHistogram: [Int]
    var classNames: [String]
    /// Dawid–Skene confusion matrix per expert id: [true class][given class].
    var confusion: [String: [[Double]]]
    var speed: SpeedReport?
    /// Pairwise projects whose tasks name the models: Bradley–Terry strengths, best first.
    var modelStrengths: [ModelStrength]?

    enum CodingKeys: String, CodingKey {
        case method, alpha, kappa, confusion, speed
        case modelStrengths = "model_strengths"
        case tasksWithConsensus = "tasks_with_consensus"
        case meanConfidence = "mean_confidence"
        case confidenceHistogram = "confidence_histogram"
        case classNames = "class_names"
    }

    init(_ report: ConsensusReport, experts: Interner) {
        method = report.method
        alpha = report.alpha.flatMap { $0.isFinite ? $0 : nil }
        kappa = report.kappa.flatMap { $0.isFinite ? $0 : nil }
        tasksWithConsensus = report.tasks.count
        meanConfidence = report.tasks.isEmpty ? nil : report.tasks.map(\.confidence).reduce(0, +) / Double(report.tasks.count)
        var histogram = [Int](repeating: 0, count: 10)
        for task in report.tasks { histogram[min(9, max(0, Int(task.confidence * 10)))] += 1 }
        confidenceHistogram = histogram
        classNames = report.classNames
        var matrices: [String: [[Double]]] = [:]
        for (worker, matrix) in report.confusion.enumerated() where worker < experts.count {
            matrices[experts.name(Int32(worker))] = matrix
        }
        confusion = matrices
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> QualityReportDocument {
        try JSONDecoder().decode(QualityReportDocument.self, from: Data(text.utf8))
    }
}
