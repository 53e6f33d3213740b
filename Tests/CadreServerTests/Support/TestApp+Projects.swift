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
