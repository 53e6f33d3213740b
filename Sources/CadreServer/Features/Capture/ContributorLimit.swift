import CadreCore
import Fluent
import Vapor

/// A capture campaign may cap the clips one contributor provides, so its data is not
/// dominated by a few homes. Turns that hold a clip (leased, waiting for review, accepted)
/// count; rejected, skipped and lapsed ones do not, so a refused clip can be filmed again.
enum ContributorLimit {
    static let code = "contributor_limit"

    static func check(_ project: Project, expertID: UUID, now: Date, on db: any Database) async throws {
        guard project.template == .videoDemonstration,
              let limit = try VideoDemonstrationTemplate.validateConfiguration(try project.configurationJSON).requirements.clipsPerContributor
        else { return }
        let turns = Assignment.query(on: db).filter(\.$project.$id == (try project.requireID())).filter(\.$expert.$id == expertID)
        // A live lease is handed back as it is, so only a new turn past the limit is refused;
        // a lapsed one is not live, as leasing does not hand it back.
        let live = try await turns.copy().filter(\.$state == .leased).filter(\.$expiresAt > now).count()
        guard live == 0 else { return }
        let given = try await turns.filter(\.$state ~~ [.submitted, .accepted]).count()
        guard given >= limit else { return }
        throw Problem.conflict(code, "You have provided \(limit) clips to this campaign, the most it takes from one contributor. Thank you!")
    }
}
