import XCTest

@testable import CadreCore

/// The problems a template validation reported; fails the test when it reported none.
func templateErrors<T>(
    _ body: () throws(ValidationFailure) -> T, file: StaticString = #filePath, line: UInt = #line
) -> [FieldError] {
    do {
        let value = try body()
        XCTFail("expected a validation failure, got \(value)", file: file, line: line)
        return []
    } catch {
        return error.errors
    }
}

/// The field paths of the problems a validation reported.
func templateErrorFields<T>(
    _ body: () throws(ValidationFailure) -> T, file: StaticString = #filePath, line: UInt = #line
) -> Set<String> {
    Set(templateErrors(body, file: file, line: line).map(\.field))
}

/// The message reported for `field`, for asserting that it says what was expected.
func templateMessage(_ errors: [FieldError], _ field: String) -> String {
    errors.first { $0.field == field }?.message ?? "<no error for \(field)>"
}
