import CadreCore
import Foundation

/// The client's quality page: agreement, consensus confidence and each expert's standing,
/// with the charts drawn as SVG on the server.
struct QualityPage: Encodable {
    struct Row: Encodable {
        var standingId: String
        var expert: String
        var gold: String
        var accuracy: String
        var lowerBound: String
        var agreement: String
        var speed: String
        var tooFast: Int
        var paused: Bool
        var pauseReason: String
    }

    struct Bar: Encodable {
        var label: String
        var y: Int
        var width: Int
        var value: String
    }

    struct Column: Encodable {
        var x: Int
        var y: Int
        var height: Int
        var label: String
        var count: Int
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var computedAt: String
    var method: String
    var alpha: String
    var tasksWithConsensus: Int
    var meanConfidence: String
    var rows: [Row]
    var hasRows: Bool
    var accuracyBars: [Bar]
    var accuracyHeight: Int
    var hasAccuracy: Bool
    var confidenceColumns: [Column]
    var hasAggregation: Bool
    var models: [Model]
    var hasModels: Bool
    /// Agreement with consensus at each aggregation, as an SVG polyline over 480 × 120.
    var agreementPoints: String
    var hasHistory: Bool

    struct Model: Encodable {
        var name: String
        var score: String
        var interval: String
        var comparisons: Int
    }

    init(layout: LayoutContext, project: Project, report: QualityController.Report) {
        self.layout = layout
        self.project = ProjectSummary(project)
        let aggregation = report.aggregation
        hasAggregation = aggregation != nil
        computedAt = report.computedAt.map(Self.time) ?? "not yet"
        method = aggregation?.method ?? "—"
        alpha = aggregation?.alpha.map { String(format: "%.3f", $0) } ?? "—"
        tasksWithConsensus = aggregation?.tasksWithConsensus ?? 0
        meanConfidence = aggregation?.meanConfidence.map { Self.percent($0) } ?? "—"
        rows = report.experts.map { expert in
            Row(
                standingId: expert.standingId.uuidString, expert: expert.expert,
                gold: "\(expert.goldCorrect) / \(expert.goldAnswered)",
                accuracy: expert.goldAccuracy.map(Self.percent) ?? "—",
                lowerBound: expert.goldAccuracyLowerBound.map(Self.percent) ?? "—",
                agreement: expert.agreement.map(Self.percent) ?? "—",
                speed: expert.medianSeconds.map { String(format: "%.0f s", $0) } ?? "—",
                tooFast: expert.tooFast, paused: expert.paused, pauseReason: expert.pauseReason ?? "")
        }
        hasRows = !rows.isEmpty
        // One bar per expert with gold answers: the posterior mean accuracy, 0…100% over 400 px.
        let graded = report.experts.filter { $0.goldAccuracy != nil }
        accuracyBars = graded.enumerated().map { index, expert in
            Bar(label: expert.expert, y: index * 28, width: Int((expert.goldAccuracy ?? 0) * 400), value: Self.percent(expert.goldAccuracy ?? 0))
        }
        accuracyHeight = max(28, graded.count * 28)
        hasAccuracy = !graded.isEmpty
        models = (aggregation?.modelStrengths ?? []).map {
            Model(name: $0.model, score: String(format: "%+.2f", $0.score),
                  interval: String(format: "%+.2f … %+.2f", $0.lower, $0.upper), comparisons: $0.comparisons)
        }
        hasModels = !models.isEmpty
        let agreements = report.history.compactMap(\.agreement)
        hasHistory = agreements.count >= 2
        agreementPoints = agreements.enumerated().map { index, value in
            let x = agreements.count > 1 ? index * 480 / (agreements.count - 1) : 0
            return "\(x),\(Int((1 - value) * 120))"
        }.joined(separator: " ")
        let histogram = aggregation?.confidenceHistogram ?? []
        let peak = max(histogram.max() ?? 0, 1)
        confidenceColumns = histogram.enumerated().map { index, count in
            let height = count * 120 / peak
            return Column(x: index * 48 + 4, y: 130 - height, height: height, label: "\(index * 10)%", count: count)
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM HH:mm"
        return formatter.string(from: date)
    }
}
