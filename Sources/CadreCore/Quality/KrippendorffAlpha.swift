import Foundation

/// Krippendorff's α and the counts behind it.
public struct AlphaResult: Sendable, Equatable {
    public var level: MeasurementLevel
    /// 1 − D_o / D_e; nil when fewer than two values are pairable or they do not vary
    /// (D_e = 0), where α is undefined.
    public var alpha: Double?
    /// Units with at least one value.
    public var unitCount: Int
    /// Units with at least two values, the only ones that say anything about agreement.
    public var pairableUnitCount: Int
    /// n, the number of values in pairable units.
    public var pairableValueCount: Int
    public var observedDisagreement: Double
    public var expectedDisagreement: Double
}

/// Krippendorff's α for any number of coders, missing values and the four measurement
/// levels, by the coincidence-matrix method of K. Krippendorff, "Computing Krippendorff's
/// Alpha-Reliability" (2011):
///
///     α = 1 − D_o / D_e,  D_o = (1/n) Σ_c Σ_k o_ck δ²_ck,  D_e = 1/(n(n−1)) Σ_c Σ_k n_c n_k δ²_ck
///
/// with o_ck = Σ_u (number of c–k pairs in unit u) / (m_u − 1). The coincidence matrix is
/// never built: for nominal data only the diagonal matters, interval δ² = (c − k)² reduces to
/// within-unit variances, and ordinal δ² = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)² is the interval
/// metric on the mid-rank N(c) = Σ_{g<c} n_g + n_c/2. Only the ratio metric needs pairs.
public enum KrippendorffAlpha {
    /// Computes α.
    /// - Complexity: O(n) for nominal and interval, O(n + V log V) for ordinal with V
    ///   distinct values, O(Σ m_u² + V²) for ratio.
    public static func compute(_ data: ReliabilityData, level: MeasurementLevel) -> AlphaResult {
        let (start, order) = data.groupedByUnit()
        var unitCount = 0
        var unitEnds: [Int] = [0]
        var pairable: [Double] = []
        pairable.reserveCapacity(data.count)
        for u in 0..<data.unitCount {
            let m = start[u + 1] - start[u]
            if m > 0 { unitCount += 1 }
            guard m >= 2 else { continue }
            for i in start[u]..<start[u + 1] { pairable.append(data.values[Int(order[i])]) }
            unitEnds.append(pairable.count)
        }
        var result = AlphaResult(level: level, alpha: nil, unitCount: unitCount,
                                 pairableUnitCount: unitEnds.count - 1, pairableValueCount: pairable.count,
                                 observedDisagreement: 0, expectedDisagreement: 0)
        guard pairable.count >= 2 else { return result }
        let domain = RatingValueDomain(pairable)
        let n = Double(pairable.count)
        let observed: Double, expected: Double
        switch level {
        case .nominal:
            (observed, expected) = nominal(domain, unitEnds: unitEnds)
        case .interval:
            (observed, expected) = squaredDifferences(pairable, unitEnds: unitEnds)
        case .ordinal:
            var midRank = [Double](repeating: 0, count: domain.values.count)
            var below = 0.0
            for c in midRank.indices {
                midRank[c] = below + domain.counts[c] / 2
                below += domain.counts[c]
            }
            (observed, expected) = squaredDifferences(domain.codes.map { midRank[Int($0)] }, unitEnds: unitEnds)
        case .ratio:
            (observed, expected) = ratio(pairable, domain: domain, unitEnds: unitEnds)
        }
        result.observedDisagreement = observed / n
        result.expectedDisagreement = expected / (n * (n - 1))
        if result.expectedDisagreement > 0 {
            result.alpha = 1 - result.observedDisagreement / result.expectedDisagreement
        }
        return result
    }

    /// Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1) and n² − Σ_c n_c²: the mismatched ordered pairs.
    private static func nominal(_ domain: RatingValueDomain, unitEnds: [Int]) -> (Double, Double) {
        var counts = [Int](repeating: 0, count: domain.values.count)
        var observed = 0.0
        for u in 0..<(unitEnds.count - 1) {
            let range = unitEnds[u]..<unitEnds[u + 1]
            var squares = 0
            for i in range {
                let c = Int(domain.codes[i])
                squares += 2 * counts[c] + 1
                counts[c] += 1
            }
            for i in range { counts[Int(domain.codes[i])] = 0 }
            let m = range.count
            observed += Double(m * m - squares) / Double(m - 1)
        }
        let n = Double(domain.codes.count)
        let expected = n * n - domain.counts.reduce(0) { $0 + $1 * $1 }
        return (observed, expected)
    }

    /// For δ² = (x − y)², the sum over ordered pairs in a group of m values is
    /// 2m Σ (x − x̄)²; computing about each mean avoids cancellation.
    private static func squaredDifferences(_ x: [Double], unitEnds: [Int]) -> (Double, Double) {
        var observed = 0.0
        for u in 0..<(unitEnds.count - 1) {
            let range = unitEnds[u]..<unitEnds[u + 1]
            var mean = 0.0
            for i in range { mean += x[i] }
            mean /= Double(range.count)
            var spread = 0.0
            for i in range { spread += (x[i] - mean) * (x[i] - mean) }
            observed += 2 * Double(range.count) * spread / Double(range.count - 1)
        }
        let mean = x.reduce(0, +) / Double(x.count)
        var spread = 0.0
        for value in x { spread += (value - mean) * (value - mean) }
        return (observed, 2 * Double(x.count) * spread)
    }

    private static func ratioDistance(_ a: Double, _ b: Double) -> Double {
        let sum = a + b
        guard sum != 0 else { return 0 }
        let r = (a - b) / sum
        return r * r
    }

    private static func ratio(_ x: [Double], domain: RatingValueDomain, unitEnds: [Int]) -> (Double, Double) {
        var observed = 0.0
        for u in 0..<(unitEnds.count - 1) {
            let range = unitEnds[u]..<unitEnds[u + 1]
            var pairs = 0.0
            for i in range { for j in (i + 1)..<range.upperBound { pairs += ratioDistance(x[i], x[j]) } }
            observed += 2 * pairs / Double(range.count - 1)
        }
        var expected = 0.0
        let v = domain.values
        for c in v.indices {
            for k in (c + 1)..<max(c + 1, v.count) {
                expected += 2 * domain.counts[c] * domain.counts[k] * ratioDistance(v[c], v[k])
            }
        }
        return (observed, expected)
    }
}

/// The distinct values, ascending, how often each occurs, and each value's index among them.
struct RatingValueDomain {
    var values: [Double]
    var counts: [Double]
    var codes: [Int32]

    init(_ x: [Double]) {
        guard let low = x.min(), let high = x.max() else {
            values = []; counts = []; codes = []
            return
        }
        // Ratings and category codes are usually small integers: index them directly
        // instead of sorting.
        if high - low <= Double(4 * x.count + 1_024), x.allSatisfy({ $0 == $0.rounded() }) {
            let offset = Int(low)
            var slot = [Int32](repeating: -1, count: Int(high) - offset + 1)
            var present = [Int](repeating: 0, count: slot.count)
            for value in x { present[Int(value) - offset] += 1 }
            var values: [Double] = [], counts: [Double] = []
            for s in present.indices where present[s] > 0 {
                slot[s] = Int32(values.count)
                values.append(Double(s + offset))
                counts.append(Double(present[s]))
            }
            self.values = values
            self.counts = counts
            codes = x.map { slot[Int($0) - offset] }
            return
        }
        var sorted = x.sorted()
        sorted.removeDuplicates()
        values = sorted
        counts = [Double](repeating: 0, count: sorted.count)
        codes = x.map { value in
            var low = 0, high = sorted.count - 1
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] < value { low = mid + 1 } else { high = mid }
            }
            return Int32(low)
        }
        for code in codes { counts[Int(code)] += 1 }
    }
}

extension Array where Element == Double {
    /// Removes adjacent duplicates of a sorted array in place.
    fileprivate mutating func removeDuplicates() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
