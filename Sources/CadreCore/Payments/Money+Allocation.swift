import Foundation

extension Money {
    /// Splits `total` into parts proportional to `weights` that add back to `total` exactly.
    ///
    /// Largest-remainder (Hamilton) method: every part gets the floor of its exact share,
    /// then the minor units left over go one each to the parts with the largest remainders,
    /// ties to the earlier weight so the result is deterministic. No part differs from its
    /// exact share by a whole minor unit or more, a zero weight gets nothing, and a negative
    /// total is split as the negation of its magnitude so a reversal splits symmetrically.
    /// 100 cents by [1, 1, 1] is [34, 33, 33].
    public static func allocate(_ total: Money, by weights: [Int]) throws(MoneyError) -> [Money] {
        guard !weights.isEmpty, weights.allSatisfy({ $0 >= 0 }) else { throw .invalidWeights(weights) }
        let weightSum = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard weightSum > 0 else { throw .invalidWeights(weights) }

        let magnitude = Int128(total.minorUnits.magnitude)
        var shares = weights.map { magnitude * Int128($0) / weightSum }
        let remainders = weights.map { magnitude * Int128($0) % weightSum }
        let leftover = Int(magnitude - shares.reduce(0, +))
        let byRemainder = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in byRemainder.prefix(leftover) { shares[index] += 1 }

        let sign: Int128 = total.minorUnits < 0 ? -1 : 1
        var parts: [Money] = []
        parts.reserveCapacity(shares.count)
        for share in shares {
            parts.append(try Money(exactly: sign * share, currency: total.currency, operation: "allocating \(total)"))
        }
        return parts
    }
}
