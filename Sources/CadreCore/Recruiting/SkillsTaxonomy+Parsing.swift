import Foundation

extension SkillsTaxonomy {
    /// Fewest letters or digits a phrase matched ignoring case may have: shorter ones (`ml`,
    /// `go`, `r`) are ordinary words or letters in some case, so they must be listed as
    /// case-sensitive.
    public static let minimumFoldedPhraseLength = 3
    /// Upper bounds that keep one oversized file from stalling the matcher.
    public static let maxDomains = 100
    /// Upper bound on skills per domain.
    public static let maxSkillsPerDomain = 200
    /// Upper bound on phrases per skill, both kinds together.
    public static let maxPhrasesPerSkill = 60

    /// Reads and validates a taxonomy file.
    ///
    /// Unknown fields are refused, as in item banks, so a misspelt `synonym` key is caught
    /// instead of silently matching nothing. Every problem is reported with its field path
    /// (`domains[2].skills[4].synonyms[1]`).
    /// - Throws: `ValidationFailure` listing every problem; invalid JSON is one problem at
    ///   field `document`.
    public init(parsing data: Data) throws(ValidationFailure) {
        try self.init(json: JSONValue.document(parsing: data))
    }

    /// Validates a taxonomy given as a JSON value; see `init(parsing:)`.
    public init(json: JSONValue) throws(ValidationFailure) {
        let members = try FieldReader.topLevelObject(json, name: "document")
        var reader = FieldReader()
        reader.rejectUnknownKeys(members, allowed: ["version", "domains"], at: "")
        let version = reader.wholeNumber(members["version"], at: "version", in: 1...Int(Int32.max), required: true)
        var domains: [TaxonomyDomain] = []
        var domainPaths: [String: String] = [:]
        if let elements = reader.array(members["domains"], at: "domains", required: true, count: 1...Self.maxDomains, noun: "domains") {
            for (index, element) in elements.enumerated() {
                let path = fieldPath("domains", index)
                guard let domain = Self.readDomain(element, at: path, reader: &reader) else { continue }
                if let first = domainPaths[domain.id] {
                    reader.fail(fieldPath(path, "id"), "duplicate domain id \"\(domain.id)\"; already used at \(first)")
                    continue
                }
                domainPaths[domain.id] = fieldPath(path, "id")
                domains.append(domain)
            }
        }
        try reader.finish()
        guard let version else { throw FieldReader.incomplete("version") }
        self.init(version: version, domains: domains)
    }

    private static func readDomain(_ value: JSONValue, at path: String, reader: inout FieldReader) -> TaxonomyDomain? {
        guard let members = reader.object(value, at: path) else { return nil }
        let before = reader.errors.count
        reader.rejectUnknownKeys(members, allowed: ["id", "name", "skills"], at: path)
        let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
        let name = reader.text(members["name"], at: fieldPath(path, "name"), required: true, maxLength: TemplateLimits.maxNameLength)
        var skills: [TaxonomySkill] = []
        var skillPaths: [String: String] = [:]
        // A phrase naming two skills of one domain could not say which one a resume means.
        var phrasePaths: [String: String] = [:]
        let skillsPath = fieldPath(path, "skills")
        if let elements = reader.array(members["skills"], at: skillsPath, required: true, count: 1...maxSkillsPerDomain, noun: "skills") {
            for (index, element) in elements.enumerated() {
                let skillPath = fieldPath(skillsPath, index)
                guard let skill = readSkill(element, at: skillPath, reader: &reader) else { continue }
                if let first = skillPaths[skill.id] {
                    reader.fail(fieldPath(skillPath, "id"), "duplicate skill id \"\(skill.id)\"; already used at \(first)")
                    continue
                }
                skillPaths[skill.id] = fieldPath(skillPath, "id")
                for (phrase, phrasePath) in phrases(of: skill, at: skillPath) {
                    if let first = phrasePaths[phrase], !first.hasPrefix(skillPath + ".") {
                        reader.fail(phrasePath, "phrase \"\(phrase)\" already names another skill of this domain at \(first)")
                    } else if phrasePaths[phrase] == nil {
                        phrasePaths[phrase] = phrasePath
                    }
                }
                skills.append(skill)
            }
        }
        guard reader.isClean(since: before), let id, let name else { return nil }
        return TaxonomyDomain(id: id, name: name, skills: skills)
    }

    private static func readSkill(_ value: JSONValue, at path: String, reader: inout FieldReader) -> TaxonomySkill? {
        guard let members = reader.object(value, at: path) else { return nil }
        let before = reader.errors.count
        reader.rejectUnknownKeys(members, allowed: ["id", "name", "synonyms", "case_sensitive"], at: path)
        let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
        let name = reader.text(members["name"], at: fieldPath(path, "name"), required: true, maxLength: TemplateLimits.maxNameLength)
        if let name, foldedLength(name) < minimumFoldedPhraseLength {
            reader.fail(fieldPath(path, "name"), "expected a name of at least \(minimumFoldedPhraseLength) letters or digits, since names are matched ignoring case")
        }
        let synonyms = readPhrases(members["synonyms"], at: fieldPath(path, "synonyms"), caseSensitive: false, reader: &reader)
        let exact = readPhrases(members["case_sensitive"], at: fieldPath(path, "case_sensitive"), caseSensitive: true, reader: &reader)
        if synonyms.count + exact.count > maxPhrasesPerSkill {
            reader.fail(path, "expected at most \(maxPhrasesPerSkill) synonyms and case-sensitive phrases together, got \(synonyms.count + exact.count)")
        }
        guard reader.isClean(since: before), let id, let name else { return nil }
        return TaxonomySkill(id: id, name: name, synonyms: synonyms, caseSensitiveSynonyms: exact)
    }

    private static func readPhrases(_ value: JSONValue?, at path: String, caseSensitive: Bool, reader: inout FieldReader) -> [String] {
        guard let elements = reader.array(value, at: path, required: false, count: 0...maxPhrasesPerSkill, noun: "phrases") else { return [] }
        var phrases: [String] = []
        for (index, element) in elements.enumerated() {
            let elementPath = fieldPath(path, index)
            guard let phrase = reader.text(element, at: elementPath, required: true, maxLength: TemplateLimits.maxNameLength) else { continue }
            let words = ResumeText(phrase).tokens.filter(\.isWord)
            if words.isEmpty {
                reader.fail(elementPath, "expected a phrase with at least one word, got \"\(phrase)\"")
            } else if !caseSensitive && foldedLength(phrase) < minimumFoldedPhraseLength {
                reader.fail(elementPath, "\"\(phrase)\" is shorter than \(minimumFoldedPhraseLength) letters and would match too much ignoring case; list it under case_sensitive")
            } else {
                phrases.append(phrase)
            }
        }
        return phrases
    }

    /// Every phrase of `skill` in its matching form (folded unless case-sensitive), with its path.
    private static func phrases(of skill: TaxonomySkill, at path: String) -> [(String, String)] {
        var result = [(ResumeText.matchKey(skill.name, caseSensitive: false), fieldPath(path, "name"))]
        for (index, synonym) in skill.synonyms.enumerated() {
            result.append((ResumeText.matchKey(synonym, caseSensitive: false), fieldPath(fieldPath(path, "synonyms"), index)))
        }
        for (index, phrase) in skill.caseSensitiveSynonyms.enumerated() {
            result.append((ResumeText.matchKey(phrase, caseSensitive: true), fieldPath(fieldPath(path, "case_sensitive"), index)))
        }
        return result
    }

    /// Letters and digits in a phrase, so `"C++"` counts 1 and `"k8s"` 3.
    private static func foldedLength(_ phrase: String) -> Int {
        phrase.filter { $0.isLetter || $0.isNumber }.count
    }
}
