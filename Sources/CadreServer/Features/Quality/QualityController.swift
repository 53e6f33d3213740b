import CadreCore
import Fluent
import Vapor

/// A project's quality: agreement, consensus, and each expert's standing — by pseudonym for
/// clients, since they see experts only pseudonymously.
struct QualityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("projects", ":projectID", "quality", use: report)
        routes.post("projects", ":projectID", "experts", ":expertID", "reinstate", use: reinstate)
    }

    struct ExpertQuality: Content {
        /// Names this expert's standing on the project without revealing who they are; it is
        /// what a client passes to reinstate them.
        var standingId: UUID
        var expert: String
        var goldAnswered: Int
        var goldCorrect: Int
        var goldAccuracy: Double?
        var goldAccuracyLowerBound: Double?
        var agreement: Double?
        var agreementCompared: Int
        var paused: Bool
        var pauseReason: String?
        var medianSeconds: Double?
        var tooFast: Int

        enum CodingKeys: String, CodingKey {
            case expert, paused, agreement
            case standingId = "standing_id"
            case medianSeconds = "median_seconds"
            case tooFast = "too_fast"
            case goldAnswered = "gold_answered"
            case goldCorrect = "gold_correct"
            case goldAccuracy = "gold_accuracy"
            case goldAccuracyLowerBound = "gold_accuracy_lower_bound"
            case agreementCompared = "agreement_compared"
            case pauseReason = "pause_reason"
        }
    }

    struct HistoryPoint: Content {
        var computedAt: Date
        var alpha: Double?
        var meanConfidence: Double?
        var agreement: Double?
        var answers: Int

        enum CodingKeys: String, CodingKey {
            case alpha, agreement, answers
            case computedAt = "computed_at"
            case meanConfidence = "mean_confidence"
        }
    }

    struct Report: Content {
        var computedAt: Date?
        var aggregation: QualityReportDocument?
        var experts: [ExpertQuality]
        /// The last aggregations, oldest first: agreement and confidence over time.
        var history: [HistoryPoint]

        enum CodingKeys: String, CodingKey {
            case aggregation, experts, history
            case computedAt = "computed_at"
        }
    }

    @Sendable func report(req: Request) async throws -> Report {
        let project = try await ProjectsController.load(req)
        return try await Self.report(for: project, revealExperts: req.currentUser?.user.role == .admin, on: req.db)
    }

    /// The report for the API and the quality page; experts appear by pseudonym unless
    /// `revealExperts` (admins).
    static func report(for project: Project, revealExperts reveal: Bool, on db: any Database) async throws -> Report {
        let projectID = try project.requireID()
        let stored = try await QualityReportRow.find(projectID, on: db)
        var aggregation = try stored.map { try QualityReportDocument.decode($0.report) }
        let speeds = aggregation?.speed?.experts ?? [:]
        if !reveal, let document = aggregation {
            aggregation?.confusion = Dictionary(uniqueKeysWithValues: document.confusion.compactMap { key, matrix in
                UUID(uuidString: key).map { (Pseudonym.of($0, in: projectID), matrix) }
            })
            aggregation?.speed?.experts = Dictionary(uniqueKeysWithValues: speeds.compactMap { key, speed in
                UUID(uuidString: key).map { (Pseudonym.of($0, in: projectID), speed) }
            })
        }
        let standings = try await ExpertStanding.query(on: db).filter(\.$project.$id == projectID).sort(\.$id).all()
        let experts = standings.map { standing in
            let accuracy = standing.goldAnswered > 0 ? standing.goldAccuracy : nil
            return ExpertQuality(
                standingId: standing.id!,
                expert: reveal ? standing.$expert.id.uuidString : Pseudonym.of(standing.$expert.id, in: projectID),
                goldAnswered: standing.goldAnswered, goldCorrect: standing.goldCorrect,
                goldAccuracy: accuracy?.mean, goldAccuracyLowerBound: accuracy?.lowerBound,
                agreement: standing.agreementCompared > 0 ? Double(standing.agreementAgreed) / Double(standing.agreementCompared) : nil,
                agreementCompared: standing.agreementCompared, paused: standing.paused, pauseReason: standing.pauseReason,
                medianSeconds: speeds[standing.$expert.id.uuidString]?.medianSeconds,
                tooFast: speeds[standing.$expert.id.uuidString]?.tooFast ?? 0)
        }
        let history = try await QualityHistoryRow.query(on: db).filter(\.$project.$id == projectID)
            .sort(\.$id, .descending).limit(60).all().reversed().map {
                HistoryPoint(computedAt: $0.computedAt, alpha: $0.alpha, meanConfidence: $0.meanConfidence, agreement: $0.agreement, answers: $0.answers)
            }
        return Report(computedAt: stored?.computedAt, aggregation: aggregation, experts: experts, history: Array(history))
    }

    /// Lets a paused expert work on the project again, with a fresh gold record: the next
    /// check questions decide.
    @Sendable func reinstate(req: Request) async throws -> HTTPStatus {
        let project = try await ProjectsController.load(req)
        guard let raw = req.parameters.get("expertID"), let id = UUID(uuidString: raw) else { throw Problem.notFound("expert") }
        try await Self.reinstate(id, on: project, db: req.db)
        return .noContent
    }

    /// Clears a pause and the gold record behind it. `id` is the standing's id from the quality
    /// report (clients know experts only by pseudonym) or the expert's user id. An expert never
    /// paused here has nothing to reinstate.
    static func reinstate(_ id: UUID, on project: Project, db: any Database) async throws {
        let projectID = try project.requireID()
        if let standing = try await ExpertStanding.find(id, on: db), standing.$project.id == projectID {
            return try await clear(standing, on: db)
        }
        guard let expert = try await User.find(id, on: db), expert.role == .expert else { throw Problem.notFound("expert") }
        guard let standing = try await ExpertStanding.query(on: db)
            .filter(\.$project.$id == projectID).filter(\.$expert.$id == id).first()
        else { return }
        try await clear(standing, on: db)
    }

    private static func clear(_ standing: ExpertStanding, on db: any Database) async throws {
        standing.paused = false
        standing.pauseReason = nil
        standing.goldAnswered = 0
        standing.goldCorrect = 0
        standing.requalAnswered = 0
        standing.requalCorrect = 0
        try await standing.save(on: db)
    }
}

/// A stable pseudonym for an expert within one project: the same expert reads the same in
/// every report of that project, and nothing links it to other projects or to the person.
enum Pseudonym {
    static func of(_ expert: UUID, in project: UUID) -> String {
        let digest = SHA256.hash(data: Data((project.uuidString + "/" + expert.uuidString).utf8))
        return "Expert " + digest.prefix(4).map { String(format: "%02X", $0) }.joined()
    }
}
