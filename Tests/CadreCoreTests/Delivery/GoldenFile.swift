import CadreCore
import Foundation
import XCTest

/// Compares encoded rows with a JSONL file under `Fixtures/`, byte for byte. Run with
/// `CADRE_UPDATE_GOLDEN=1` to write the files after a deliberate change, then read the diff.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(of records: [DeliveryRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records { JSONLine.append(record, to: &bytes) }
        return bytes
    }

    static func assertMatches(_ records: [DeliveryRecord], _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent(name)
        let written = Data(bytes(of: records))
        if ProcessInfo.processInfo.environment["CADRE_UPDATE_GOLDEN"] == "1" {
            try written.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        XCTAssertEqual(
            String(decoding: written, as: UTF8.self), String(decoding: expected, as: UTF8.self),
            "\(name) differs from the golden file", file: file, line: line)
    }
}

/// Builds tasks from JSON text, as they are stored.
func deliveryTask(
    _ id: String, input: String, answers: [String] = [], unselected: [String] = [], consensus: String? = nil,
    confidence: Double = 0.9
) throws -> DeliveryTask {
    DeliveryTask(
        externalID: id, input: try JSONValue(parsing: input),
        answers: try answers.map { DeliveryTask.Answer(try JSONValue(parsing: $0)) }
            + unselected.map { DeliveryTask.Answer(try JSONValue(parsing: $0), selected: false) },
        consensus: try consensus.map { DeliveryTask.Consensus(result: try JSONValue(parsing: $0), confidence: confidence) })
}

/// Every task through one encoder: the rows in order and the exclusions counted by reason.
func encodeAll(_ encoder: any DeliveryEncoder, _ tasks: [DeliveryTask]) -> (records: [DeliveryRecord], excluded: [String: Int]) {
    var records: [DeliveryRecord] = []
    var excluded: [String: Int] = [:]
    for task in tasks {
        let encoded = encoder.encode(task)
        records += encoded.records
        for reason in encoded.exclusions { excluded[reason.rawValue, default: 0] += 1 }
    }
    return (records, excluded)
}

func encoder(_ kind: TemplateKind, _ format: DeliveryFormat, configuration: String = "{}", _ options: DeliveryOptions = DeliveryOptions()) throws -> any DeliveryEncoder {
    try XCTUnwrap(DeliveryEncoding.encoder(kind: kind, format: format, configuration: try JSONValue(parsing: configuration), options: options))
}
