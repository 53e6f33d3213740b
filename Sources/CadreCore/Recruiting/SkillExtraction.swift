/// Skills found in a resume, per domain, to propose to the candidate for confirmation.
public struct SkillExtraction: Sendable, Hashable, Codable {
    /// Domains with at least one matched skill, strongest first: more distinct skills, then
    /// more mentions, then taxonomy order.
    public var domains: [DomainSkills]
    /// Version of the taxonomy matched against.
    public var taxonomyVersion: Int

    /// Creates an extraction.
    public init(domains: [DomainSkills], taxonomyVersion: Int) {
        self.domains = domains
        self.taxonomyVersion = taxonomyVersion
    }

    /// Domains to suggest interviewing in, strongest first: those with at least two distinct
    /// skills, or one skill mentioned at least three times. A single passing mention (a
    /// lawyer's "statistics") is weak evidence of a domain, though its skill is still proposed.
    public var suggestedDomainIDs: [String] {
        domains.filter { $0.skills.count >= 2 || $0.mentions >= 3 }.map(\.domainID)
    }
}

/// The skills of one domain found in a resume.
public struct DomainSkills: Sendable, Hashable, Codable {
    /// The domain's id.
    public var domainID: String
    /// The domain's name.
    public var domainName: String
    /// Matched skills, most mentioned first (then by first appearance).
    public var skills: [ProposedSkill]

    /// Creates a domain's proposals.
    public init(domainID: String, domainName: String, skills: [ProposedSkill]) {
        self.domainID = domainID
        self.domainName = domainName
        self.skills = skills
    }

    /// Mentions of all its skills together.
    public var mentions: Int { skills.reduce(0) { $0 + $1.count } }
}

/// A skill proposed from a resume, with the evidence a candidate can check.
public struct ProposedSkill: Sendable, Hashable, Codable {
    /// The skill's id within its domain.
    public var skillID: String
    /// The skill's name.
    public var skillName: String
    /// The resume's words at the first mention, as written (`K8s`).
    public var matchedPhrase: String
    /// Number of mentions, by any of the skill's phrases.
    public var count: Int
    /// The resume around the first mention, on one line.
    public var excerpt: String

    /// Creates a proposal.
    public init(skillID: String, skillName: String, matchedPhrase: String, count: Int, excerpt: String) {
        self.skillID = skillID
        self.skillName = skillName
        self.matchedPhrase = matchedPhrase
        self.count = count
        self.excerpt = excerpt
    }
}
