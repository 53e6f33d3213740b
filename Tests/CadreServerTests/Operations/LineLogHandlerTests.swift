@testable import CadreServer
import Foundation
import Logging
import Synchronization
import XCTest

/// The server's log handler must write the lines `StreamLogHandler` wrote (log collectors
/// parse them) while formatting metadata only for lines it writes.
final class LineLogHandlerTests: XCTestCase {
    private final class Lines: TextOutputStream, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
        var all: [String] { lines.withLock { $0 } }
    }

    private struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }

    /// Both handlers given the same metadata and the same three events; lines compared without
    /// their timestamps (the first word), which may straddle a second.
    func testWritesTheLinesStreamLogHandlerWrites() throws {
        let expected = Lines()
        let written = Lines()
        let provider = Logger.MetadataProvider { ["trace": "t-1"] }
        let stream = Logger(label: "cadre.test") { StreamLogHandler(label: $0, stream: expected, metadataProvider: provider) }
        let line = Logger(label: "cadre.test") { label in
            LineLogHandler(label: label, metadataProvider: provider, write: { written.write($0) })
        }
        for var logger in [stream, line] {
            logger[metadataKey: "request-id"] = "abc"
            logger[metadataKey: "connection"] = .stringConvertible(7)
            logger.info("leased", metadata: ["task": "t 1"])
            logger.debug("not written at info")
            logger.error("stored", error: Failure())
            logger.warning("plain")
        }
        let strip = { (text: String) in String(text.drop { $0 != " " }) }
        XCTAssertEqual(written.all.count, 3)
        XCTAssertEqual(written.all.map(strip), expected.all.map(strip))
        XCTAssertTrue(written.all[0].contains("connection=7 request-id=abc task=t 1 trace=t-1"), written.all[0])
        let stamp = String(written.all[0].prefix { $0 != " " })
        XCTAssertNotNil(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}/), stamp)
    }
}
