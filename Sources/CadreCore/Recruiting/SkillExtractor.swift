/// Finds a taxonomy's skills in resume text.
///
/// Matching is on whole tokens (see `ResumeText`), so `R` never matches inside `Rust` and `C`
/// never inside `C++`. Synonyms and names match ignoring case and diacritics; case-sensitive
/// phrases match only as written. At each position the longest phrase wins and matching
/// resumes after it, so `machine learning` is one mention, not also one of `learning`.
///
/// A case-sensitive phrase of one token that is a single character (`R`, `C`) or two
/// characters not all capitals (`Go`) is also an initial, a vitamin or an ordinary word, so it
/// counts only in the context of a list of skills: after a list separator (`,` `/` `;` `|` `(`
/// `:` `•`, or a bullet `-` `*` opening a line), after one of "in", "with", "using", "and",
/// "or", "including", "language(s)", or at the start of a line when a separator follows.
/// `Python, R, SQL` and `services in Go` count; `Vitamin C`, `John C. Smith` and
/// `Go-to-market` do not.
public struct SkillExtractor: Sendable {
    /// Resumes are read up to this many characters; the rest is ignored, so one pasted book
    /// cannot stall a request.
    public static let maxCharacters = 200_000

    /// One phrase in its matching form and the skills it names (several across domains).
    struct Phrase: Sendable {
        var tokens: [String]
        var caseSensitive: Bool
        var needsListContext: Bool
        var targets: [SkillReference]
    }

    struct SkillReference: Sendable, Hashable {
        var domain: Int, skill: Int
    }

    /// The taxonomy matched against.
    public let taxonomy: SkillsTaxonomy
    /// Phrases by their first token's folded form, longest first.
    let phrasesByFirstToken: [String: [Phrase]]

    /// Prepares the taxonomy's phrases for matching.
    public init(taxonomy: SkillsTaxonomy) {
        self.taxonomy = taxonomy
        var byKey: [String: Phrase] = [:]
        var order: [String] = []
        for (d, domain) in taxonomy.domains.enumerated() {
            for (s, skill) in domain.skills.enumerated() {
                let reference = SkillReference(domain: d, skill: s)
                let phrases = ([skill.name] + skill.synonyms).map { ($0, false) } + skill.caseSensitiveSynonyms.map { ($0, true) }
                for (text, caseSensitive) in phrases {
                    let tokens = ResumeText(text).tokens.map { caseSensitive ? $0.text : $0.folded }
                    guard !tokens.isEmpty else { continue }
                    let key = (caseSensitive ? "=" : "~") + tokens.joined(separator: " ")
                    if byKey[key] == nil {
                        order.append(key)
                        byKey[key] = Phrase(
                            tokens: tokens, caseSensitive: caseSensitive,
                            needsListContext: caseSensitive && Self.isAmbiguousShortName(tokens), targets: []
                        )
                    }
                    if !byKey[key]!.targets.contains(reference) { byKey[key]!.targets.append(reference) }
                }
            }
        }
        var index: [String: [Phrase]] = [:]
        for key in order {
            let phrase = byKey[key]!
            index[ResumeText.fold(phrase.tokens[0]), default: []].append(phrase)
        }
        phrasesByFirstToken = index.mapValues { $0.sorted { $0.tokens.count > $1.tokens.count } }
    }

    /// The skills named in `resume`, grouped by domain and ranked.
    /// - Complexity: O(tokens × phrases sharing a first token × phrase length).
    public func extract(from resume: String) -> SkillExtraction {
        let text = ResumeText(String(resume.prefix(Self.maxCharacters)))
        var mentions: [SkillReference: (count: Int, first: Int, last: Int)] = [:]
        var position = 0
        while position < text.tokens.count {
            guard text.tokens[position].isWord, let phrase = longestMatch(at: position, in: text) else {
                position += 1
                continue
            }
            for target in phrase.targets {
                if let seen = mentions[target] {
                    mentions[target] = (seen.count + 1, seen.first, seen.last)
                } else {
                    mentions[target] = (1, position, position + phrase.tokens.count - 1)
                }
            }
            position += phrase.tokens.count
        }
        return extraction(from: mentions, in: text)
    }

    private func longestMatch(at position: Int, in text: ResumeText) -> Phrase? {
        let tokens = text.tokens
        guard let candidates = phrasesByFirstToken[tokens[position].folded] else { return nil }
        for phrase in candidates where position + phrase.tokens.count <= tokens.count {
            let matches = phrase.tokens.indices.allSatisfy { offset in
                let token = tokens[position + offset]
                return (phrase.caseSensitive ? token.text : token.folded) == phrase.tokens[offset]
            }
            if matches && (!phrase.needsListContext || Self.isInListContext(position, of: tokens)) {
                return phrase
            }
        }
        return nil
    }

    private func extraction(from mentions: [SkillReference: (count: Int, first: Int, last: Int)], in text: ResumeText) -> SkillExtraction {
        var domains: [(index: Int, value: DomainSkills)] = []
        for (d, domain) in taxonomy.domains.enumerated() {
            let found = domain.skills.indices
                .compactMap { s in mentions[SkillReference(domain: d, skill: s)].map { (s, $0) } }
                .sorted { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.1.first < $1.1.first }
            guard !found.isEmpty else { continue }
            let skills = found.map { s, mention in
                let start = text.tokens[mention.first].start, end = text.tokens[mention.last].end
                return ProposedSkill(
                    skillID: domain.skills[s].id, skillName: domain.skills[s].name,
                    matchedPhrase: String(text.characters[start..<end]), count: mention.count,
                    excerpt: text.excerpt(from: start, to: end)
                )
            }
            domains.append((d, DomainSkills(domainID: domain.id, domainName: domain.name, skills: skills)))
        }
        let ranked = domains.sorted { lhs, rhs in
            if lhs.value.skills.count != rhs.value.skills.count { return lhs.value.skills.count > rhs.value.skills.count }
            if lhs.value.mentions != rhs.value.mentions { return lhs.value.mentions > rhs.value.mentions }
            return lhs.index < rhs.index
        }
        return SkillExtraction(domains: ranked.map(\.value), taxonomyVersion: taxonomy.version)
    }

    private static let listSeparators: Set<String> = [",", "/", ";", "|", "(", ":", "•", "·"]
    private static let bullets: Set<String> = ["-", "*", "–"]
    private static let listWords: Set<String> = ["in", "with", "using", "and", "or", "including", "language", "languages"]
    private static let closingSeparators: Set<String> = [",", "/", ";", "|", ")"]

    /// A bare letter, or two letters not both capitals (`R`, `Go`; not `ML`, `AI` or `C++`).
    static func isAmbiguousShortName(_ tokens: [String]) -> Bool {
        guard tokens.count == 1, tokens[0].allSatisfy(\.isLetter) else { return false }
        let letters = tokens[0]
        return letters.count == 1 || (letters.count == 2 && !letters.allSatisfy(\.isUppercase))
    }

    /// Whether the token at `position` sits in a list of skills; see the type's notes.
    static func isInListContext(_ position: Int, of tokens: [ResumeText.Token]) -> Bool {
        let token = tokens[position]
        let next = position + 1 < tokens.count ? tokens[position + 1] : nil
        let followedBySeparator = next.map { !$0.startsLine && closingSeparators.contains($0.folded) } ?? false
        guard position > 0, !token.startsLine else { return followedBySeparator }
        let previous = tokens[position - 1]
        if listSeparators.contains(previous.folded) { return true }
        if bullets.contains(previous.folded) && previous.startsLine { return true }
        return listWords.contains(previous.folded)
    }
}
