import CadreCore
import Foundation

/// A project as the expert and reviewer pages show it.
struct ProjectSummary: Encodable {
    var id: String
    var name: String
    var kind: String
    var kindTitle: String
    var state: String
    var pay: String
    var instructionsHTML: String
    var hasInstructions: Bool
    /// Open tasks for an expert, or waiting submissions for a reviewer.
    var count = 0

    init(_ project: Project, count: Int = 0) {
        id = project.id?.uuidString ?? ""
        name = project.name
        kind = project.template.rawValue
        kindTitle = project.template.title
        state = project.state.rawValue
        pay = Self.pay(project)
        instructionsHTML = Markdown.html(project.instructions)
        hasInstructions = !project.instructions.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        self.count = count
    }

    /// "USD 1.50 per task", "USD 40.00 per hour + 0.50 per task", with the currency's decimals.
    static func pay(_ project: Project) -> String {
        let major = { (minor: Int64) in ProjectForm.major(minor, project.currency) }
        switch project.payModel {
        case .perTask: return "\(project.currency) \(major(project.payAmountMinor)) per task"
        case .hourly: return "\(project.currency) \(major(project.payAmountMinor)) per hour"
        case .hourlyAndPerTask:
            let perTask = (try? project.payOptionsValue.perTaskMinor) ?? nil
            return "\(project.currency) \(major(project.payAmountMinor)) per hour + \(major(perTask ?? 0)) per task"
        }
    }
}

struct WorkListPage: Encodable {
    var layout: LayoutContext
    var projects: [ProjectSummary]
    var reviews: [ProjectSummary]
    var hasProjects = false
    var hasReviews = false
}

struct WorkspacePage: Encodable {
    /// The workspace's scripts, in dependency order.
    static let scripts = ["/js/widgets.js", "/js/answers.js", "/js/workspace.js", "/js/capture.js"]

    struct Lease: Encodable {
        var id: String
        var externalId: String
        var expiresAt: Date
        var submitURL: String
        var skipURL: String
        var heartbeatURL: String
        var nextURL: String
        /// One key per assignment: a retried submit of the same task can never count twice.
        var idempotencyKey: String
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var assignment: Lease?
    var task: TaskView?
}

struct ReviewPage: Encodable {
    struct Submission: Encodable {
        var id: String
        var externalId: String
        var decisionURL: String
        var heartbeatURL: String
        var nextURL: String
        var submittedAt: Date?
    }

    var layout: LayoutContext
    var project: ProjectSummary
    var submission: Submission?
    /// Video demonstrations: where the player saves action segments.
    var segmentsURL = ""
    var task: TaskView?
}
