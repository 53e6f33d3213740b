import CadreCore
import Fluent
import Vapor

struct ProjectListPage: Encodable {
    struct Row: Encodable {
        var project: ProjectSummary
        var tasks: Int
        var complete: Int
        var accepted: Int
        var awaitingReview: Int
        var percent: Int

        init(_ project: Project, counts: ProjectProgress.Counts) {
            self.project = ProjectSummary(project)
            tasks = counts.tasks
            complete = counts.complete
            accepted = counts.accepted
            awaitingReview = counts.submitted
            percent = tasks == 0 ? 0 : complete * 100 / tasks
        }
    }

    var layout: LayoutContext
    var projects: [Row]
    var hasProjects: Bool
}

/// The create and edit form, with one preview per template of what an expert will see.
struct ProjectFormPage: Encodable {
    struct Choice: Encodable {
        var name: String
        var title: String
        var summary: String
        var selected: Bool
        /// The template's example configuration, offered when the client switches to it.
        var example: String
    }
    struct Preview: Encodable {
        var kind: String
        var selected: Bool
        var task: TaskView
    }
    struct OrganizationChoice: Encodable {
        var id: String
        var name: String
        var selected: Bool
    }

    var layout: LayoutContext
    var form: ProjectForm
    var action: String
    var isNew: Bool
    var projectId: String?
    var templates: [Choice]
    var previews: [Preview]
    var errors: [FieldError]
    var hasErrors: Bool
    var organizations: [OrganizationChoice]
    var chooseOrganization: Bool
    /// Once tasks exist the template cannot change; the form says so instead of failing later.
    var templateLocked: Bool

    static func render(_ req: Request, form: ProjectForm, project: Project?, errors: [FieldError], status: HTTPResponseStatus) async throws -> Response {
        let isAdmin = req.currentUser?.user.role == .admin
        var organizations: [OrganizationChoice] = []
        if isAdmin && project == nil {
            organizations = try await Organization.query(on: req.db).sort(\.$name).limit(500).all().map {
                let id = $0.id?.uuidString ?? ""
                return OrganizationChoice(id: id, name: $0.name, selected: id == form.organizationId)
            }
        }
        var locked = false
        if let project {
            locked = try await WorkTask.query(on: req.db).filter(\.$project.$id == project.requireID()).count() > 0
        }
        let id = project?.id?.uuidString
        var page = ProjectFormPage(
            layout: LayoutContext(title: project == nil ? "New project" : "Edit \(project!.name)", req: req),
            form: form, action: id.map { "/projects/\($0)/edit" } ?? "/projects", isNew: project == nil, projectId: id,
            templates: TemplateKind.allCases.map {
                Choice(name: $0.rawValue, title: $0.title, summary: $0.summary, selected: $0.rawValue == form.template,
                       example: $0.exampleConfiguration.prettyText)
            },
            previews: try TemplateKind.allCases.map { Preview(kind: $0.rawValue, selected: $0.rawValue == form.template, task: try TaskView.example($0)) },
            errors: errors, hasErrors: !errors.isEmpty, organizations: organizations, chooseOrganization: isAdmin && project == nil,
            templateLocked: locked)
        page.layout.scripts = ["/js/widgets.js", "/js/project-form.js"]
        return try await req.view.render("projects/form", page).encodeResponse(status: status, for: req)
    }
}
