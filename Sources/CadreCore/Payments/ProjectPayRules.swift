import Foundation

/// Hourly rates by expert level, with a standard rate for levels not listed.
public struct HourlyRates: Equatable, Sendable {
    /// The rate for an expert whose level is unknown or not listed.
    public var standard: Money
    /// Rates keyed by level name, e.g. "senior": 80.00 USD.
    public var byLevel: [String: Money]

    public init(standard: Money, byLevel: [String: Money] = [:]) {
        self.standard = standard
        self.byLevel = byLevel
    }

    /// The rate paid to an expert at `level`.
    public func rate(forLevel level: String?) -> Money {
        level.flatMap { byLevel[$0] } ?? standard
    }
}

/// A percentage of base pay for experts whose standing reaches the project's bar.
///
/// Both numbers are basis points so eligibility and the amount are exact: a standing of
/// 9000 bp (90 % gold accuracy, say) meets a bar of 9000 bp.
public struct QualityBonus: Equatable, Sendable {
    public var rateBasisPoints: Int
    public var barBasisPoints: Int

    public init(rateBasisPoints: Int, barBasisPoints: Int) {
        self.rateBasisPoints = rateBasisPoints
        self.barBasisPoints = barBasisPoints
    }
}

/// What happens to the time spent on an answer a reviewer rejected.
public enum RejectedTimePay: String, Equatable, Sendable, CaseIterable, Codable {
    /// Rejected answers are paid for their time, except those the rejection marks as fraud
    /// (copied, machine-generated against the rules, deliberately random). The default:
    /// honest work that missed the mark still took the expert's time.
    case paidUnlessFraud = "paid_unless_fraud"
    /// All time is paid, fraud or not — for projects that settle fraud outside pay.
    case alwaysPaid = "always_paid"
}

/// How one project pays its experts: hourly, per accepted answer, or both, with an optional
/// quality bonus and an hourly floor. All amounts share the project's currency.
public struct ProjectPayRules: Equatable, Sendable {
    public let projectID: UUID
    /// The client organization whose funds pay for this project.
    public let organizationID: UUID
    public let currency: Currency
    public let hourly: HourlyRates?
    public let perAcceptedAnswer: Money?
    public let qualityBonus: QualityBonus?
    /// The least an expert earns per active hour before bonuses; the shortfall is topped up.
    public let hourlyFloor: Money?
    public let rejectedTime: RejectedTimePay

    /// Validated rules: at least one of hourly and per-task pay, every amount non-negative
    /// and in `currency`, basis points within 0…10 000 for the bar and 0…100 000 for the
    /// bonus (a bonus above 1000 % is surely a typo).
    public init(
        projectID: UUID, organizationID: UUID, currency: Currency, hourly: HourlyRates? = nil,
        perAcceptedAnswer: Money? = nil, qualityBonus: QualityBonus? = nil, hourlyFloor: Money? = nil,
        rejectedTime: RejectedTimePay = .paidUnlessFraud
    ) throws(PayError) {
        guard hourly != nil || perAcceptedAnswer != nil else {
            throw .invalidRules(projectID, "a project pays hourly, per accepted answer, or both")
        }
        let amounts = [hourly?.standard, perAcceptedAnswer, hourlyFloor].compactMap { $0 } + (hourly.map { Array($0.byLevel.values) } ?? [])
        for amount in amounts {
            guard amount.currency == currency else { throw .invalidRules(projectID, "\(amount) is not in the project's currency \(currency)") }
            guard !amount.isNegative else { throw .invalidRules(projectID, "\(amount) is negative") }
        }
        if let bonus = qualityBonus {
            guard (0...100_000).contains(bonus.rateBasisPoints), (0...10_000).contains(bonus.barBasisPoints) else {
                throw .invalidRules(projectID, "a quality bonus needs a rate of 0…100000 bp and a bar of 0…10000 bp")
            }
        }
        self.projectID = projectID
        self.organizationID = organizationID
        self.currency = currency
        self.hourly = hourly
        self.perAcceptedAnswer = perAcceptedAnswer
        self.qualityBonus = qualityBonus
        self.hourlyFloor = hourlyFloor
        self.rejectedTime = rejectedTime
    }

    /// Whether the time of an assignment with this outcome is paid.
    public func paysTime(of outcome: WorkRecord.Outcome) -> Bool {
        outcome != .rejectedAsFraud || rejectedTime == .alwaysPaid
    }
}

/// Why pay could not be computed.
public enum PayError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidRules(UUID, String)
    /// A work record names a project with no pay rules.
    case noRulesForProject(UUID)
    case negativeActiveSeconds(assignment: UUID)
    case money(MoneyError)

    public var description: String {
        switch self {
        case let .invalidRules(project, reason): return "pay rules of project \(project): \(reason)"
        case .noRulesForProject(let project): return "project \(project) has no pay rules"
        case .negativeActiveSeconds(let assignment): return "assignment \(assignment) has negative active time"
        case .money(let error): return error.description
        }
    }
}
