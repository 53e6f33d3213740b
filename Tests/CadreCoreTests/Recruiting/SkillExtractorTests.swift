@testable import CadreCore
import XCTest

final class SkillExtractorTests: XCTestCase {
    private func extractor() throws -> SkillExtractor {
        try SkillExtractor(taxonomy: ShippedTaxonomy.load())
    }

    private func skills(_ extraction: SkillExtraction, in domain: String) -> [String: ProposedSkill] {
        let found = extraction.domains.first { $0.domainID == domain }?.skills ?? []
        return Dictionary(uniqueKeysWithValues: found.map { ($0.skillID, $0) })
    }

    func testBackendEngineerResumeProposesSoftwareSkillsWithEvidence() throws {
        // setup
        let resume = """
            Jane Doe — Senior Backend Engineer
            Skills: Go, Python, PostgreSQL, Redis, Kubernetes (K8s), Docker, Terraform, CI/CD
            • Designed event-driven microservices on Kafka handling 40k msg/s; led the migration to k8s.
            • Tuned PostgreSQL query plans and added read replicas; introduced code review guidelines.
            • Built ML feature pipelines with Apache Spark and Airflow.
            """

        // MUT
        let extraction = try extractor().extract(from: resume)

        // validation
        XCTAssertEqual(extraction.suggestedDomainIDs.first, "software-engineering")
        let found = skills(extraction, in: "software-engineering")
        XCTAssertEqual(found["cloud-infrastructure"]?.count, 5, "Kubernetes, K8s, Docker, Terraform, k8s")
        XCTAssertEqual(found["cloud-infrastructure"]?.matchedPhrase, "Kubernetes")
        XCTAssertEqual(found["databases"]?.count, 3, "PostgreSQL, Redis, PostgreSQL")
        XCTAssertEqual(found["programming-languages"]?.count, 2, "Go in a list, Python")
        XCTAssertNotNil(found["distributed-systems"])
        XCTAssertNotNil(found["engineering-practice"], "CI/CD and code review")
        XCTAssertNotNil(found["machine-learning"], "ML as written")
        XCTAssertNotNil(found["data-engineering"], "Apache Spark, Airflow")
        let excerpt = try XCTUnwrap(found["distributed-systems"]?.excerpt)
        XCTAssert(excerpt.contains("microservices on Kafka"), excerpt)
        XCTAssertFalse(excerpt.contains("\n"))
        // Ranked by mentions.
        let ranked = try XCTUnwrap(extraction.domains.first).skills.map(\.count)
        XCTAssertEqual(ranked, ranked.sorted(by: >))
    }

    func testShortNamesNeedCaseAndAListContext() throws {
        let extractor = try extractor()
        let languages = skills(extractor.extract(from: "Languages: Python, R, C, Go\nWrote services in Go and tooling in C."), in: "software-engineering")
        XCTAssertEqual(languages["programming-languages"]?.count, 3, "Python, Go, Go")
        XCTAssertEqual(languages["systems-programming"]?.count, 2, "C in a list, in C")
        XCTAssertNotNil(skills(extractor.extract(from: "Statistics in R and Stata"), in: "mathematics")["probability-statistics"])

        // None of these is a skill.
        for text in [
            "Go-to person for onboarding. Go live in March.",
            "Prescribed vitamin C and iron; reviewed by John C. Smith.",
            "Managed R&D budgets; Plan C was dropped; rust removal on the bridge.",
            "Let's go, said the coach. We ran ml dosing charts at 5 ml/h.",
            "Our crust and trust: frustrated by Rustic C-suite meetings.",
        ] {
            let extraction = extractor.extract(from: text)
            let se = skills(extraction, in: "software-engineering")
            XCTAssertNil(se["programming-languages"], text)
            XCTAssertNil(se["systems-programming"], text)
            XCTAssertNil(se["machine-learning"], text)
            XCTAssertNil(skills(extraction, in: "mathematics")["probability-statistics"], text)
        }
    }

    func testCPlusPlusAndCSharpAreNotC() throws {
        let extraction = try extractor().extract(from: "Tools: C++, C#, .NET, Node.js")
        let se = skills(extraction, in: "software-engineering")
        XCTAssertEqual(se["systems-programming"]?.matchedPhrase, "C++")
        XCTAssertEqual(se["systems-programming"]?.count, 1)
        XCTAssertEqual(se["programming-languages"]?.count, 2, "C#, .NET")
        XCTAssertEqual(se["web-development"]?.matchedPhrase, "Node.js")
    }

    func testDiacriticsCaseAndHyphensFold() throws {
        // setup
        let resume = """
            Dr. Łukasz Nowak — PhD in physics (Universität Wien)
            Research: quantum field theory, the Schrodinger equation and SOLID-STATE PHYSICS;
            condensed-matter experiments with cryogenics and LabVIEW data acquisition.
            """

        // MUT
        let physics = skills(try extractor().extract(from: resume), in: "physics")

        // validation
        XCTAssertEqual(physics["modern-physics"]?.count, 2, "quantum field theory, Schrödinger equation written without the umlaut")
        XCTAssertEqual(physics["condensed-matter"]?.count, 2, "SOLID-STATE PHYSICS, condensed-matter")
        XCTAssertEqual(physics["experimental-physics"]?.count, 3)
    }

    func testMultiWordPhrasesWinOverTheirWords() throws {
        let extraction = try extractor().extract(from: "Ran a randomized controlled trial; published a systematic review and meta-analysis. Credit risk models.")
        let medicine = skills(extraction, in: "medicine")
        XCTAssertEqual(medicine["evidence-based-medicine"]?.count, 3)
        let finance = skills(extraction, in: "finance")
        XCTAssertEqual(finance["risk-management"]?.matchedPhrase, "Credit risk")
        XCTAssertNil(finance["fixed-income"], "\"credit\" is part of \"credit risk\", not a mention of its own")
    }

    func testLawyerResumeSuggestsLawOnly() throws {
        // setup
        let resume = """
            J.D., cum laude. Admitted to the bar (New York). Associate attorney, 2019–2024.
            Commercial litigation and arbitration; drafted and negotiated commercial contracts and NDAs.
            Advised on M&A, GDPR compliance and trademark disputes. Westlaw, LexisNexis.
            """

        // MUT
        let extraction = try extractor().extract(from: resume)

        // validation
        XCTAssertEqual(extraction.suggestedDomainIDs, ["law"])
        let law = skills(extraction, in: "law")
        for skill in ["legal-qualification", "procedure-evidence", "contracts", "business-law", "privacy-data-protection", "intellectual-property", "legal-research-writing"] {
            XCTAssertNotNil(law[skill], skill)
        }
        // M&A also names a finance skill; one mention proposes it but does not suggest the domain.
        XCTAssertNotNil(skills(extraction, in: "finance")["corporate-finance"])
        XCTAssertEqual(extraction.taxonomyVersion, 1)
    }

    func testClinicianResumeSuggestsMedicine() throws {
        let resume = """
            MBBS, MRCP. Registrar in emergency medicine; ACLS and ATLS instructor.
            Cardiology rotation: echocardiography, ECG interpretation, heart failure clinic.
            Co-author of a meta-analysis on sepsis antibiotics.
            """
        let extraction = try extractor().extract(from: resume)
        XCTAssertEqual(extraction.suggestedDomainIDs.first, "medicine")
        let medicine = skills(extraction, in: "medicine")
        XCTAssertEqual(medicine["emergency-care"]?.count, 3)
        XCTAssertEqual(medicine["cardiology"]?.count, 4)
        XCTAssertNotNil(medicine["infectious-disease"])
        XCTAssertNotNil(medicine["medical-education"])
    }

    func testEmptyAndUnrelatedTextProposeNothing() throws {
        let extractor = try extractor()
        XCTAssertEqual(extractor.extract(from: "").domains, [])
        XCTAssertEqual(extractor.extract(from: "Barista and choir singer. Enjoys hiking and baking bread.").domains, [])
    }
}
