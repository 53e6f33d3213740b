import CadreCore
import Fluent
import Vapor

/// A capture campaign may cap the clips one contributor provides, so its data is not
/// dominated by a few homes. Turns that hold a clip (leased, waiting for review, accepted)
/// count; rejected, skipped and lapsed ones do not, so a refused clip can be filmed again.
enum ContributorLimit {
    static let code = "contributor_limit"

    static func check(_ project: Project, expertID: UUID, on db: any Database) async throws {
        guard project.template == .videoDemonstration,
              let limit = try VideoDemonstrationTemplate.validateConfiguration(try project.configurationJSON).requirements.clipsPerContributor
        else { return }
        let held = try await Assignment.query(on: db).filter(\.$project.$id == project.requireID()).filter(\.$expert.$id == expertID)
            .filter(\.$state ~~ [.leased, .submitted, .accepted]).count()
        // A live lease is handed back as it is, so only a new turn past the limit is refused.
        let live = try await Assignment.query(on: db).filter(\.$project.$id == project.requireID()).filter(\.$expert.$id == expertID)
            .filter(\.$state == .leased).count()
        guard held - live >= limit, live == 0 else { return }
        throw Problem.conflict(code, "You have provided \(limit) clips to this campaign, the most it takes from one contributor. Thank you!")
    }
}
