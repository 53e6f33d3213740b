import Foundation

/// A resume (or a taxonomy phrase) cut into word and punctuation tokens, each with its
/// case- and diacritic-folded form and its place in the text.
///
/// Words are runs of letters and digits that also keep what makes technical names: trailing
/// `+` and `#` (`C++`, `C#`), an inner `.` or apostrophe before a letter or digit (`Node.js`,
/// `Crohn's`) and a leading `.` (`.NET`). A hyphen between two words splits them, so
/// `fault-tolerant` matches `fault tolerant`. Every other visible character is a punctuation token of its own, which
/// keeps phrases from matching across a comma and gives short names their list context.
struct ResumeText {
    /// One token.
    struct Token {
        /// The token as written.
        var text: String
        /// Lowercased, without diacritics, typographic apostrophes made plain.
        var folded: String
        /// Offsets of its first and one-past-last character in `characters`.
        var start: Int, end: Int
        /// Whether it is a word rather than punctuation.
        var isWord: Bool
        /// Whether only whitespace separates it from the start of its line.
        var startsLine: Bool
    }

    /// The text's characters, for excerpts.
    let characters: [Character]
    /// The tokens in order.
    let tokens: [Token]

    /// Tokenises `text`.
    /// - Complexity: O(characters).
    init(_ text: String) {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        var atLineStart = true
        func isWordCharacter(_ i: Int) -> Bool {
            i < characters.count && (characters[i].isLetter || characters[i].isNumber)
        }
        while index < characters.count {
            let character = characters[index]
            if character.isNewline {
                atLineStart = true
                index += 1
                continue
            }
            // A hyphen inside a compound joins words like a space, so `fault-tolerant`
            // matches `fault tolerant`; a bullet hyphen stays a token.
            let joinsWords = (character == "-" || character == "\u{2010}")
                && index > 0 && isWordCharacter(index - 1) && isWordCharacter(index + 1)
            if character.isWhitespace || joinsWords {
                index += 1
                continue
            }
            let start = index
            let leadingDot = character == "." && isWordCharacter(index + 1)
                && (index == 0 || !isWordCharacter(index - 1))
            if isWordCharacter(index) || leadingDot {
                index += 1
                while index < characters.count {
                    let next = characters[index]
                    if isWordCharacter(index) {
                        index += 1
                    } else if (next == "." || next == "'" || next == "’") && isWordCharacter(index + 1) {
                        index += 2
                    } else if next == "+" || next == "#" {
                        var end = index
                        while end < characters.count && (characters[end] == "+" || characters[end] == "#") { end += 1 }
                        // `a+b` is an expression, not a name like `C++`.
                        if isWordCharacter(end) { break }
                        index = end
                        break
                    } else {
                        break
                    }
                }
            } else {
                index += 1
            }
            let text = String(characters[start..<index])
            tokens.append(Token(
                text: text, folded: Self.fold(text), start: start, end: index,
                isWord: index - start > 1 || isWordCharacter(start), startsLine: atLineStart
            ))
            atLineStart = false
        }
        self.characters = characters
        self.tokens = tokens
    }

    /// `text` lowercased and without diacritics (`Schrödinger` → `schrodinger`).
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
            .replacingOccurrences(of: "’", with: "'")
    }

    /// The form in which a phrase is compared: its tokens, folded unless `caseSensitive`,
    /// joined by single spaces.
    static func matchKey(_ phrase: String, caseSensitive: Bool) -> String {
        ResumeText(phrase).tokens.map { caseSensitive ? $0.text : $0.folded }.joined(separator: " ")
    }

    /// The text from character `start` to `end`, widened by about `context` characters each
    /// side to whole words, on one line, with `…` where it was cut.
    func excerpt(from start: Int, to end: Int, context: Int = 40) -> String {
        var lower = max(0, start - context), upper = min(characters.count, end + context)
        while lower > 0 && !characters[lower - 1].isWhitespace && lower > start - 2 * context { lower -= 1 }
        while upper < characters.count && !characters[upper].isWhitespace && upper < end + 2 * context { upper += 1 }
        let body = String(characters[lower..<upper])
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
        return (lower > 0 ? "…" : "") + body + (upper < characters.count ? "…" : "")
    }
}
