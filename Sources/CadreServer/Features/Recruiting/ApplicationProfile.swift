import CadreCore
import Foundation

/// What a candidate tells Cadre about themselves. Stored whole as JSON on the application.
struct ApplicationProfile: Codable, Sendable, Equatable {
    var headline: String
    /// Interview domains the candidate applies for (item bank domain ids).
    var domains: [String]
    /// Degrees, licences, certifications: free text, one per entry.
    var credentials: [String]
    var languages: [String]
    /// An IANA time zone such as `Europe/Lisbon`.
    var timezone: String
    var weeklyHours: Int
    var expectedRate: ExpectedRate
    /// Skills the candidate confirmed (taxonomy ids), from the proposals or added by hand.
    var skills: [String]

    struct ExpectedRate: Codable, Sendable, Equatable {
        var amountMinor: Int
        var currency: String
    }
}

/// The profile as the API receives it (decoded with snake_case key conversion; every field optional).
struct ApplicationProfileBody: Codable, Sendable {
    var headline: String?
    var domains: [String]?
    var credentials: [String]?
    var languages: [String]?
    var timezone: String?
    var weeklyHours: Int?
    var expectedRate: Rate?
    var skills: [String]?

    struct Rate: Codable, Sendable {
        var amountMinor: Int?
        var currency: String?
    }

    init(_ profile: ApplicationProfile) {
        headline = profile.headline
        domains = profile.domains
        credentials = profile.credentials
        languages = profile.languages
        timezone = profile.timezone
        weeklyHours = profile.weeklyHours
        expectedRate = Rate(amountMinor: profile.expectedRate.amountMinor, currency: profile.expectedRate.currency)
        skills = profile.skills
    }

    /// Applies the fields present onto `base`, collecting every problem with its field name.
    func merged(into base: ApplicationProfile, knownDomains: Set<String>) throws -> ApplicationProfile {
        var profile = base
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

        if let headline {
            let trimmed = headline.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > 300 { fail("headline", "expected at most 300 characters") } else { profile.headline = trimmed }
        }
        if let domains {
            let unique = domains.withoutRepeats
            if unique.isEmpty { fail("domains", "expected at least one domain") }
            for (index, domain) in unique.enumerated() where !knownDomains.contains(domain) {
                fail("domains[\(index)]", "unknown domain \"\(domain)\"; expected one of \(knownDomains.sorted().joined(separator: ", "))")
            }
            profile.domains = unique
        }
        if let credentials {
            if credentials.count > 30 { fail("credentials", "expected at most 30 entries") }
            for (index, entry) in credentials.enumerated() where entry.trimmingCharacters(in: .whitespaces).isEmpty || entry.count > 300 {
                fail("credentials[\(index)]", "expected 1 to 300 characters")
            }
            profile.credentials = credentials.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        if let languages {
            for (index, code) in languages.enumerated() where !ProjectSettings.isLanguageCode(code) {
                fail("languages[\(index)]", "expected a language code such as \"en\" or \"pt-BR\"")
            }
            profile.languages = languages
        }
        if let timezone {
            if TimeZone(identifier: timezone) == nil { fail("timezone", "expected an IANA time zone such as \"Europe/Lisbon\"") }
            profile.timezone = timezone
        }
        if let weeklyHours {
            if !(1...80).contains(weeklyHours) { fail("weekly_hours", "expected 1 to 80 hours a week") }
            profile.weeklyHours = weeklyHours
        }
        if let expectedRate {
            let amount = expectedRate.amountMinor ?? profile.expectedRate.amountMinor
            let currency = expectedRate.currency ?? profile.expectedRate.currency
            if amount < 0 || amount > 10_000_000 { fail("expected_rate.amount_minor", "expected an hourly amount in minor units from 0 to 10000000") }
            if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                fail("expected_rate.currency", "expected a three-letter currency code such as USD")
            }
            profile.expectedRate = .init(amountMinor: amount, currency: currency)
        }
        if let skills {
            if skills.count > 100 { fail("skills", "expected at most 100 skills") }
            for (index, skill) in skills.enumerated() where skill.isEmpty || skill.count > 80 {
                fail("skills[\(index)]", "expected a skill id of 1 to 80 characters")
            }
            profile.skills = skills.withoutRepeats
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return profile
    }

    static let empty = ApplicationProfile(
        headline: "", domains: [], credentials: [], languages: [], timezone: "UTC", weeklyHours: 10,
        expectedRate: .init(amountMinor: 0, currency: "USD"), skills: [])
}

extension Array where Element == String {
    /// The entries in order, each kept once.
    var withoutRepeats: [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
