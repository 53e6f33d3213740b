@testable import CadreCore
import XCTest

final class ResumeFingerprintTests: XCTestCase {
    private let resume = """
        Jane Doe — Senior Backend Engineer, Zürich
        Designed event-driven microservices on Kafka handling 40k messages per second.
        Tuned PostgreSQL query plans, added read replicas and cut p99 latency by 60 %.
        Mentored four engineers; introduced code review guidelines and on-call runbooks.
        Built feature pipelines with Apache Spark and Airflow for the pricing team.
        """

    func testReflowedRecasedRepunctuatedResumeHasTheSameDigest() {
        // setup
        let reexported = resume.uppercased()
            .replacingOccurrences(of: "\n", with: "  ")
            .replacingOccurrences(of: ",", with: " ;")
            .replacingOccurrences(of: "Ü", with: "U")

        // MUT
        let first = ResumeFingerprint(resume: resume), second = ResumeFingerprint(resume: reexported)

        // validation
        XCTAssertEqual(first.digest, second.digest)
        XCTAssert(first.isDuplicate(of: second))
        XCTAssertEqual(first.digest.count, 32)
        XCTAssert(first.digest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    func testDigestIsStableAcrossRunsAndReleases() {
        // FNV-1a 128 of the empty string is its offset basis; of "a" a published test vector.
        XCTAssertEqual(ResumeFingerprint.hexDigest(of: ""), "6c62272e07bb014262b821756295c58d")
        XCTAssertEqual(ResumeFingerprint.hexDigest(of: "a"), "d228cb696f1a8caf78912b704e4a8964")
        XCTAssertEqual(ResumeFingerprint.normalised("  Ärzte-Kammer,\nKÖLN! "), "arzte kammer koln")
    }

    func testLightlyEditedCopyIsANearDuplicateButADifferentResumeIsNot() {
        // setup
        let edited = resume
            .replacingOccurrences(of: "Jane Doe", with: "John Roe")
            .replacingOccurrences(of: "Zürich", with: "Geneva")
        let other = """
            Priya Raman — Data Scientist, Bengaluru
            Forecast demand for 3,000 stores with gradient-boosted trees and hierarchical models.
            Ran A/B tests for checkout changes; owned the experimentation platform's metrics.
            Taught SQL and causal inference workshops to product managers.
            """

        // MUT
        let original = ResumeFingerprint(resume: resume)
        let copy = ResumeFingerprint(resume: edited), stranger = ResumeFingerprint(resume: other)

        // validation
        XCTAssertFalse(original.isDuplicate(of: copy))
        XCTAssertGreaterThanOrEqual(original.similarity(to: copy), ResumeFingerprint.nearDuplicateThreshold)
        XCTAssert(original.isNearDuplicate(of: copy))
        XCTAssertLessThan(original.similarity(to: stranger), 0.1)
        XCTAssertFalse(original.isNearDuplicate(of: stranger))
    }

    func testEmptyResumesAreNotDuplicatesOfEachOther() {
        let blank = ResumeFingerprint(resume: ""), punctuation = ResumeFingerprint(resume: " — ;")
        XCTAssertFalse(blank.isDuplicate(of: punctuation))
        XCTAssertFalse(blank.isNearDuplicate(of: punctuation))
    }

    func testFingerprintRoundTripsThroughJSON() throws {
        let fingerprint = ResumeFingerprint(resume: resume)
        let decoded = try JSONDecoder().decode(ResumeFingerprint.self, from: JSONEncoder().encode(fingerprint))
        XCTAssertEqual(decoded, fingerprint)
    }
}
