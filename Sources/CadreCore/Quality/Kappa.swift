/// Fleiss' κ: chance-corrected agreement of many raters on nominal categories when every
/// subject has the same number of ratings (J. L. Fleiss, "Measuring nominal scale agreement
/// among many raters", Psychological Bulletin 76(5), 1971, equations 2–9):
///
///     P_i = (Σ_j n_ij² − m) / (m(m − 1)),  p_j = Σ_i n_ij / (N m),  κ = (P̄ − P̄_e) / (1 − P̄_e)
///
/// with P̄ the mean of P_i and P̄_e = Σ_j p_j².
public enum FleissKappa {
    /// Computes κ from a subjects × categories table of counts `counts[i][j]` = n_ij.
    /// Returns nil when subjects have different numbers of ratings, fewer than two each,
    /// or chance agreement is already perfect (P̄_e = 1).
    public static func compute(counts: [[Int]]) -> Double? {
        guard let first = counts.first else { return nil }
        let m = first.reduce(0, +)
        guard m >= 2, counts.allSatisfy({ $0.reduce(0, +) == m }) else { return nil }
        let subjects = Double(counts.count)
        var meanAgreement = 0.0
        var categoryTotals = [Int](repeating: 0, count: first.count)
        for row in counts {
            let squares = row.reduce(0) { $0 + $1 * $1 }
            meanAgreement += Double(squares - m) / Double(m * (m - 1))
            for (j, n) in row.enumerated() { categoryTotals[j] += n }
        }
        meanAgreement /= subjects
        let chance = categoryTotals.reduce(0.0) { total, n in
            let p = Double(n) / (subjects * Double(m))
            return total + p * p
        }
        guard chance < 1 else { return nil }
        return (meanAgreement - chance) / (1 - chance)
    }

    /// Computes κ from reliability data, taking values as nominal categories and ignoring
    /// units with no values. Nil under the same conditions as `compute(counts:)`.
    public static func compute(_ data: ReliabilityData) -> Double? {
        let (start, order) = data.groupedByUnit()
        let domain = RatingValueDomain(data.values)
        var counts: [[Int]] = []
        for u in 0..<data.unitCount where start[u] < start[u + 1] {
            var row = [Int](repeating: 0, count: domain.values.count)
            for i in start[u]..<start[u + 1] { row[Int(domain.codes[Int(order[i])])] += 1 }
            counts.append(row)
        }
        return compute(counts: counts)
    }
}

/// Cohen's κ: chance-corrected agreement of two raters on nominal categories
/// (J. Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
/// Measurement 20(1), 1960): κ = (p_o − p_e) / (1 − p_e), where p_o is the share of
/// subjects on which they agree and p_e = Σ_j p_j(first) p_j(second).
public enum CohensKappa {
    /// Computes κ from paired ratings: subject `i` got `first[i]` from one rater and
    /// `second[i]` from the other. Nil for no subjects or when p_e = 1 (both raters always
    /// used the same single category).
    public static func compute(first: [Int32], second: [Int32], categoryCount: Int) -> Double? {
        precondition(first.count == second.count, "one pair of ratings per subject")
        guard !first.isEmpty else { return nil }
        var firstTotals = [Int](repeating: 0, count: categoryCount)
        var secondTotals = [Int](repeating: 0, count: categoryCount)
        var agreed = 0
        for (a, b) in zip(first, second) {
            firstTotals[Int(a)] += 1
            secondTotals[Int(b)] += 1
            if a == b { agreed += 1 }
        }
        let n = Double(first.count)
        let observed = Double(agreed) / n
        let chance = zip(firstTotals, secondTotals).reduce(0.0) { $0 + Double($1.0) * Double($1.1) / (n * n) }
        guard chance < 1 else { return nil }
        return (observed - chance) / (1 - chance)
    }

    /// Computes κ from reliability data with exactly two coders, over the units both rated,
    /// values taken as nominal categories. Nil otherwise, or as `compute(first:second:categoryCount:)`.
    public static func compute(_ data: ReliabilityData) -> Double? {
        guard data.coderCount == 2 else { return nil }
        let domain = RatingValueDomain(data.values)
        var byCoder = [[Int32]](repeating: [Int32](repeating: -1, count: data.unitCount), count: 2)
        for i in 0..<data.count { byCoder[Int(data.coders[i])][Int(data.units[i])] = domain.codes[i] }
        var first: [Int32] = [], second: [Int32] = []
        for u in 0..<data.unitCount where byCoder[0][u] >= 0 && byCoder[1][u] >= 0 {
            first.append(byCoder[0][u])
            second.append(byCoder[1][u])
        }
        return compute(first: first, second: second, categoryCount: domain.values.count)
    }
}
