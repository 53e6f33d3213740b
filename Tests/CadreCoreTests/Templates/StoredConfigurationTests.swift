@testable import CadreCore
import XCTest

/// The server stores a configuration as validated and validates it again when tasks arrive,
/// so the stored form must pass validation unchanged — for defaults as well as examples.
final class StoredConfigurationTests: XCTestCase {
    func testValidatedConfigurationsValidateAgainUnchanged() throws {
        var configurations: [(TemplateKind, JSONValue)] = TemplateKind.allCases.map { ($0, $0.exampleConfiguration) }
        configurations += TemplateKind.allCases.filter { $0 != .classification && $0 != .rating }.map { ($0, .null) }
        configurations.append((.classification, ["labels": ["yes", "no"]]))
        configurations.append((.classification, ["labels": ["a", "b", "c"], "multiple": true, "max_labels": 2]))
        for (kind, configuration) in configurations {
            let stored = try kind.validateConfiguration(configuration)
            XCTAssertEqual(try kind.validateConfiguration(stored), stored, "\(kind) \(configuration)")
        }
    }
}
