import CadreCore
import Foundation
import Vapor

/// ffprobe and ffmpeg (Debian's `ffmpeg` package), found once. Missing tools are not a crash:
/// uploads are kept as `uncheckable` and the admin page says what to install.
struct VideoTools: Sendable {
    var ffprobe: String?
    var ffmpeg: String?

    static let installed = VideoTools(ffprobe: find("ffprobe"), ffmpeg: find("ffmpeg"))
    static let missing = VideoTools(ffprobe: nil, ffmpeg: nil)

    private static func find(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        return (directories + ["/usr/bin", "/usr/local/bin"]).map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    enum Failure: Error, CustomStringConvertible {
        case notInstalled(String)
        case failed(String, Int32, String)

        var description: String {
            switch self {
            case .notInstalled(let tool): return "\(tool) is not installed on the server (Debian package ffmpeg)"
            case let .failed(tool, status, output): return "\(tool) exited with \(status): \(output.prefix(300))"
            }
        }
    }

    /// What ffprobe says about the file; a file that is not a video throws `ClipProbe.ProbeError`.
    func probe(_ file: URL) throws -> ClipProbe {
        guard let ffprobe else { throw Failure.notInstalled("ffprobe") }
        let (status, output, _) = try Self.run(ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.path])
        guard status == 0 else { throw ClipProbe.ProbeError.notJSON }
        return try ClipProbe(ffprobeJSON: output)
    }

    /// A strip of six frames across the clip, 160 pixels wide each, as JPEG.
    func thumbnailStrip(_ file: URL, duration: Double, to output: URL) throws {
        guard let ffmpeg else { throw Failure.notInstalled("ffmpeg") }
        let rate = 6 / max(duration, 0.5)
        let (status, _, errors) = try Self.run(ffmpeg, [
            "-v", "error", "-y", "-i", file.path, "-vf", "fps=\(rate),scale=160:-2,tile=6x1", "-frames:v", "1", output.path,
        ])
        guard status == 0 else { throw Failure.failed("ffmpeg", status, String(decoding: errors, as: UTF8.self)) }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, Data, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }
}

extension Application {
    private struct VideoToolsKey: StorageKey { typealias Value = VideoTools }

    /// Tests set `.missing` to see what happens on a server without ffmpeg.
    var videoTools: VideoTools {
        get { storage[VideoToolsKey.self] ?? .installed }
        set { storage[VideoToolsKey.self] = newValue }
    }

    /// Finished files by SHA-256; the local filesystem under `CADRE_DATA_DIR` for now.
    var blobs: any BlobStore {
        LocalBlobStore(root: URL(fileURLWithPath: cadreConfiguration.dataDirectory).appendingPathComponent("blobs"))
    }

    /// Where partial uploads are written.
    var uploadsDirectory: URL {
        URL(fileURLWithPath: cadreConfiguration.dataDirectory).appendingPathComponent("uploads")
    }
}
