import Foundation

/// An item's strength on the log scale, centred so the compared items average 0, with its
/// standard error and 95% interval (score ± 1.96 SE, the Wald interval from the Fisher
/// information).
public struct Strength: Sendable, Equatable {
    public var score: Double
    public var standardError: Double

    public init(score: Double, standardError: Double) {
        self.score = score
        self.standardError = standardError
    }

    public var lower: Double { score - 1.959_963_984_540_054 * standardError }
    public var upper: Double { score + 1.959_963_984_540_054 * standardError }
}

/// Strengths from Bradley–Terry or Plackett–Luce: `strengths[i]` is nil for an item that was
/// never compared, because the data say nothing about it.
public struct StrengthEstimates: Sendable, Equatable {
    public var strengths: [Strength?]
    public var iterations: Int
    public var converged: Bool
    /// Whether standard errors come from the inverse of the full information matrix (true)
    /// or from its diagonal alone, used when there are too many items to invert it.
    public var exactStandardErrors: Bool

    public init(strengths: [Strength?], iterations: Int, converged: Bool, exactStandardErrors: Bool) {
        self.strengths = strengths
        self.iterations = iterations
        self.converged = converged
        self.exactStandardErrors = exactStandardErrors
    }

    /// Writes `item,score,se,ci_low,ci_high` rows, strongest first (equal scores by name);
    /// items never compared come last with empty fields.
    public func csv(itemNames: Interner) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(strengths.count * 96)
        output.append(contentsOf: "item,score,se,ci_low,ci_high\n".utf8)
        var rank = [Int](repeating: 0, count: strengths.count)
        for (position, code) in itemNames.codesSortedByName().enumerated() { rank[Int(code)] = position }
        let order = strengths.indices.sorted { a, b in
            switch (strengths[a], strengths[b]) {
            case let (x?, y?): x.score != y.score ? x.score > y.score : rank[a] < rank[b]
            case (.some, .none): true
            case (.none, .some): false
            case (.none, .none): rank[a] < rank[b]
            }
        }
        for item in order {
            CrowdCSV.appendField(itemNames.nameBytes(Int32(item)), to: &output)
            if let strength = strengths[item] {
                for value in [strength.score, strength.standardError, strength.lower, strength.upper] {
                    output.append(UInt8(ascii: ","))
                    CrowdCSV.appendNumber(value, to: &output)
                }
            } else {
                output.append(contentsOf: ",,,,".utf8)
            }
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }
}

/// The observed Fisher information of log-strengths θ, and the standard errors of the
/// centred θ it implies.
///
/// A choice of one item out of a set with probabilities p adds diag(p) − ppᵀ (the Hessian of
/// the negative log-likelihood of a Plackett–Luce stage; for a pair, p_a·p_b on the diagonal
/// and −p_a·p_b off it). Centred strengths θ − mean(θ) have covariance C H⁻¹ C with
/// C = I − 11ᵀ/m. Up to `exactLimit` compared items the matrix is inverted through its
/// Cholesky factor (O(m³)); beyond that only its diagonal is kept and SE ≈ 1/√H_ii, which
/// ignores the uncertainty of opponents and so is slightly optimistic.
struct StrengthInformation {
    let index: [Int]
    let size: Int
    let exact: Bool
    var matrix: [Double]

    init(compared: [Bool], exactLimit: Int) {
        var index = [Int](repeating: -1, count: compared.count)
        var size = 0
        for i in compared.indices where compared[i] { index[i] = size; size += 1 }
        self.index = index
        self.size = size
        exact = size <= exactLimit
        matrix = [Double](repeating: 0, count: exact ? size * size : size)
    }

    /// Adds the information of one choice among `items` whose strengths are `gammas`.
    mutating func addChoice(_ items: ArraySlice<Int32>, gammas: [Double]) {
        var total = 0.0
        for item in items { total += gammas[Int(item)] }
        for a in items {
            let pa = gammas[Int(a)] / total
            let ia = index[Int(a)]
            guard exact else { matrix[ia] += pa * (1 - pa); continue }
            for b in items where b != a {
                let q = pa * gammas[Int(b)] / total
                matrix[ia * size + ia] += q
                matrix[ia * size + index[Int(b)]] -= q
            }
        }
    }

    /// Adds the information of `weight` comparisons between `a` and `b`.
    @inline(__always)
    mutating func addPair(_ a: Int, _ b: Int, _ gammaA: Double, _ gammaB: Double, weight: Double = 1) {
        let sum = gammaA + gammaB
        let q = weight * gammaA * gammaB / (sum * sum)
        let ia = index[a], ib = index[b]
        if exact {
            matrix[ia * size + ia] += q
            matrix[ib * size + ib] += q
            matrix[ia * size + ib] -= q
            matrix[ib * size + ia] -= q
        } else {
            matrix[ia] += q
            matrix[ib] += q
        }
    }

    /// Adds `value` to the diagonal entry of `item` (a prior's curvature).
    mutating func addDiagonal(_ item: Int, _ value: Double) {
        let i = index[item]
        matrix[exact ? i * size + i : i] += value
    }

    /// The standard error of each compared item's centred log-strength, indexed by
    /// position among compared items.
    func standardErrors() -> [Double] {
        guard exact else { return matrix.map { 1 / sqrt($0) } }
        let m = size
        var l = matrix
        // Cholesky factor H = LLᵀ, row-major lower triangle, dot products over row prefixes.
        for j in 0..<m {
            var diagonal = l[j * m + j]
            for k in 0..<j { diagonal -= l[j * m + k] * l[j * m + k] }
            let root = sqrt(max(diagonal, .leastNormalMagnitude))
            l[j * m + j] = root
            for i in (j + 1)..<max(j + 1, m) {
                var value = l[i * m + j]
                for k in 0..<j { value -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = value / root
            }
        }
        // H⁻¹1 by forward and back substitution.
        var y = [Double](repeating: 1, count: m)
        for i in 0..<m {
            for k in 0..<i { y[i] -= l[i * m + k] * y[k] }
            y[i] /= l[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, m) { y[i] -= l[k * m + i] * y[k] }
            y[i] /= l[i * m + i]
        }
        let totalCovariance = y.reduce(0, +)
        // diag(H⁻¹)_j is the squared norm of column j of L⁻¹, found by solving L v = e_j.
        var v = [Double](repeating: 0, count: m)
        var errors = [Double](repeating: 0, count: m)
        for j in 0..<m {
            v[j] = 1 / l[j * m + j]
            var norm = v[j] * v[j]
            for i in (j + 1)..<max(j + 1, m) {
                var value = 0.0
                for k in j..<i { value -= l[i * m + k] * v[k] }
                v[i] = value / l[i * m + i]
                norm += v[i] * v[i]
            }
            let variance = norm - 2 * y[j] / Double(m) + totalCovariance / Double(m * m)
            errors[j] = sqrt(max(variance, 0))
        }
        return errors
    }
}
