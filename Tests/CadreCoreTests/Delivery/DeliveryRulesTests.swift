import CadreCore
import XCTest

/// The JSONL writer and the validation of snapshot requests.
final class DeliveryRulesTests: XCTestCase {
    func testJSONLineEscapesAndKeepsFractionsFractional() {
        var bytes: [UInt8] = []
        JSONLine.append(DeliveryRecord([
            "text": "quote \" backslash \\ newline \n tab \t bell \u{07} é 🚀",
            "whole": .number(2), "fraction": .number(0.1), "integer": 3, "missing": .null, "inf": .number(.infinity),
            "nested": ["b": 1, "a": [true, false]],
        ]), to: &bytes)
        XCTAssertEqual(
            String(decoding: bytes, as: UTF8.self),
            #"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 é 🚀","whole":2.0,"fraction":0.1,"integer":3,"missing":null,"inf":null,"nested":{"a":[true,false],"b":1}}"# + "\n")
    }

    func testFormatsMustSuitTheTemplate() {
        XCTAssertThrowsError(try SnapshotSpec.validate(["format": "sft"], kind: .pairwise)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.errors.map(\.field), ["format"])
            XCTAssertTrue(failure.errors[0].message.contains("expected one of dpo"), failure.errors[0].message)
        }
        XCTAssertThrowsError(try SnapshotSpec.validate(["format": "parquet"], kind: .rating)) { error in
            XCTAssertTrue((error as! ValidationFailure).errors[0].message.contains("reward, kto"))
        }
        XCTAssertThrowsError(try SnapshotSpec.validate([:], kind: .rating)) { error in
            XCTAssertEqual((error as! ValidationFailure).errors.map(\.field), ["format"])
        }
    }

    func testEveryBadFilterIsNamed() {
        let body: JSONValue = [
            "format": "sft", "answers": "consensus", "min_confidence": 2, "test_ratio": 1, "submitted_after": "yesterday",
            "kto_threshold": 0.5, "adjacent_pairs_only": true, "colour": "blue",
        ]
        XCTAssertThrowsError(try SnapshotSpec.validate(body, kind: .demonstration)) { error in
            XCTAssertEqual(
                Set((error as! ValidationFailure).errors.map(\.field)),
                ["answers", "min_confidence", "test_ratio", "submitted_after", "kto_threshold", "adjacent_pairs_only", "colour"])
        }
        XCTAssertThrowsError(try SnapshotSpec.validate(
            ["format": "labels", "submitted_after": "2026-02-01T00:00:00Z", "submitted_before": "2026-01-01T00:00:00Z"], kind: .classification)
        ) { error in
            XCTAssertEqual((error as! ValidationFailure).errors.map(\.field), ["submitted_before"])
        }
    }

    func testDefaultsFollowTheTemplate() throws {
        XCTAssertEqual(try SnapshotSpec.validate(["format": "sft"], kind: .demonstration).answers, .all)
        let spec = try SnapshotSpec.validate(
            ["format": "kto", "kto_threshold": 0.7, "test_ratio": 0.2, "submitted_after": "2026-01-01T00:00:00.500Z"], kind: .rating)
        XCTAssertEqual(spec.answers, .consensus)
        XCTAssertEqual(spec.ktoThreshold, 0.7)
        XCTAssertEqual(spec.testRatio, 0.2)
        XCTAssertEqual(spec.filtersJSON["kto_threshold"], .number(0.7))
        XCTAssertEqual(spec.submittedAfter?.timeIntervalSince1970 ?? 0, 1_767_225_600.5, accuracy: 0.001)
    }

    func testEveryTemplateHasAFormatAndEveryFormatAnEncoder() {
        for kind in TemplateKind.allCases {
            XCTAssertFalse(DeliveryFormat.available(for: kind).isEmpty)
            for format in DeliveryFormat.allCases {
                let encoder = DeliveryEncoding.encoder(kind: kind, format: format, configuration: .null, options: DeliveryOptions())
                XCTAssertEqual(encoder != nil, DeliveryFormat.available(for: kind).contains(format), "\(kind) \(format)")
            }
        }
    }
}
