/// Levenshtein distance — the fewest single-element insertions, deletions and substitutions
/// that turn one sequence into another — used to measure how much an expert changed a model's
/// response in a correction.
///
/// Strings are compared by grapheme cluster (Swift `Character`): what a reader sees as one
/// character counts as one edit, and canonically equivalent forms (precomposed "é" and "e"
/// plus a combining accent) are equal. For Unicode scalars, pass `text.unicodeScalars`.
///
/// Algorithm: the common prefix and suffix are dropped, then the dynamic programme
/// (Wagner & Fischer 1974) is evaluated only within a diagonal band of half-width `k`
/// (Ukkonen 1985), which is exact whenever the distance is at most `k`. Without a limit, `k`
/// starts small and doubles until the answer fits, so time is O(d · n) for distance `d` and
/// length `n`, never worse than O(n · m); memory is O(min(n, m)).
public enum EditDistance {
    /// The distance between two strings, in grapheme clusters.
    public static func levenshtein(_ source: String, _ target: String) -> Int {
        levenshtein(Array(source), Array(target))
    }

    /// The distance between two strings in grapheme clusters if it is at most `limit`, else
    /// `nil`. Costs O(limit · n), so a caller can bound the work spent on very different texts.
    public static func levenshtein(_ source: String, _ target: String, limit: Int) -> Int? {
        levenshtein(Array(source), Array(target), limit: limit)
    }

    /// The distance between two sequences of comparable elements.
    public static func levenshtein<C: Collection>(_ source: C, _ target: C) -> Int where C.Element: Hashable {
        let (short, long) = symbols(source, target)
        var band = max(long.count - short.count, 16)
        while true {
            // A band as wide as the longer sequence covers the whole table, so it always answers.
            if band >= long.count { return banded(short, long, band: long.count) ?? long.count }
            if let distance = banded(short, long, band: band) { return distance }
            band *= 2
        }
    }

    /// The distance between two sequences if it is at most `limit`, else `nil`.
    public static func levenshtein<C: Collection>(_ source: C, _ target: C, limit: Int) -> Int?
    where C.Element: Hashable {
        guard limit >= 0 else { return nil }
        let (short, long) = symbols(source, target)
        return banded(short, long, band: min(limit, long.count))
    }

    /// Both sequences as small integers with their common prefix and suffix removed (they
    /// never change the distance), the shorter first.
    private static func symbols<C: Collection>(_ source: C, _ target: C) -> (short: [Int32], long: [Int32])
    where C.Element: Hashable {
        var codes: [C.Element: Int32] = [:]
        func encode(_ sequence: C) -> [Int32] {
            sequence.map { element in
                if let code = codes[element] { return code }
                let code = Int32(codes.count)
                codes[element] = code
                return code
            }
        }
        var a = encode(source)[...]
        var b = encode(target)[...]
        while let first = a.first, first == b.first {
            a.removeFirst()
            b.removeFirst()
        }
        while let last = a.last, last == b.last {
            a.removeLast()
            b.removeLast()
        }
        return a.count <= b.count ? (Array(a), Array(b)) : (Array(b), Array(a))
    }

    /// The distance if it is at most `band`, computing only cells within `band` of the
    /// diagonal; cells outside hold `band + 1`, which stands for "more than `band`".
    private static func banded(_ short: [Int32], _ long: [Int32], band: Int) -> Int? {
        let n = short.count
        let m = long.count
        guard m - n <= band else { return nil }
        if n == 0 { return m }
        let beyond = band + 1
        // previous[j] and current[j]: distance between long[..<i] and short[..<j]. Cells right of
        // the band are never written, so they keep `beyond` from here.
        var previous = (0...n).map { min($0, beyond) }
        var current = [Int](repeating: beyond, count: n + 1)
        for i in 1...m {
            let low = max(1, i - band)
            let high = min(n, i + band)
            current[low - 1] = low == 1 ? min(i, beyond) : beyond
            var rowMinimum = current[low - 1]
            let symbol = long[i - 1]
            for j in low...high {
                let substitution = previous[j - 1] + (short[j - 1] == symbol ? 0 : 1)
                let value = min(substitution, previous[j] + 1, current[j - 1] + 1, beyond)
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            // Every alignment crosses each row and its cost never falls along the way, so a row
            // whose cells all exceed the band rules out an answer within it.
            if rowMinimum > band { return nil }
            swap(&previous, &current)
        }
        return previous[n] <= band ? previous[n] : nil
    }
}
