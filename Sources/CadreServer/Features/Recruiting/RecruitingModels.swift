import Fluent
import Vapor
import Foundation

/// A candidate's application: the profile, the resume and the skills it confirmed.
///
/// Named for the domain, not `Application`, which is Vapor's name for the server.
final class CandidateApplication: Model, @unchecked Sendable {
    static let schema = "applications"

    enum Status: String, Codable, Sendable, CaseIterable {
        /// Being filled in; the profile can still change.
        case draft
        /// Sent: interviews can start.
        case submitted
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "user_id") var user: User
    @Field(key: "status") var status: Status
    /// `ApplicationProfile` as JSON: read whole, never queried by field.
    @Field(key: "profile") var profileJSON: String
    @OptionalField(key: "resume_text") var resumeText: String?
    /// Digest of the normalised resume text: equal digests on two accounts are a duplicate flag.
    @OptionalField(key: "resume_fingerprint") var resumeFingerprint: String?
    /// MinHash signature of the resume, for near-duplicates on other accounts (JSON).
    @OptionalField(key: "resume_signature") var resumeSignatureJSON: String?
    /// Skills found in the resume, proposed for the candidate to confirm (`SkillExtraction` JSON).
    @OptionalField(key: "proposed_skills") var proposedSkillsJSON: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?

    init() {}

    init(userID: UUID, profile: ApplicationProfile, at now: Date) throws {
        id = .timeOrdered(at: now)
        $user.id = userID
        status = .draft
        profileJSON = try RecruitingJSON.encode(profile)
    }

    var profile: ApplicationProfile {
        get throws { try RecruitingJSON.decode(ApplicationProfile.self, from: profileJSON) }
    }
}

/// One interview in one domain: an adaptive test, then scenario questions.
final class Interview: Model, @unchecked Sendable {
    static let schema = "interviews"

    enum State: String, Codable, Sendable { case inProgress = "in_progress", completed }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "application_id") var application: CandidateApplication
    @Parent(key: "user_id") var user: User
    @Field(key: "domain") var domain: String
    @Field(key: "bank_version") var bankVersion: Int
    /// Seeds item selection and scenario choice, so the session replays exactly.
    @Field(key: "seed") var seed: Int64
    @Field(key: "attempt") var attempt: Int
    @Field(key: "state") var state: State
    /// Items and scenarios seen in earlier attempts, excluded from this one (JSON array).
    @Field(key: "excluded") var excludedJSON: String
    /// The scenario questions of this interview, chosen at the start (JSON array).
    @Field(key: "scenario_ids") var scenarioIDsJSON: String
    /// When the current question was first shown, for time per item.
    @Field(key: "served_at") var servedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "theta") var theta: Double?
    @OptionalField(key: "standard_error") var standardError: Double?
    /// The `InterviewReport` as JSON, written once when the interview ends.
    @OptionalField(key: "report") var reportJSON: String?

    init() {}
}

/// One answer in an interview, in order: an item, a scenario answer or a follow-up answer.
final class InterviewAnswer: Model, @unchecked Sendable {
    static let schema = "interview_answers"

    enum Kind: String, Codable, Sendable { case item, scenario, followUp = "follow_up" }

    @ID(key: .id) var id: UUID?
    @Parent(key: "interview_id") var interview: Interview
    /// 0, 1, 2… — unique per interview, so two racing answers to one question cannot both land.
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: Kind
    @Field(key: "question_id") var questionID: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "correct") var correct: Bool?
    @Field(key: "served_at") var servedAt: Date
    @Field(key: "answered_at") var answeredAt: Date
    /// The probing question an LLM asked about a scenario answer, if any.
    @OptionalField(key: "follow_up_question") var followUpQuestion: String?
    /// Why no follow-up was asked although an LLM is configured (timeout, malformed reply…).
    @OptionalField(key: "follow_up_failure") var followUpFailure: String?
    /// The rubric grading of a scenario answer (`ScenarioGrading` JSON), once graded.
    @OptionalField(key: "grading") var gradingJSON: String?
    /// MinHash signature of a free-text answer (JSON array), compared across candidates.
    @OptionalField(key: "signature") var signatureJSON: String?

    init() {}

    var seconds: Double { answeredAt.timeIntervalSince(servedAt) }
}

/// Something the interview page reported: a paste or the page losing focus.
final class IntegrityEvent: Model, @unchecked Sendable {
    static let schema = "integrity_events"

    enum Kind: String, Codable, Sendable, CaseIterable { case paste, focusLoss = "focus_loss" }

    @ID(key: .id) var id: UUID?
    @Parent(key: "interview_id") var interview: Interview
    @Field(key: "kind") var kind: Kind
    @Field(key: "question_id") var questionID: String
    @Field(key: "at") var at: Date

    init() {}
}

/// The outcome of one domain of an application: the policy's recommendation, and the decision.
final class CandidateDecision: Model, @unchecked Sendable {
    static let schema = "candidate_decisions"

    enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for an admin in the review queue.
        case pending
        case accepted, rejected
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "interview_id") var interview: Interview
    @Parent(key: "user_id") var user: User
    @Field(key: "domain") var domain: String
    /// `accept`, `human_review` or `rejection_review`.
    @Field(key: "recommendation") var recommendation: String
    @Field(key: "recommendation_reason") var recommendationReason: String
    @Field(key: "status") var status: Status
    /// Who decided: nil when the policy accepted on its own.
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "reason") var reason: String?

    init() {}
}

/// A candidate asking a person to look again at a rejection.
final class Appeal: Model, @unchecked Sendable {
    static let schema = "appeals"

    enum Status: String, Codable, Sendable, CaseIterable { case open, upheld, overturned }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "decision_id") var decision: CandidateDecision
    @Parent(key: "user_id") var user: User
    @Field(key: "text") var text: String
    @Field(key: "status") var status: Status
    @OptionalField(key: "resolved_by") var resolvedBy: UUID?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// One version of a domain's item bank. Versions are never edited: imports and
/// recalibrations add a new one, and interviews name the version they used.
final class StoredItemBank: Model, @unchecked Sendable {
    static let schema = "item_banks"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "domain") var domain: String
    @Field(key: "version") var version: Int
    /// `shipped`, `imported` or `calibrated`.
    @Field(key: "source") var source: String
    @Field(key: "document") var document: String
    /// For a recalibrated version: how many item responses the calibration used.
    @OptionalField(key: "responses_used") var responsesUsed: Int?

    init() {}
}

/// The decision policy of one domain: the ability a candidate must clear.
final class DomainPolicy: Model, @unchecked Sendable {
    static let schema = "domain_policies"

    @ID(key: .id) var id: UUID?
    @Field(key: "domain") var domain: String
    @Field(key: "cutoff") var cutoff: Double
    /// Days a rejected candidate waits before retaking this domain's interview.
    @Field(key: "retake_after_days") var retakeAfterDays: Int

    init() {}

    /// Without a stored policy: the population median as cutoff, and a month between attempts.
    static let defaultCutoff = 0.0
    static let defaultRetakeAfterDays = 30
}

/// JSON columns share one encoder configuration: Swift's own key names (so core types such as
/// `RubricScore` round-trip unchanged), ISO dates, sorted keys.
enum RecruitingJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }
}

extension RecruitingJSON {
    /// The API's JSON: snake_case keys both ways, so recruiting bodies need no coding keys.
    static var apiDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static var apiEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Request {
    /// The `?status=` filter of a list, if given, checked against the status's values.
    func statusQuery<Status: RawRepresentable & CaseIterable>(_ type: Status.Type) throws -> Status? where Status.RawValue == String {
        guard let raw = query[String.self, at: "status"] else { return nil }
        guard let status = Status(rawValue: raw) else {
            throw Problem.validation(field: "status", "expected one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// Decodes a recruiting body (snake_case keys).
    func recruitingBody<T: Decodable>(_ type: T.Type) throws -> T {
        try content.decode(type, using: NulCharacterGuard.Decoder(base: RecruitingJSON.apiDecoder, form: false))
    }
}

/// Encodes a recruiting response (snake_case keys).
func recruitingResponse(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> Response {
    var headers = HTTPHeaders()
    headers.contentType = .json
    return Response(status: status, headers: headers, body: .init(data: try RecruitingJSON.apiEncoder.encode(value)))
}
