@testable import CadreCore
import XCTest

final class SkillsTaxonomyTests: XCTestCase {
    private func problems(_ json: String) -> [FieldError] {
        do {
            _ = try SkillsTaxonomy(parsing: Data(json.utf8))
            return []
        } catch {
            return error.errors
        }
    }

    private func assertRejected(_ json: String, at field: String, saying words: String, file: StaticString = #filePath, line: UInt = #line) {
        let found = problems(json)
        XCTAssert(
            found.contains { $0.field == field && $0.message.contains(words) },
            "expected a problem at \(field) mentioning \"\(words)\", got \(found)", file: file, line: line
        )
    }

    private func document(_ skills: String, domainID: String = "software-engineering") -> String {
        #"{"version": 1, "domains": [{"id": "\#(domainID)", "name": "Software", "skills": [\#(skills)]}]}"#
    }

    func testShippedTaxonomyCoversEverySkillOfEveryShippedBank() throws {
        // setup
        let taxonomy = try ShippedTaxonomy.load()

        // validation
        XCTAssertEqual(taxonomy.domains.map(\.id), ShippedItemBanks.domains)
        for domain in taxonomy.domains {
            let bank = try ItemBank(parsing: ShippedItemBanks.data(domain.id))
            let skills = Dictionary(uniqueKeysWithValues: domain.skills.map { ($0.id, $0) })
            for skill in bank.skills {
                XCTAssertEqual(skills[skill.id]?.name, skill.name, "\(domain.id): bank skill \(skill.id) is in the taxonomy under the same name")
            }
            XCTAssert((10...20).contains(domain.skills.count), "\(domain.id) has \(domain.skills.count) skills")
            for skill in domain.skills {
                XCTAssertGreaterThanOrEqual(skill.synonyms.count + skill.caseSensitiveSynonyms.count, 4, "\(domain.id)/\(skill.id) has few phrases")
            }
        }
    }

    func testValidTaxonomyReadsEveryField() throws {
        let taxonomy = try SkillsTaxonomy(parsing: Data(document(#"{"id": "cloud", "name": "Cloud", "synonyms": ["Kubernetes", "k8s"], "case_sensitive": ["Go"]}"#).utf8))
        XCTAssertEqual(taxonomy.version, 1)
        XCTAssertEqual(taxonomy.domain(id: "software-engineering")?.skills, [
            TaxonomySkill(id: "cloud", name: "Cloud", synonyms: ["Kubernetes", "k8s"], caseSensitiveSynonyms: ["Go"]),
        ])
    }

    func testProblemsNameTheirField() {
        assertRejected("[]", at: "document", saying: "expected an object")
        assertRejected("{", at: "document", saying: "invalid JSON")
        assertRejected(#"{"domains": []}"#, at: "version", saying: "required")
        assertRejected(document(#"{"id": "cloud", "name": "Cloud", "synonym": ["k8s"]}"#), at: "domains[0].skills[0].synonym", saying: "unknown field")
        assertRejected(document(#"{"id": "Cloud!", "name": "Cloud"}"#), at: "domains[0].skills[0].id", saying: "identifier")
        assertRejected(document(#"{"id": "cloud", "name": "Cloud", "synonyms": [" "]}"#), at: "domains[0].skills[0].synonyms[0]", saying: "non-empty")
        assertRejected(document(#"{"id": "cloud", "name": "Cloud", "synonyms": ["--"]}"#), at: "domains[0].skills[0].synonyms[0]", saying: "at least one word")
    }

    func testDuplicatesAreRejectedWithWhereTheFirstWas() {
        assertRejected(
            document(#"{"id": "cloud", "name": "Cloud"}, {"id": "cloud", "name": "Cloud computing"}"#),
            at: "domains[0].skills[1].id", saying: "already used at domains[0].skills[0].id"
        )
        let twoDomains = #"{"version": 1, "domains": [{"id": "law", "name": "Law", "skills": [{"id": "torts", "name": "Torts"}]}, {"id": "law", "name": "Law again", "skills": [{"id": "torts", "name": "Torts"}]}]}"#
        assertRejected(twoDomains, at: "domains[1].id", saying: "duplicate domain id \"law\"")
        // One phrase for two skills of a domain: a resume could not say which it means.
        assertRejected(
            document(#"{"id": "cloud", "name": "Cloud", "synonyms": ["Docker"]}, {"id": "devops", "name": "DevOps", "synonyms": ["docker"]}"#),
            at: "domains[0].skills[1].synonyms[0]", saying: "already names another skill of this domain at domains[0].skills[0].synonyms[0]"
        )
    }

    func testShortSynonymsMustBeCaseSensitive() {
        assertRejected(document(#"{"id": "go", "name": "Golang", "synonyms": ["Go"]}"#), at: "domains[0].skills[0].synonyms[0]", saying: "list it under case_sensitive")
        assertRejected(document(#"{"id": "c", "name": "C language", "synonyms": ["C++", "c"]}"#), at: "domains[0].skills[0].synonyms[0]", saying: "shorter than 3")
        XCTAssertEqual(problems(document(#"{"id": "go", "name": "Golang", "case_sensitive": ["Go", "C"]}"#)), [])
    }
}
