/// The set of word shingles of a free-text answer, each hashed to 64 bits.
///
/// A w-shingle is a run of w consecutive words; the resemblance of two documents is the
/// Jaccard similarity of their shingle sets (Broder 1997, "On the resemblance and containment
/// of documents", *Compression and Complexity of Sequences*). Text is lowercased and split on
/// anything that is not a letter or digit, so punctuation and spacing do not hide copying.
/// Hashing is FNV-1a (Fowler, Noll & Vo), not Swift's `Hasher`, which is seeded per process and
/// would make signatures incomparable across runs.
public struct ShingleSet: Sendable, Hashable, Codable {
    /// Hashes of the distinct shingles.
    public let hashes: Set<UInt64>
    /// Words per shingle.
    public let width: Int

    /// Shingles `text` into runs of `width` words. A text shorter than `width` words yields a
    /// single shingle of all its words, so short answers can still be compared; an empty text
    /// yields none.
    public init(text: String, width: Int = 3) {
        precondition(width >= 1, "a shingle has at least one word")
        let words = Self.words(in: text)
        var hashes = Set<UInt64>()
        if !words.isEmpty {
            let runs = max(words.count - width + 1, 1)
            for start in 0..<runs {
                hashes.insert(Self.fnv1a(words[start..<min(start + width, words.count)]))
            }
        }
        self.hashes = hashes
        self.width = width
    }

    /// Number of distinct shingles.
    public var count: Int { hashes.count }

    /// Exact Jaccard similarity `|A ∩ B| / |A ∪ B|`; 0 when both sets are empty, since two
    /// blank answers are no evidence of copying.
    public func jaccard(with other: ShingleSet) -> Double {
        let union = hashes.union(other.hashes).count
        guard union > 0 else { return 0 }
        return Double(hashes.intersection(other.hashes).count) / Double(union)
    }

    /// Lowercased words: maximal runs of letters and digits.
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// 64-bit FNV-1a over the UTF-8 bytes of the words, separated by a space.
    static func fnv1a(_ words: ArraySlice<String>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var first = true
        for word in words {
            if !first {
                hash ^= UInt64(UInt8(ascii: " "))
                hash &*= 0x0000_0100_0000_01B3
            }
            first = false
            for byte in word.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}
