import Vapor
import Foundation

/// Where finished files live, addressed by their SHA-256 so the same bytes are stored once
/// and a re-uploaded clip is recognised.
protocol BlobStore: Sendable {
    /// Moves a finished file into the store under its digest (dropping it if already there).
    func adopt(_ file: URL, sha256: String) throws
    func url(for sha256: String) -> URL
    func contains(_ sha256: String) -> Bool
}

/// Blobs on the local disk under `<CADRE_DATA_DIR>/blobs/sha256/ab/abcdef…`; partial uploads
/// under `<CADRE_DATA_DIR>/uploads`.
struct LocalBlobStore: BlobStore {
    let root: URL

    func url(for sha256: String) -> URL {
        root.appendingPathComponent("sha256").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    func contains(_ sha256: String) -> Bool { FileManager.default.fileExists(atPath: url(for: sha256).path) }

    func adopt(_ file: URL, sha256: String) throws {
        let target = url(for: sha256)
        if contains(sha256) {
            try FileManager.default.removeItem(at: file)
            return
        }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: file, to: target)
    }

}

enum FileDigest {
    /// The SHA-256 of a file, read in 1 MiB pieces so a large clip never sits in memory.
    static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
