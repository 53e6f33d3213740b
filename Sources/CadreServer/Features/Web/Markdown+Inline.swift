/// Inline Markdown inside one block: code spans, links, emphasis and line breaks. Everything
/// that is not one of those is escaped text.
enum Inline {
    static func html(_ text: String) -> String {
        var scanner = InlineScanner(Array(text))
        return scanner.render()
    }

    /// A link target is kept only when it is an absolute http(s) URL with nothing in it that
    /// could end the attribute or hide a different scheme.
    static func safeURL(_ raw: String) -> String? {
        let lower = raw.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), raw.count > 8, raw.count <= 2000 else { return nil }
        let forbidden: Set<Character> = ["\"", "'", "<", ">", "\\", "`", " "]
        guard raw.allSatisfy({ !forbidden.contains($0) && !$0.isWhitespace && $0.asciiValue.map { $0 >= 0x20 && $0 != 0x7f } ?? true })
        else { return nil }
        return raw
    }
}

private struct InlineScanner {
    let chars: [Character]
    var position = 0

    init(_ chars: [Character]) { self.chars = chars }

    mutating func render() -> String {
        var out = ""
        while position < chars.count {
            let character = chars[position]
            switch character {
            case "`":
                out += codeSpan() ?? literal()
            case "[":
                out += link() ?? literal()
            case "*", "_":
                out += emphasis(character) ?? literal()
            case "\n":
                out += "<br>"
                position += 1
            case "\\" where position + 1 < chars.count && chars[position + 1].isPunctuation:
                out += Markdown.escape(String(chars[position + 1]))
                position += 2
            default:
                out += literal()
            }
        }
        return out
    }

    private func matches(_ delimiter: [Character], at index: Int) -> Bool {
        index + delimiter.count <= chars.count && Array(chars[index..<index + delimiter.count]) == delimiter
    }

    private func find(_ delimiter: [Character], from start: Int) -> Int? {
        var index = start
        while index + delimiter.count <= chars.count {
            if matches(delimiter, at: index) { return index }
            index += 1
        }
        return nil
    }

    private mutating func literal() -> String {
        defer { position += 1 }
        return Markdown.escape(String(chars[position]))
    }

    private mutating func codeSpan() -> String? {
        let run = chars[position...].prefix { $0 == "`" }.count
        let fence = [Character](repeating: "`", count: run)
        guard let end = find(fence, from: position + run) else { return nil }
        let body = String(chars[(position + run)..<end]).trimmingCharacters(in: .whitespaces)
        position = end + run
        return "<code>\(Markdown.escape(body))</code>"
    }

    private mutating func link() -> String? {
        guard let close = find(["]", "("], from: position + 1),
              let end = find([")"], from: close + 2),
              let url = Inline.safeURL(String(chars[(close + 2)..<end]).trimmingCharacters(in: .whitespaces))
        else { return nil }
        var label = InlineScanner(Array(chars[(position + 1)..<close]))
        position = end + 1
        return "<a href=\"\(Markdown.escape(url))\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">\(label.render())</a>"
    }

    /// `*em*`, `**strong**`, and the underscore forms only at word edges, so identifiers such
    /// as `snake_case_name` in model output stay as written.
    private mutating func emphasis(_ marker: Character) -> String? {
        let double = position + 1 < chars.count && chars[position + 1] == marker
        let delimiter: [Character] = double ? [marker, marker] : [marker]
        let start = position + delimiter.count
        guard start < chars.count, !chars[start].isWhitespace else { return nil }
        if marker == "_", position > 0, chars[position - 1].isLetter || chars[position - 1].isNumber { return nil }
        guard let end = find(delimiter, from: start + 1), !chars[end - 1].isWhitespace else { return nil }
        if marker == "_", end + delimiter.count < chars.count,
           chars[end + delimiter.count].isLetter || chars[end + delimiter.count].isNumber { return nil }
        var inner = InlineScanner(Array(chars[start..<end]))
        position = end + delimiter.count
        let tag = double ? "strong" : "em"
        return "<\(tag)>\(inner.render())</\(tag)>"
    }
}
