import CadreCore
import Foundation

/// A project's progress as the client sees it, with the last day's throughput drawn as an
/// SVG bar chart on the server (no chart script, nothing for the content policy to allow).
struct ProgressPage: Encodable {
    struct Count: Encodable {
        var label: String
        var value: Int
        var testid: String
    }
    struct Action: Encodable {
        var to: String
        var label: String
        var primary: Bool
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var tasks: [Count]
    var answers: [Count]
    var totalTasks: Int
    var percentComplete: Int
    var activeExperts: Int
    var rate: String
    var eta: String
    var remaining: Int
    var chart: BarChart
    var actions: [Action]
    var canImport: Bool

    init(layout: LayoutContext, project: Project, progress: ProjectProgress, now: Date) {
        self.layout = layout
        self.project = ProjectSummary(project)
        let tasks = progress.tasks
        self.tasks = [("open", "Open"), ("in_progress", "In progress"), ("complete", "Complete")].map {
            Count(label: $0.1, value: tasks[$0.0] ?? 0, testid: "tasks-\($0.0)")
        }
        answers = [("leased", "Being worked on"), ("submitted", "Awaiting review"), ("accepted", "Accepted"), ("rejected", "Rejected"), ("skipped", "Skipped")].map {
            Count(label: $0.1, value: progress.answers[$0.0] ?? 0, testid: "answers-\($0.0)")
        }
        totalTasks = tasks["total"] ?? 0
        percentComplete = totalTasks == 0 ? 0 : (tasks["complete"] ?? 0) * 100 / totalTasks
        activeExperts = progress.activeExperts
        rate = progress.ratePerHour == 0 ? "—" : String(format: "%.1f answers / hour", progress.ratePerHour)
        remaining = progress.remainingAnswers
        eta = Self.eta(progress, now: now)
        chart = BarChart.throughput(progress.throughputPerHour)
        actions = Self.actions(from: project.state)
        canImport = [.draft, .active, .paused].contains(project.state)
    }

    static func eta(_ progress: ProjectProgress, now: Date) -> String {
        if progress.remainingAnswers == 0 { return progress.ratePerHour > 0 ? "Done" : "—" }
        guard let done = progress.estimatedCompletion else { return "No answers yet" }
        let hours = done.timeIntervalSince(now) / 3600
        let span = hours < 1 ? "\(max(1, Int((hours * 60).rounded()))) min" : hours < 48 ? String(format: "%.1f h", hours) : "\(Int(hours / 24)) days"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM HH:mm"
        return "in \(span) (\(formatter.string(from: done)) UTC)"
    }

    static func actions(from state: ProjectState) -> [Action] {
        let labels: [(ProjectState, String)] = [(.active, "Activate"), (.paused, "Pause"), (.completed, "Mark complete"), (.archived, "Archive")]
        return labels.filter { state.canMove(to: $0.0) }.map { Action(to: $0.0.rawValue, label: $0.1, primary: $0.0 == .active) }
    }
}

/// An SVG bar chart: one bar per point, oldest on the left, scaled to the largest value.
struct BarChart: Encodable {
    struct Point {
        var value: Int64
        /// Under the bar, on every `tickEvery`-th point and the last.
        var tick: String
        /// The tooltip.
        var title: String
    }
    struct Bar: Encodable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var title: String
    }
    struct Tick: Encodable {
        var x: Int
        var label: String
    }

    static let width = 720
    static let plotHeight = 140
    var bars: [Bar]
    var ticks: [Tick]
    var peak: Int64
    var total: Int64
    var viewBox = "0 0 \(BarChart.width) \(BarChart.plotHeight + 22)"
    var baseline = BarChart.plotHeight
    var tickY = BarChart.plotHeight + 16

    init(_ points: [Point], tickEvery: Int) {
        let slot = Self.width / max(points.count, 1)
        peak = points.map(\.value).max() ?? 0
        total = points.reduce(0) { $0 + $1.value }
        let scale = Double(Self.plotHeight - 8) / Double(max(peak, 1))
        bars = points.enumerated().map { index, point in
            // Empty slots keep a hairline so the time axis stays readable.
            let height = point.value <= 0 ? 1 : max(2, Int((Double(point.value) * scale).rounded()))
            return Bar(x: index * slot + 2, y: Self.plotHeight - height, width: slot - 4, height: height, title: point.title)
        }
        ticks = points.enumerated().filter { $0.offset % tickEvery == 0 || $0.offset == points.count - 1 }.map {
            Tick(x: $0.offset * slot + slot / 2, label: $0.element.tick)
        }
    }

    /// Answers per hour.
    static func throughput(_ hours: [ProjectProgress.Hour]) -> BarChart {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:00"
        return BarChart(hours.map { hour in
            let label = formatter.string(from: hour.start)
            return Point(value: Int64(hour.answers), tick: label, title: "\(label) UTC: \(hour.answers) answer\(hour.answers == 1 ? "" : "s")")
        }, tickEvery: 6)
    }
}
