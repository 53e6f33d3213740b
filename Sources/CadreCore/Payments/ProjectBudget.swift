import Foundation

extension ProjectPayRules {
    /// The most one lease can add to what the client is charged in expert cost, for an
    /// expert at `level` whose time on the task is capped at `capSeconds`. A review lease
    /// earns no per-task amount, only time.
    ///
    /// Base pay is hourly for the capped time plus the per-task rate; the floor can raise it
    /// to floor × capped time; the bonus is a percentage of base pay. Each part is rounded up
    /// (`Rounding.ceilingQuotient`), so the sum of these bounds over any set of leases is at
    /// least what the pay calculator will later compute for them with half-even rounding.
    public func maximumLeaseCost(level: String?, capSeconds: Int64, kind: WorkRecord.Kind = .answer) throws(MoneyError) -> Money {
        guard capSeconds >= 0 else { throw .negativeQuantity("capped seconds") }
        func ceilingProration(_ rate: Money?) -> Int128 {
            rate.map { Rounding.ceilingQuotient(Int128($0.minorUnits) * Int128(capSeconds), 3600) } ?? 0
        }
        let perTask = kind == .answer ? Int128(perAcceptedAnswer?.minorUnits ?? 0) : 0
        let base = ceilingProration(hourly?.rate(forLevel: level)) + perTask
        let withFloor = max(base, ceilingProration(hourlyFloor))
        let bonus = qualityBonus.map { Rounding.ceilingQuotient(base * Int128($0.rateBasisPoints), Int128(Money.basisPointsPerWhole)) } ?? 0
        return try Money(exactly: withFloor + bonus, currency: currency, operation: "maximum cost of a lease")
    }
}

/// Whether a project may hand out one more task without risking a charge past its budget.
///
/// The cap bounds what the client is charged: expert cost plus the platform fee on it.
/// Committed cost is what has been posted for the project plus the maximum cost of every
/// lease not yet posted (live, or finished but not yet paid) plus the new lease. The fee on
/// it is rounded up, and one minor unit is reserved per invoice month beyond the first,
/// because each month's invoice rounds its fee separately (half even, so at most half a
/// minor unit above the exact fee per month). A refusal says why in words a client can act on.
public struct ProjectBudget: Equatable, Sendable {
    public var cap: Money
    public var feeBasisPoints: Int
    /// Calendar months the project's cost is (or will be) invoiced over, at least 1.
    public var invoiceMonths: Int

    public init(cap: Money, feeBasisPoints: Int, invoiceMonths: Int = 1) {
        self.cap = cap
        self.feeBasisPoints = feeBasisPoints
        self.invoiceMonths = invoiceMonths
    }

    public enum Decision: Equatable, Sendable {
        case admitted(committedCharge: Money, remaining: Money)
        case refused(committedCharge: Money, reason: String)
    }

    /// The most the client can be charged for this much expert cost.
    public func maximumCharge(forExpertCost cost: Money) throws(MoneyError) -> Money {
        let fee = Rounding.ceilingQuotient(Int128(cost.minorUnits) * Int128(feeBasisPoints), Int128(Money.basisPointsPerWhole))
        let slack = Int128(max(0, invoiceMonths - 1))
        return try Money(exactly: Int128(cost.minorUnits) + fee + slack, currency: cost.currency, operation: "charge for \(cost)")
    }

    /// Admits `newLease` only if the charge for everything committed, including it, stays
    /// within the cap.
    public func decide(postedExpertCost: Money, openLeaseMaximums: [Money], newLease: Money) throws(MoneyError) -> Decision {
        let committed = try Money.sum([postedExpertCost, newLease] + openLeaseMaximums, in: cap.currency)
        let charge = try maximumCharge(forExpertCost: committed)
        let remaining = try cap.subtracting(charge)
        guard remaining.isNegative else { return .admitted(committedCharge: charge, remaining: remaining) }
        let reason = "the budget of \(cap) is committed: work done and tasks in progress can cost up to "
            + "\(try maximumCharge(forExpertCost: try committed.subtracting(newLease))) with fees, and one more task could cost up to "
            + "\(newLease) before fees; raise the budget cap to continue"
        return .refused(committedCharge: charge, reason: reason)
    }
}
