/// A small, fast, seeded pseudo-random generator with a 64-bit state.
///
/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
/// OOPSLA; constants from Vigna's reference implementation). Its whole state is one `UInt64`,
/// so an interview can store it and replay item selection exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable, Codable {
    /// The generator's state; persisting it resumes the same sequence.
    public var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RandomNumberGenerator {
    /// A uniform index in `0..<count` by Lemire's multiply-shift (Lemire 2019, "Fast random
    /// integer generation in an interval", ACM TOMACS 29:1). Spelled out here rather than
    /// using `Int.random(in:using:)` so that a replay never depends on the standard library's
    /// choice of algorithm; the bias is below 2⁻⁵⁰ for the small counts used here.
    mutating func uniformIndex(below count: Int) -> Int {
        precondition(count > 0, "cannot draw from an empty range")
        return Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }
}
