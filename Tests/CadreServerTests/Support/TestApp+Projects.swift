@testable import CadreServer
import CadreCore
import FluentKit
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
        task.isGold = false
        task.extraAnswers = 0
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
        assignment.isGold = false
        assignment.activeMilliseconds = 0
        assignment.reviewActiveMilliseconds = 0
        assignment.fraud = false
        assignment.costPosted = false
        try await assignment.create(on: app.db)
        return assignment
    }
}

extension TestApp {
    /// A submission by `author` awaiting review, with its review leased to `reviewer`, who
    /// also gets the project's reviewer qualification.
    func makeReview(in project: Project, by author: User, reviewer: User) async throws -> Assignment {
        let submission = try await makeAssignment(in: project, for: author)
        submission.state = .submitted
        submission.needsReview = true
        submission.answer = #"{"labels":["positive"]}"#
        submission.submittedAt = clock.now
        submission.$reviewer.id = reviewer.id
        submission.reviewExpiresAt = clock.now.addingTimeInterval(600)
        try await submission.save(on: app.db)
        try await grantReviewer(reviewer, for: project)
        return submission
    }

    func grantReviewer(_ user: User, for project: Project) async throws {
        let existing = try await Qualification.query(on: app.db).filter(\.$user.$id == user.id!)
            .filter(\.$kind == .reviewer).filter(\.$subject == project.id!.uuidString).first()
        if existing == nil {
            try await Qualification(userID: user.id!, kind: .reviewer, subject: project.id!.uuidString, level: 0, at: clock.now).create(on: app.db)
        }
    }
}
