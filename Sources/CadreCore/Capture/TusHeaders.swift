import Foundation

/// The parts of the tus 1.0 resumable upload protocol (tus.io/protocols/resumable-upload)
/// that are plain text rules rather than I/O: the advertised capabilities and the two
/// structured headers a server must read.
public enum Tus {
    public static let version = "1.0.0"
    /// Core is implied; these are the extensions served.
    public static let extensions = ["creation", "termination", "checksum"]
    public static let checksumAlgorithms = ["sha1", "sha256"]

    /// `Upload-Metadata`: comma-separated pairs of a key and, optionally, its value in Base64
    /// ("filename d29ybGQubXA0,is_confidential"). Keys are unique and contain no spaces or
    /// commas; a key without a value maps to "".
    public static func metadata(_ header: String) throws(TusError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in header.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard (1...2).contains(parts.count), let key = parts.first, !key.isEmpty else { throw .malformedMetadata(String(pair)) }
            guard result[String(key)] == nil else { throw .malformedMetadata("\(key) appears twice") }
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let value = String(data: data, encoding: .utf8) else {
                    throw .malformedMetadata("the value of \(key) is not Base64 of UTF-8 text")
                }
                result[String(key)] = value
            } else {
                result[String(key)] = ""
            }
        }
        return result
    }

    /// `Upload-Checksum`: an algorithm name and the Base64 digest of the request's body.
    public static func checksum(_ header: String) throws(TusError) -> (algorithm: String, digest: Data) {
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let digest = Data(base64Encoded: String(parts[1])) else { throw .malformedChecksum(header) }
        let algorithm = parts[0].lowercased()
        guard checksumAlgorithms.contains(algorithm) else { throw .unsupportedChecksum(algorithm) }
        return (algorithm, digest)
    }
}

public enum TusError: Error, Equatable, CustomStringConvertible {
    case malformedMetadata(String)
    case malformedChecksum(String)
    case unsupportedChecksum(String)

    public var description: String {
        switch self {
        case .malformedMetadata(let detail): return "Upload-Metadata is malformed: \(detail)"
        case .malformedChecksum(let header): return "Upload-Checksum must be an algorithm and a Base64 digest, got \"\(header)\""
        case .unsupportedChecksum(let name): return "checksum algorithm \(name) is not supported; use \(Tus.checksumAlgorithms.joined(separator: " or "))"
        }
    }
}
