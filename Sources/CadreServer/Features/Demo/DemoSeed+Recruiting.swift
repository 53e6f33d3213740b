import CadreCore
import Fluent
import Vapor

extension DemoSeed {
    /// The demo candidate has a submitted application for mathematics, so the interview can be
    /// taken right away; the resume's skills are proposed as a real upload's would be.
    static func seedApplication(_ app: Application, now: Date) async throws {
        guard let candidate = try await User.query(on: app.db).filter(\.$email == "candidate@demo.cadre.local").first(),
              try await CandidateApplication.query(on: app.db).filter(\.$user.$id == candidate.requireID()).first() == nil
        else { return }
        let resume = """
            Cam Candidate — mathematics tutor and data analyst.
            Eight years teaching calculus, linear algebra and probability; built forecasting models in Python and SQL.
            """
        let profile = ApplicationProfile(
            headline: "Mathematics tutor and data analyst", domains: ["mathematics"], credentials: ["MSc Mathematics"],
            languages: ["en"], timezone: "Europe/London", weeklyHours: 15,
            expectedRate: .init(amountMinor: 4_000, currency: "USD"), skills: [])
        let application = try CandidateApplication(userID: candidate.requireID(), profile: profile, at: now)
        let fingerprint = ResumeFingerprint(resume: resume)
        application.resumeText = resume
        application.resumeFingerprint = fingerprint.digest
        application.resumeSignatureJSON = try RecruitingJSON.encode(fingerprint.signature)
        application.proposedSkillsJSON = try RecruitingJSON.encode(try await app.skills.propose(for: resume))
        application.status = .submitted
        application.submittedAt = now
        try await application.create(on: app.db)
    }
}
