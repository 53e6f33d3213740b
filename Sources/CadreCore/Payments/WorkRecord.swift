import Foundation

/// What an expert did on one assignment, as pay sees it: which project, how long they were
/// actively working, and how the work was judged.
///
/// A record is made once its outcome is final — on submission when the project does not
/// review, on the review decision otherwise — and `at` is that moment, so it lands in
/// exactly one pay period and is never paid twice.
public struct WorkRecord: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Answering a task.
        case answer
        /// Reviewing another expert's answer; its time counts like an answer's.
        case review
    }

    public enum Outcome: String, Hashable, Sendable {
        case accepted
        case rejected
        case rejectedAsFraud = "rejected_as_fraud"
    }

    /// The assignment (lease) this record closes.
    public var assignmentID: UUID
    public var expertID: UUID
    public var projectID: UUID
    public var kind: Kind
    /// Active seconds from heartbeats, already capped (see `ActiveTimePolicy`).
    public var activeSeconds: Int64
    /// Reviews are always `.accepted`.
    public var outcome: Outcome
    public var at: Date

    public init(
        assignmentID: UUID, expertID: UUID, projectID: UUID, kind: Kind = .answer,
        activeSeconds: Int64, outcome: Outcome, at: Date
    ) {
        self.assignmentID = assignmentID
        self.expertID = expertID
        self.projectID = projectID
        self.kind = kind
        self.activeSeconds = activeSeconds
        self.outcome = outcome
        self.at = at
    }

    /// Whether this record earns the per-task rate.
    public var isAcceptedAnswer: Bool { kind == .answer && outcome == .accepted }
}

/// An expert's position on one project over a pay period: the level that picks the hourly
/// rate and the standing (for example gold accuracy) compared with the bonus bar.
public struct ExpertPayStanding: Hashable, Sendable {
    public var level: String?
    /// Standing in basis points (9250 = 92.5 %); nil when not yet known, which earns no bonus.
    public var standingBasisPoints: Int?

    public init(level: String? = nil, standingBasisPoints: Int? = nil) {
        self.level = level
        self.standingBasisPoints = standingBasisPoints
    }
}

/// An expert on a project: the unit pay is computed for.
public struct ExpertProject: Hashable, Comparable, Sendable {
    public var expertID: UUID
    public var projectID: UUID

    public init(expertID: UUID, projectID: UUID) {
        self.expertID = expertID
        self.projectID = projectID
    }

    public static func < (lhs: ExpertProject, rhs: ExpertProject) -> Bool {
        (lhs.expertID.uuidString, lhs.projectID.uuidString) < (rhs.expertID.uuidString, rhs.projectID.uuidString)
    }
}
