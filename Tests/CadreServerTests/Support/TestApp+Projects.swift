@testable import CadreServer
import CadreCore
import Foundation

extension TestApp {
    static let classificationSettings = ProjectSettings(
        name: "Sentiment", instructions: "Label the sentiment.", template: .classification,
        configuration: ["labels": ["positive", "negative", "neutral"], "multiple": false],
        answersPerTask: 1, reviewPolicy: .none, requirements: QualificationRequirements(),
        pay: PayTerms(model: .perTask, amountMinor: 150, currency: "USD"), timeBudgetSeconds: 600,
        leaseSeconds: 900, budgetCapMinor: nil, deadline: nil, priority: 0)

    /// A project stored directly, for tests about what happens to existing projects.
    @discardableResult
    func makeProject(
        in organization: Organization, state: ProjectState = .draft,
        adjust: (inout ProjectSettings) throws -> Void = { _ in }
    ) async throws -> Project {
        var settings = try Self.classificationSettings.normalized()
        try adjust(&settings)
        let project = Project(organizationID: organization.id!, settings: settings, at: clock.now)
        project.state = state
        try await project.create(on: app.db)
        return project
    }
}

extension ProjectSettings {
    /// The configuration as the template stores it (defaults filled in).
    func normalized() throws -> ProjectSettings {
        var copy = self
        copy.configuration = try template.validateConfiguration(configuration)
        return copy
    }
}

extension TestApp {
    /// A task stored directly.
    @discardableResult
    func makeTask(in project: Project, externalID: String = UUID().uuidString, input: String = #"{"text":"hello"}"#, priority: Int = 0) async throws -> WorkTask {
        let task = WorkTask()
        task.id = .timeOrdered(at: clock.now)
        task.$project.id = project.id!
        task.externalID = externalID
        task.input = input
        task.priority = priority
        task.state = .open
        task.slotsTaken = 0
        task.acceptedCount = 0
        try await task.create(on: app.db)
        return task
    }

    /// A live lease of a new task, held by `expert`.
    func makeAssignment(in project: Project, for expert: User) async throws -> Assignment {
        let task = try await makeTask(in: project)
        task.slotsTaken = 1
        try await task.save(on: app.db)
        let assignment = Assignment()
        assignment.id = .timeOrdered(at: clock.now)
        assignment.$task.id = task.id!
        assignment.$project.id = project.id!
        assignment.$expert.id = expert.id!
        assignment.state = .leased
        assignment.leasedAt = clock.now
        assignment.expiresAt = clock.now.addingTimeInterval(TimeInterval(project.leaseSeconds))
        assignment.needsReview = false
        try await assignment.create(on: app.db)
        return assignment
    }
}
