import CadreCore
import Fluent
import Vapor

extension DemoSeed {
    /// The demo candidate has a submitted application for mathematics, so the interview can be
    /// taken right away; the resume's skills are proposed as a real upload's would be.
    /// Not optimized: Swift 6.3's release optimizer crashes (signal 11, splitting this async
    /// function's coroutine) otherwise, and seeding demo data needs no speed.
    @_optimize(none)
    static func seedApplication(_ app: Application, now: Date) async throws {
        guard let candidate = try await User.query(on: app.db).filter(\.$email == "candidate@demo.cadre.local").first(),
              try await CandidateApplication.query(on: app.db).filter(\.$user.$id == candidate.requireID()).first() == nil
        else { return }
        let skills = try await app.skills.propose(for: demoResume)
        try await demoApplication(for: try candidate.requireID(), skills: skills, now: now).create(on: app.db)
    }

    static let demoResume = """
        Cam Candidate — mathematics tutor and data analyst.
        Eight years teaching calculus, linear algebra and probability; built forecasting models in Python and SQL.
        """

    private static func demoApplication(for candidate: UUID, skills: SkillExtraction, now: Date) throws -> CandidateApplication {
        let profile = ApplicationProfile(
            headline: "Mathematics tutor and data analyst", domains: ["mathematics"], credentials: ["MSc Mathematics"],
            languages: ["en"], timezone: "Europe/London", weeklyHours: 15,
            expectedRate: .init(amountMinor: 4_000, currency: "USD"), skills: [])
        let application = try CandidateApplication(userID: candidate, profile: profile, at: now)
        let fingerprint = ResumeFingerprint(resume: demoResume)
        application.resumeText = demoResume
        application.resumeFingerprint = fingerprint.digest
        application.resumeSignatureJSON = try RecruitingJSON.encode(fingerprint.signature)
        application.proposedSkillsJSON = try RecruitingJSON.encode(skills)
        application.status = .submitted
        application.submittedAt = now
        return application
    }
}
