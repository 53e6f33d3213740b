import CadreCore
import Fluent
import Foundation
import Vapor

/// What an expert holds, loaded once per request that needs to know what it may work on.
struct ExpertProfile: Sendable {
    var abilities: [String: Double] = [:]
    var languages: Set<String> = []
    var reviewerProjects: Set<UUID> = []

    static func load(_ userID: UUID, on db: any Database) async throws -> ExpertProfile {
        var profile = ExpertProfile()
        for qualification in try await Qualification.query(on: db).filter(\.$user.$id == userID).all() {
            switch qualification.kind {
            case .domain: profile.abilities[qualification.subject] = qualification.level
            case .language: profile.languages.insert(qualification.subject)
            case .reviewer: if let id = UUID(uuidString: qualification.subject) { profile.reviewerProjects.insert(id) }
            }
        }
        return profile
    }

    /// The profile through the read cache, for the work loop.
    static func current(_ userID: UUID, on req: Request) async throws -> ExpertProfile {
        return try await req.readCaches.expertProfiles.value(for: userID) { try await load(userID, on: req.db) } ?? ExpertProfile()
    }

    func qualifies(for project: Project) -> Bool {
        // A project whose requirements cannot be read qualifies nobody (fail closed).
        (try? project.requirements)?.isMet(abilities: abilities, languages: languages) ?? false
    }

    /// The active projects this expert may work on, highest priority first.
    func workableProjects(on db: any Database) async throws -> [Project] {
        try await Project.query(on: db).filter(\.$state == .active).sort(\.$priority, .descending).sort(\.$id).all()
            .filter(qualifies(for:))
    }

    func reviews(_ project: Project) -> Bool {
        project.id.map { reviewerProjects.contains($0) } ?? false
    }
}
