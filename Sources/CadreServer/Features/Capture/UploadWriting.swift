import Foundation
import Vapor

/// Streaming a PATCH body onto the end of a partial file, off the event loop, without
/// holding the body in memory, while hashing it for the tus checksum extension.
enum UploadWriting {
    struct Received { var bytes: Int64; var digest: Data }

    static func append(
        _ body: Request.Body, to file: URL, at offset: Int64, limit: Int64, checksum algorithm: String?, on req: Request
    ) async throws -> Received {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(offset))
        var sha1 = Insecure.SHA1(), sha256 = SHA256()
        var written: Int64 = 0
        let pool = req.application.threadPool
        for try await buffer in body {
            let chunk = Data(buffer.readableBytesView)
            written += Int64(chunk.count)
            guard written <= limit else {
                try truncate(file, to: offset)
                throw Problem(status: .payloadTooLarge, code: "upload_exceeds_length", title: "More bytes than Upload-Length",
                              detail: "This upload is \(offset + limit) bytes long; the body would go past its end. Nothing was kept.")
            }
            if algorithm == "sha1" { sha1.update(data: chunk) } else if algorithm == "sha256" { sha256.update(data: chunk) }
            try await pool.runIfActive { try handle.write(contentsOf: chunk) }
        }
        let digest: Data = switch algorithm {
        case "sha1": Data(sha1.finalize())
        case "sha256": Data(sha256.finalize())
        default: Data()
        }
        return Received(bytes: written, digest: digest)
    }

    static func truncate(_ file: URL, to offset: Int64) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(offset))
    }
}
