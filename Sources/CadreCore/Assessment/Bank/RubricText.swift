import Foundation

/// Text normalisation for the embedded rubric scorer: words are case- and accent-folded,
/// apostrophes dropped, and reduced by a light stemmer, so that wording differences that do
/// not change meaning ("Caches", "caching", "cached") do not change a score.
enum RubricText {
    /// A word of an answer: its stem, its folded form, and where it sits in the original text.
    struct Word {
        var stem: String
        var folded: String
        var range: Range<String.Index>
    }

    /// One word of a concept phrase: a stem to equal, or (written with a trailing `*`) a
    /// prefix of the folded word.
    enum PatternWord: Equatable {
        case stem(String)
        case prefix(String)

        func matches(_ word: Word) -> Bool {
            switch self {
            case let .stem(stem): word.stem == stem
            case let .prefix(prefix): word.folded.hasPrefix(prefix)
            }
        }
    }

    /// The words of `text` in order. A word is a run of letters and digits; apostrophes inside
    /// a word are skipped ("client's" reads as "clients"), everything else separates words.
    static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var letters = ""
        func close(at end: String.Index) {
            if let begin = start, !letters.isEmpty {
                let folded = fold(letters)
                words.append(Word(stem: stem(folded), folded: folded, range: begin..<end))
            }
            start = nil
            letters = ""
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter || character.isNumber {
                if start == nil { start = index }
                letters.append(character)
            } else if (character == "'" || character == "\u{2019}") && start != nil {
                // Part of the word: skipped, the word goes on.
            } else {
                close(at: index)
            }
            index = text.index(after: index)
        }
        close(at: text.endIndex)
        return words
    }

    /// The words of a concept phrase as patterns; a trailing `*` makes a word a prefix.
    static func pattern(_ phrase: String) -> [PatternWord] {
        phrase.split(whereSeparator: \.isWhitespace).flatMap { token -> [PatternWord] in
            let isPrefix = token.hasSuffix("*")
            let parts = words(String(isPrefix ? token.dropLast() : token))
            return parts.enumerated().map { offset, word in
                isPrefix && offset == parts.count - 1 ? .prefix(word.folded) : .stem(word.stem)
            }
        }
    }

    /// Lowercase without diacritics, independent of the process's locale.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// A light English stemmer: Harman's S-stemmer (1991, "How effective is suffixing?",
    /// *JASIS* 42:7) for plurals, then Porter's step 1b endings `-ed` and `-ing` with the
    /// undoubling of a final consonant (Porter 1980, "An algorithm for suffix stripping",
    /// *Program* 14:3), Porter's final `-y` to `-i`, and a final silent `-e`. It conflates
    /// inflections, not derivations ("optimise" and "optimal" stay apart), which keeps false
    /// matches rare.
    static func stem(_ word: String) -> String {
        var w = Array(word)
        guard w.count > 2, w.allSatisfy(\.isLetter) else { return word }
        func ends(_ suffix: String) -> Bool { w.count > suffix.count && String(w.suffix(suffix.count)) == suffix }
        if w.count <= 3 {
            // Too short for a plural or tense ending ("gas", "bus"); only step 1c below applies.
        } else if ends("ies") && !ends("eies") && !ends("aies") {
            w.removeLast(3)
            w.append("y")
        } else if ends("es") && !ends("aes") && !ends("ees") && !ends("oes") {
            w.removeLast()
        } else if ends("s") && !ends("us") && !ends("ss") && !ends("is") {
            w.removeLast()
        }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        for suffix in ["ing", "ed"] where ends(suffix) {
            let base = w.dropLast(suffix.count)
            // Only when what is left still has a vowel, so "sing" and "bed" are left alone.
            guard base.count >= 3, base.contains(where: vowels.contains) else { break }
            w = Array(base)
            if let last = w.last, w.count >= 2, w[w.count - 2] == last, !"lsz".contains(last), !vowels.contains(last) {
                w.removeLast()
            }
            break
        }
        // Porter's step 1c: a final y after a vowel-bearing stem becomes i, so "retry",
        // "retries" and "retried" meet at "retri".
        if w.count > 2, w.last == "y", w.dropLast().contains(where: vowels.contains) { w[w.count - 1] = "i" }
        if w.count > 3 && w.last == "e" { w.removeLast() }
        return String(w)
    }
}
