import Foundation
import Synchronization
import Vapor

/// The current time, as an effect: live in production, settable in tests (token expiry,
/// throttling windows) so no test has to sleep.
struct Clock: Sendable {
    var now: @Sendable () -> Date

    static let live = Clock { Date() }
}

/// A clock a test moves by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = Clock }

    var clock: Clock {
        get { storage[ClockKey.self] ?? .live }
        set { storage[ClockKey.self] = newValue }
    }

    /// Drives this application's clock from a test's `ManualClock`.
    public func useManualClock(_ clock: ManualClock) {
        self.clock = Clock { clock.now }
    }
}

extension Request {
    var now: Date { application.clock.now() }
}

extension UUID {
    /// The last (millisecond, sequence) handed out, so ids made in the same millisecond by this
    /// process still sort in creation order (RFC 9562 §6.2, method 1: a counter in `rand_a`).
    private static let lastTimeOrdered = Mutex<(millis: UInt64, sequence: UInt16)>((0, 0))

    /// A time-ordered UUID (version 7, RFC 9562): ids sort by creation time on both databases,
    /// which gives list endpoints a stable order and a cursor that is just the last id.
    static func timeOrdered(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let wanted = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let (millis, sequence) = lastTimeOrdered.withLock { last -> (UInt64, UInt16) in
            if wanted > last.millis {
                last = (wanted, UInt16.random(in: 0...0x3FF, using: &generator))
            } else if last.sequence < 0xFFF {
                last.sequence += 1
            } else {
                last = (last.millis + 1, 0)
            }
            return (last.millis, last.sequence)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | UInt8(sequence >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: sequence)
        for index in 8..<16 { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
