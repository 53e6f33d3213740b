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

    /// With `asArray`, the records form one JSON array (one record a line) instead of JSONL.
    private let asArray: Bool

    init(name: String, in directory: URL, asArray: Bool = false) throws {
        self.name = name
        self.asArray = asArray
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(Self.chunk + 64 * 1024)
        if asArray { buffer.append(contentsOf: "[\n".utf8) }
    }

    func write(_ record: DeliveryRecord) throws {
        if asArray, records > 0 { buffer.append(UInt8(ascii: ",")) }
        JSONLine.append(record, to: &buffer)
        records += 1
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Flushes, closes, and describes the finished file.
    func finish() throws -> SnapshotManifest.File {
        if asArray { buffer.append(contentsOf: "]\n".utf8) }
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

    /// A small text file beside the data (a labeling config), described like the others.
    static func text(_ text: String, name: String, in directory: URL) throws -> SnapshotManifest.File {
        let bytes = Array(text.utf8)
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return SnapshotManifest.File(name: name, records: 0, bytes: bytes.count, sha256: digest)
    }
}
