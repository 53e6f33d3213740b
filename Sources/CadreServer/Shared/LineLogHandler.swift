import Foundation
import Glibc
import Logging

/// `StreamLogHandler`'s lines (`2026-12-07T06:36:07+0000 info label: key=value [source] message`)
/// on standard error, with one difference that matters at load: metadata is formatted when a
/// line is written, not each time it is set. Every request sets its request id, and the
/// database client sets a connection id per query, on loggers that almost never write.
struct LineLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata = Logger.Metadata()
    var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
         write: @escaping @Sendable (String) -> Void = LineLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let pairs = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        write("\(Self.timestamp()) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(pairs) [\(event.source)] \(event.message)\n")
    }

    /// Local time, as `StreamLogHandler` writes it.
    static func timestamp() -> String {
        var now = time(nil)
        var local = tm()
        localtime_r(&now, &local)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One `write` per line, so lines of concurrent requests never interleave.
    @Sendable static func standardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = Glibc.write(STDERR_FILENO, bytes.baseAddress! + sent, bytes.count - sent)
                if count <= 0 { return }
                sent += count
            }
        }
    }
}
