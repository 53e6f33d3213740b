@testable import CadreCore
import XCTest

final class MinHashTests: XCTestCase {
    private let original = """
        The patient presents with chest pain radiating to the left arm, so the first step is an \
        electrocardiogram within ten minutes, then troponin levels, aspirin unless contraindicated, \
        and a risk score to decide between early invasive management and observation.
        """
    /// The same answer with its second half rewritten.
    private let edited = """
        The patient presents with chest pain radiating to the left arm, so the first step is an \
        electrocardiogram within ten minutes; I would also check blood pressure in both arms and \
        consider aortic dissection before giving any anticoagulant at all.
        """
    private let unrelated = """
        A contract signed under duress is voidable rather than void, and the party seeking to avoid \
        it must act promptly once the pressure ends or risk affirming it by conduct.
        """

    func testShinglesIgnoreCaseAndPunctuation() {
        XCTAssertEqual(ShingleSet.words(in: "Chest-pain, CHEST pain!  3 leads"), ["chest", "pain", "chest", "pain", "3", "leads"])
        let shingles = ShingleSet(text: "a b c d a b c", width: 3)
        XCTAssertEqual(shingles.count, 4, "abc, bcd, cda, dab — abc repeats")
        XCTAssertEqual(ShingleSet(text: "Hello, World", width: 3), ShingleSet(text: "hello world", width: 3))
        XCTAssertEqual(ShingleSet(text: "two words", width: 3).count, 1, "short answers still get one shingle")
        XCTAssertEqual(ShingleSet(text: "  ...  ", width: 3).count, 0)
    }

    func testExactJaccardOfKnownShingleSets() {
        // "a b c d e" → {abc, bcd, cde}; "b c d e f" → {bcd, cde, def}: 2 shared of 4.
        let first = ShingleSet(text: "a b c d e"), second = ShingleSet(text: "b c d e f")
        XCTAssertEqual(first.jaccard(with: second), 0.5, accuracy: 1e-12)
        XCTAssertEqual(first.jaccard(with: first), 1)
        XCTAssertEqual(ShingleSet(text: "").jaccard(with: ShingleSet(text: "")), 0)
    }

    func testEstimateIsNearTheExactJaccard() {
        let hasher = MinHasher(signatureLength: 256)
        // 19 shared shingles of 56: a partial copy, the case the estimate must get right.
        XCTAssertEqual(ShingleSet(text: original).jaccard(with: ShingleSet(text: edited)), 19.0 / 56, accuracy: 1e-12)
        let pairs = [(original, edited), (original, unrelated), (edited, unrelated), (original, original)]
        for (left, right) in pairs {
            let exact = ShingleSet(text: left).jaccard(with: ShingleSet(text: right))
            let estimate = hasher.signature(ofText: left).estimatedJaccard(with: hasher.signature(ofText: right))
            // Standard error is at most 0.5/√256 ≈ 0.031; allow about three of them.
            XCTAssertEqual(estimate, exact, accuracy: 0.1, "exact \(exact)")
        }
        XCTAssertEqual(hasher.signature(ofText: original).estimatedJaccard(with: hasher.signature(ofText: original)), 1)
    }

    func testSignaturesAreDeterministicAcrossHashersWithTheSameSeed() {
        XCTAssertEqual(MinHasher().signature(ofText: original), MinHasher().signature(ofText: original))
        XCTAssertNotEqual(MinHasher(seed: 1).signature(ofText: original), MinHasher(seed: 2).signature(ofText: original))
        XCTAssertEqual(ShingleSet.fnv1a(["a"]), 0xAF63_DC4C_8601_EC8C, "FNV-1a 64 of \"a\"")
    }

    func testEmptyAnswersResembleNothing() {
        let hasher = MinHasher()
        let empty = hasher.signature(ofText: "")
        XCTAssertTrue(empty.isEmpty)
        XCTAssertEqual(empty.estimatedJaccard(with: empty), 0)
        XCTAssertEqual(empty.estimatedJaccard(with: hasher.signature(ofText: original)), 0)
    }

    func testSimilarityFlagsNameTheCloseAnswersOnly() {
        let hasher = MinHasher()
        let mine = hasher.signature(ofText: original)
        let others = [
            (answerID: "self", signature: mine),
            (answerID: "copy", signature: hasher.signature(ofText: original + " Thank you.")),
            (answerID: "other", signature: hasher.signature(ofText: unrelated)),
        ]
        let flags = mine.similarityFlags(answerID: "self", among: others, threshold: 0.6)
        XCTAssertEqual(flags.count, 1)
        guard case let .similarAnswer(answerID, otherAnswerID, jaccard) = flags.first else { return XCTFail() }
        XCTAssertEqual(answerID, "self")
        XCTAssertEqual(otherAnswerID, "copy")
        XCTAssertGreaterThan(jaccard, 0.8)
    }
}
