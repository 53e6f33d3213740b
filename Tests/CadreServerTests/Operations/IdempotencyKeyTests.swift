@testable import CadreServer
import Foundation
import Vapor
import XCTest

/// The idempotency key is trimmed without Foundation's `NSString` copy, with the same result.
final class IdempotencyKeyTests: XCTestCase {
    func testIdempotencyKeysAreTrimmedAsFoundationTrims() {
        for raw in ["key-1", "  key 1\t", "\u{00A0}k\u{2003}", "\t", "", "é clé "] {
            XCTAssertEqual(Request.trimmingWhitespace(raw), raw.trimmingCharacters(in: .whitespaces), raw.debugDescription)
        }
    }
}
