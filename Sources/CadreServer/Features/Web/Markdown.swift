/// Renders the Markdown found in task data (prompts, model responses, agent steps) and
/// project instructions to HTML that is safe to place in a page.
///
/// Task data comes from clients and from models, so it is hostile by assumption: every
/// character of it is escaped, and the only markup in the output is what this renderer
/// writes itself. Raw HTML in the input shows as text. Links keep only `http` and `https`
/// targets, open in a new tab and carry no referrer.
///
/// Supported: ATX headings, paragraphs (single newlines kept as line breaks, since model
/// output relies on them), `*em*`/`_em_`, `**strong**`/`__strong__`, `` `code` ``, fenced code
/// blocks with a language class, bulleted and numbered lists, block quotes, rules, and
/// `[text](https://…)` links. Headings start at `<h3>` so task text never outranks the page.
enum Markdown {
    static func html(_ source: String) -> String {
        var renderer = BlockRenderer(lines: source.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n"))
        return renderer.render()
    }

    /// Escapes text for an HTML element body or a quoted attribute value.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Splits the source into blocks; each block's text goes through `Inline`.
private struct BlockRenderer {
    let lines: [String]
    var index = 0
    var out = ""

    init(lines: [String]) { self.lines = lines }

    mutating func render() -> String {
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                index += 1
            } else if let fence = Self.fence(trimmed) {
                codeBlock(fence: fence, info: String(trimmed.dropFirst(3)))
            } else if let (level, text) = Self.heading(trimmed) {
                out += "<h\(level)>\(Inline.html(text))</h\(level)>"
                index += 1
            } else if trimmed == "---" || trimmed == "***" || trimmed == "___" {
                out += "<hr>"
                index += 1
            } else if trimmed.hasPrefix(">") {
                quote()
            } else if let item = ListItem(line) {
                list(ordered: item.ordered)
            } else {
                paragraph()
            }
        }
        return out
    }

    static func fence(_ trimmed: String) -> String? {
        trimmed.hasPrefix("```") ? "```" : trimmed.hasPrefix("~~~") ? "~~~" : nil
    }

    static func heading(_ trimmed: String) -> (Int, String)? {
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (min(hashes + 2, 6), rest.trimmingCharacters(in: .whitespaces))
    }

    /// Starts a new block: a line that cannot continue a paragraph or list item.
    static func startsBlock(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || fence(trimmed) != nil || heading(trimmed) != nil || trimmed.hasPrefix(">")
            || ListItem(line) != nil || trimmed == "---"
    }

    mutating func codeBlock(fence: String, info: String) {
        let language = info.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || "+-_#.".contains($0) }
        index += 1
        var body: [String] = []
        while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix(fence) {
            body.append(lines[index])
            index += 1
        }
        index += 1  // the closing fence; an unclosed block runs to the end, as in CommonMark
        let attribute = language.isEmpty ? "" : " class=\"language-\(Markdown.escape(language))\""
        let label = language.isEmpty ? "" : "<span class=\"code-lang\">\(Markdown.escape(language))</span>"
        out += "<pre>\(label)<code\(attribute)>\(Markdown.escape(body.joined(separator: "\n")))</code></pre>"
    }

    mutating func quote() {
        var inner: [String] = []
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces).dropFirst()
            inner.append(String(trimmed.first == " " ? trimmed.dropFirst() : trimmed))
            index += 1
        }
        var nested = BlockRenderer(lines: inner)
        out += "<blockquote>\(nested.render())</blockquote>"
    }

    mutating func list(ordered: Bool) {
        var items: [String] = []
        while index < lines.count, let item = ListItem(lines[index]), item.ordered == ordered {
            var text = [item.text]
            index += 1
            // Indented lines continue the item (a wrapped sentence, a second paragraph line).
            while index < lines.count, lines[index].hasPrefix("  "), !Self.startsBlock(lines[index]) {
                text.append(lines[index].trimmingCharacters(in: .whitespaces))
                index += 1
            }
            items.append("<li>\(Inline.html(text.joined(separator: "\n")))</li>")
        }
        let tag = ordered ? "ol" : "ul"
        out += "<\(tag)>\(items.joined())</\(tag)>"
    }

    mutating func paragraph() {
        var text: [String] = [lines[index].trimmingCharacters(in: .whitespaces)]
        index += 1
        while index < lines.count, !Self.startsBlock(lines[index]) {
            text.append(lines[index].trimmingCharacters(in: .whitespaces))
            index += 1
        }
        out += "<p>\(Inline.html(text.joined(separator: "\n")))</p>"
    }
}

/// `- item`, `* item`, `+ item`, `1. item`, `1) item`.
private struct ListItem {
    var ordered: Bool
    var text: String

    init?(_ line: String) {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count < 4 else { return nil }
        if let marker = trimmed.first, "-*+".contains(marker), trimmed.dropFirst().first == " " {
            let rest = trimmed.dropFirst(2)
            // "* * *" is a rule, not a list.
            guard !(marker != "+" && rest.allSatisfy { $0 == marker || $0 == " " }) else { return nil }
            self.init(ordered: false, text: String(rest))
            return
        }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let after = trimmed.dropFirst(digits.count)
        guard (1...9).contains(digits.count), let marker = after.first, marker == "." || marker == ")",
              after.dropFirst().first == " "
        else { return nil }
        self.init(ordered: true, text: String(after.dropFirst(2)))
    }

    private init(ordered: Bool, text: String) {
        self.ordered = ordered
        self.text = text
    }
}
