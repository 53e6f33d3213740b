import CadreCore
import Fluent
import Vapor

/// Demo work for the seeded accounts: an active pairwise project and an active
/// classification project in the demo organization, with tasks, and the qualifications the
/// demo experts need (Grace also reviews the pairwise project).
extension DemoSeed {
    static let pairwiseName = "Medical answer preferences"
    static let classificationName = "Support ticket triage"

    static func seedProjects(_ app: Application, organization: Organization, now: Date) async throws {
        guard try await Project.query(on: app.db).filter(\.$organization.$id == organization.requireID()).count() == 0 else { return }
        let pairwise = try ProjectSettings.parse([
            "name": .string(pairwiseName), "template": "pairwise",
            "instructions": "Read the question, then both answers. Pick the one a careful physician would rather send, and say why.",
            "configuration": ["criteria": ["helpfulness", "accuracy"]], "answers_per_task": 2,
            "review_policy": "sample", "review_sample_rate": 0.5,
            "required_qualifications": ["domains": [["domain": "medicine", "min_ability": 0]]],
            "pay": ["model": "hourly", "amount_minor": 9000, "currency": "USD",
                    "hourly_rates_by_level": ["senior": 12000], "bonus": ["rate_bp": 1000, "bar_bp": 9000]],
            "budget_cap_minor": 500_000,
        ])
        let classification = try ProjectSettings.parse([
            "name": .string(classificationName), "template": "classification",
            "instructions": "Route each ticket to the team that should answer it.",
            "configuration": ["labels": ["billing", "technical", "account", "other"]], "answers_per_task": 3,
            "pay": ["model": "per_task", "amount_minor": 25, "currency": "USD", "hourly_floor_minor": 2000],
        ])
        try await fund(organization, now: now, on: app.db)
        for (settings, tasks) in [(pairwise, pairwiseTasks), (classification, classificationTasks)] {
            let project = Project(organizationID: try organization.requireID(), settings: settings, at: now)
            project.state = .active
            try await project.create(on: app.db)
            for (index, input) in tasks.enumerated() {
                let task = WorkTask()
                task.id = .timeOrdered(at: now)
                task.$project.id = try project.requireID()
                task.externalID = "demo-\(index + 1)"
                task.input = try project.template.validateInput(input, configuration: settings.configuration).jsonText
                task.priority = 0
                task.state = .open
                task.slotsTaken = 0
                task.acceptedCount = 0
                task.isGold = false
                task.extraAnswers = 0
                try await task.create(on: app.db)
            }
            if settings.template == .pairwise { try await grantDemoQualifications(app, reviewing: project, now: now) }
        }
    }

    /// Prepaid: the client's funds are what expert pay draws on (see README, Payments).
    private static func fund(_ organization: Organization, now: Date, on db: any Database) async throws {
        let funding = try Posting.clientFunding(
            id: "demo-funding", organization: try organization.requireID(), amount: Money(minorUnits: 1_000_000, currency: .usd), at: now,
            memo: "demo deposit")
        _ = try await LedgerStore.post(funding, on: db)
    }

    private static func grantDemoQualifications(_ app: Application, reviewing project: Project, now: Date) async throws {
        let experts = try await User.query(on: app.db).filter(\.$role == .expert).filter(\.$email ~~ "@demo.cadre.local").all()
        for expert in experts {
            try await Qualification(userID: try expert.requireID(), kind: .domain, subject: "medicine", level: 0.8, at: now).create(on: app.db)
            if expert.email.hasPrefix("grace@") {
                expert.payLevel = "senior"
                try await expert.save(on: app.db)
                try await Qualification(userID: try expert.requireID(), kind: .reviewer, subject: try project.requireID().uuidString, level: 0, at: now)
                    .create(on: app.db)
            }
        }
    }

    static let pairwiseTasks: [JSONValue] = [
        ["prompt": "Is it safe to take ibuprofen and paracetamol together for a fever?", "responses": [
            ["model": "model-a", "content": "Yes. For most healthy adults they can be taken together or alternated, since they work differently. Stay within each drug's daily maximum, take ibuprofen with food, and avoid ibuprofen with kidney disease, stomach ulcers or late pregnancy."],
            ["model": "model-b", "content": "No, never combine painkillers; it is always dangerous."],
        ]],
        ["prompt": "What does an HbA1c of 6.1% mean?", "responses": [
            ["model": "model-a", "content": "It is in the prediabetes range (5.7–6.4% by ADA criteria): average glucose has been above normal for about three months. Lifestyle changes lower the risk of diabetes; a clinician may repeat the test."],
            ["model": "model-b", "content": "It means you have type 2 diabetes and need insulin."],
        ]],
        ["prompt": "How long should a cut be pressed to stop bleeding?", "responses": [
            ["model": "model-a", "content": "Press firmly and continuously with a clean cloth for at least 10 minutes without peeking. Seek care if it spurts, gapes, or is still bleeding after 10–15 minutes of pressure."],
            ["model": "model-b", "content": "About 30 seconds; then check it and press again if needed."],
        ]],
    ]

    static let classificationTasks: [JSONValue] = [
        ["text": "I was charged twice for my March invoice."],
        ["text": "The app crashes when I upload a PDF larger than 10 MB."],
        ["text": "How do I change the email address on my account?"],
        ["text": "Do you have an office in Lisbon?"],
        ["text": "My card was declined but the money left my account."],
        ["text": "The export button does nothing in Firefox."],
    ]
}
