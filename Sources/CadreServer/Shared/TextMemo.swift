import Synchronization

/// Values decoded from stored JSON text (a project's requirements, pay options, template
/// configuration), kept by the text itself. The work loop reads the project from a cache but
/// decoded these columns again on every lease and submit; keyed by the text, a memo can never
/// be stale: an edited project has new text, and so a new entry.
final class TextMemo<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: Value]>([:])
    /// Past this many texts the memo starts again, so edits cannot grow it without end.
    private let limit: Int

    init(limit: Int = 512) { self.limit = limit }

    /// The value for `text`, made (outside the lock) the first time it is asked for. A failure
    /// is thrown every time and never kept.
    func value(for text: String, _ make: (String) throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[text] }) { return known }
        let value = try make(text)
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[text] = value
        }
        return value
    }
}
