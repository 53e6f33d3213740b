/// The skills a resume is matched against: each interview domain with its skills, and for
/// every skill the phrases that name it in resumes.
///
/// Shipped as data (`Resources/Skills/taxonomy.json`) and read with `init(parsing:)`, which
/// checks ids, duplicates and phrases that would match too much, naming the field of each
/// problem as item banks do.
public struct SkillsTaxonomy: Sendable, Hashable {
    /// Version of the taxonomy's content, increased whenever a skill or phrase changes, so a
    /// stored extraction can say what it was matched against.
    public var version: Int
    /// The domains, in the order they are listed.
    public var domains: [TaxonomyDomain]

    /// Creates a taxonomy from values that are already known to be valid.
    public init(version: Int, domains: [TaxonomyDomain]) {
        self.version = version
        self.domains = domains
    }

    /// The domain with `id`, if there is one.
    public func domain(id: String) -> TaxonomyDomain? {
        domains.first { $0.id == id }
    }
}

/// A domain of expertise; its id is the id of the domain's item bank.
public struct TaxonomyDomain: Sendable, Hashable, Codable {
    /// Stable identifier, a lowercase slug such as `software-engineering`.
    public var id: String
    /// The domain's name as candidates read it.
    public var name: String
    /// The domain's skills, in the order they are listed.
    public var skills: [TaxonomySkill]

    /// Creates a domain.
    public init(id: String, name: String, skills: [TaxonomySkill]) {
        self.id = id
        self.name = name
        self.skills = skills
    }
}

/// A skill and the phrases that name it.
public struct TaxonomySkill: Sendable, Hashable, Codable {
    /// Stable identifier within the domain, a lowercase slug such as `distributed-systems`;
    /// the same id as the item bank's skill where the bank measures it.
    public var id: String
    /// The skill's name as candidates read it. It is matched too.
    public var name: String
    /// Phrases matched ignoring case and diacritics, on word boundaries (`Kubernetes`, `k8s`).
    public var synonyms: [String]
    /// Phrases matched only as written, for abbreviations that are ordinary words in another
    /// case (`ML`, `Swift`) or letters (`R`, `C`, `Go`); see `SkillExtractor` for the extra
    /// context a one- or two-letter one needs.
    public var caseSensitiveSynonyms: [String]

    /// Creates a skill.
    public init(id: String, name: String, synonyms: [String] = [], caseSensitiveSynonyms: [String] = []) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.caseSensitiveSynonyms = caseSensitiveSynonyms
    }
}
