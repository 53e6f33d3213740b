/// A fixed-size MinHash signature of a shingle set.
///
/// For a random permutation π, `P[min π(A) = min π(B)] = J(A, B)`, so the fraction of agreeing
/// minima over k independent hash functions estimates the Jaccard similarity with standard
/// error `√(J(1 − J)/k)` (Broder 1997; Broder, Charikar, Frieze & Mitzenmacher 1998).
/// Signatures are small and comparable without the original text, which is why answers are
/// compared across candidates through them.
public struct MinHashSignature: Sendable, Hashable, Codable {
    /// Minimum hash value per hash function.
    public let values: [UInt64]
    /// Whether the shingle set was empty (then no value carries information).
    public let isEmpty: Bool

    /// Estimated Jaccard similarity: the share of positions where the two signatures agree;
    /// 0 if either answer had no words.
    /// - Precondition: both signatures come from the same `MinHasher`.
    public func estimatedJaccard(with other: MinHashSignature) -> Double {
        precondition(values.count == other.values.count, "signatures of different lengths are not comparable")
        guard !isEmpty, !other.isEmpty, !values.isEmpty else { return 0 }
        var agreeing = 0
        for i in values.indices where values[i] == other.values[i] { agreeing += 1 }
        return Double(agreeing) / Double(values.count)
    }
}

/// A family of seeded hash functions that turns shingle sets into MinHash signatures.
///
/// Each function is `h(x) = (a·x + b) mod p` with `p = 2⁶¹ − 1`, a universal family
/// (Carter & Wegman 1979) standing in for a random permutation, as is usual for MinHash.
/// Coefficients come from `SplitMix64` with a fixed seed, so signatures computed on different
/// days and machines compare.
public struct MinHasher: Sendable, Hashable, Codable {
    /// Multiplier `a` (in `1..<p`) of each hash function.
    public let multipliers: [UInt64]
    /// Offset `b` (in `0..<p`) of each hash function.
    public let offsets: [UInt64]

    static let prime: UInt64 = (1 << 61) - 1

    /// Creates `signatureLength` hash functions from `seed`. Signatures are only comparable
    /// between hashers with the same length and seed; 128 functions give a standard error of at
    /// most about 0.044.
    public init(signatureLength: Int = 128, seed: UInt64 = 0x0CAD_4E5E_ED00_0001) {
        precondition(signatureLength >= 1, "a signature needs at least one hash function")
        var generator = SplitMix64(seed: seed)
        var multipliers: [UInt64] = [], offsets: [UInt64] = []
        for _ in 0..<signatureLength {
            multipliers.append(1 + generator.next() % (Self.prime - 1))
            offsets.append(generator.next() % Self.prime)
        }
        self.multipliers = multipliers
        self.offsets = offsets
    }

    /// The signature of `shingles`.
    /// - Complexity: O(shingles × signature length).
    public func signature(of shingles: ShingleSet) -> MinHashSignature {
        var minima = [UInt64](repeating: .max, count: multipliers.count)
        for shingle in shingles.hashes {
            let x = Self.reduce(shingle)
            for i in multipliers.indices {
                let h = Self.affine(multiplier: multipliers[i], value: x, offset: offsets[i])
                if h < minima[i] { minima[i] = h }
            }
        }
        return MinHashSignature(values: minima, isEmpty: shingles.hashes.isEmpty)
    }

    /// The signature of a free-text answer shingled into `width`-word runs.
    public func signature(ofText text: String, width: Int = 3) -> MinHashSignature {
        signature(of: ShingleSet(text: text, width: width))
    }

    /// `x mod (2⁶¹ − 1)` using `2⁶¹ ≡ 1`.
    static func reduce(_ x: UInt64) -> UInt64 {
        var r = (x & prime) &+ (x >> 61)
        if r >= prime { r -= prime }
        return r
    }

    /// `(a·x + b) mod (2⁶¹ − 1)` for `a, x, b < 2⁶¹ − 1`, via the 128-bit product.
    static func affine(multiplier a: UInt64, value x: UInt64, offset b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: x)
        let low = product.low & prime
        let high = (product.high << 3) | (product.low >> 61)
        return reduce(reduce(low &+ high) &+ b)
    }
}

/// Another answer whose text resembles the one being checked.
public struct SimilarAnswer: Sendable, Hashable, Codable {
    /// Identifier of the other answer.
    public var answerID: String
    /// Estimated Jaccard similarity of the two answers' shingle sets.
    public var estimatedJaccard: Double

    /// Creates a match.
    public init(answerID: String, estimatedJaccard: Double) {
        self.answerID = answerID
        self.estimatedJaccard = estimatedJaccard
    }
}

extension MinHashSignature {
    /// Answers among `others` whose estimated similarity to this one is at least `threshold`,
    /// most similar first (ties by identifier, for a stable report).
    /// - Complexity: O(others × signature length).
    public func similarAnswers(among others: [(answerID: String, signature: MinHashSignature)], threshold: Double = 0.5) -> [SimilarAnswer] {
        others
            .map { SimilarAnswer(answerID: $0.answerID, estimatedJaccard: estimatedJaccard(with: $0.signature)) }
            .filter { $0.estimatedJaccard >= threshold }
            .sorted { $0.estimatedJaccard != $1.estimatedJaccard ? $0.estimatedJaccard > $1.estimatedJaccard : $0.answerID < $1.answerID }
    }
}
