import Foundation

/// Time and accepted answers behind some pay, carried on the ledger so an invoice can show
/// hours and answers that match its cost exactly.
public struct WorkUsage: Hashable, Sendable {
    public var activeSeconds: Int64
    public var acceptedAnswers: Int

    public init(activeSeconds: Int64 = 0, acceptedAnswers: Int = 0) {
        self.activeSeconds = activeSeconds
        self.acceptedAnswers = acceptedAnswers
    }
}

/// One amount an expert earned on one project in one pay period, with the reason in words.
public struct EarningsLine: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case hourly
        case perTask = "per_task"
        case bonus
        case floorTopUp = "floor_top_up"
    }

    public var period: PayPeriod
    public var expertID: UUID
    public var projectID: UUID
    public var organizationID: UUID
    public var kind: Kind
    /// Always positive: a line that would be zero is not emitted.
    public var amount: Money
    /// The expert-project's paid time and accepted answers for the period. It rides on the
    /// first line only, so summing usage over lines counts every assignment once.
    public var usage: WorkUsage?
    /// Why this amount, e.g. "2 h 30 min active at 40.00 USD/h (level senior)".
    public var explanation: String

    public init(
        period: PayPeriod, expertID: UUID, projectID: UUID, organizationID: UUID, kind: Kind,
        amount: Money, usage: WorkUsage? = nil, explanation: String
    ) {
        self.period = period
        self.expertID = expertID
        self.projectID = projectID
        self.organizationID = organizationID
        self.kind = kind
        self.amount = amount
        self.usage = usage
        self.explanation = explanation
    }

    /// A stable idempotency key: the same line computed again posts nothing new.
    public var postingID: String {
        "earning:\(period):\(expertID.uuidString):\(projectID.uuidString):\(kind.rawValue)"
    }
}
