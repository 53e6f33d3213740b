import CadreCore
import Crypto
import Foundation

/// One JSONL file being written: rows go out in megabyte chunks, and the SHA-256 is computed
/// from the same bytes as they go, so neither the file nor a second read is ever needed.
final class DatasetFile {
    let name: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private(set) var records = 0
    private(set) var bytes = 0
    static let chunk = 1 << 20

    init(name: String, in directory: URL) throws {
        self.name = name
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(Self.chunk + 64 * 1024)
    }

    func write(_ record: DeliveryRecord) throws {
        JSONLine.append(record, to: &buffer)
        records += 1
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Flushes, closes, and describes the finished file.
    func finish() throws -> SnapshotManifest.File {
        try flush()
        try handle.synchronize()
        try handle.close()
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return SnapshotManifest.File(name: name, records: records, bytes: bytes, sha256: digest)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        try handle.write(contentsOf: buffer)
        bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
