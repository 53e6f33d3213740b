@testable import CadreServer
import CadreCore
import Crypto
import Foundation
import XCTest
import XCTVapor

/// A tus 1.0 client as the protocol describes one: create, send chunks from an offset with a
/// checksum, ask where the server stands, resume from there.
struct TusTestClient {
    let t: TestApp
    let token: String

    func headers(_ extra: [(String, String)] = []) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Tus-Resumable": "1.0.0"]
        for (name, value) in extra { headers.add(name: name, value: value) }
        return headers
    }

    /// POST: returns the upload's path from `Location`, or the failing response.
    func create(assignment: String, length: Int, filename: String = "clip.mp4") async throws -> (String?, TestResponse) {
        let metadata = "assignment_id \(Data(assignment.utf8).base64EncodedString()),filename \(Data(filename.utf8).base64EncodedString())"
        let response = try await t.send(.POST, "/api/v1/uploads", token: token,
                                        headers: headers([("Upload-Length", String(length)), ("Upload-Metadata", metadata)]))
        return (response.headers.first(name: .location), response)
    }

    func patch(_ path: String, offset: Int, _ chunk: Data, checksum: Data? = nil) async throws -> TestResponse {
        var extra = [("Upload-Offset", String(offset)), ("Content-Type", "application/offset+octet-stream")]
        extra.append(("Upload-Checksum", "sha1 " + (checksum ?? Data(Insecure.SHA1.hash(data: chunk))).base64EncodedString()))
        return try await t.send(.PATCH, path, token: token, bytes: chunk, headers: headers(extra))
    }

    func offset(_ path: String) async throws -> Int? {
        let response = try await t.send(.HEAD, path, token: token, headers: headers())
        return response.headers.first(name: "Upload-Offset").flatMap(Int.init)
    }

    /// Uploads a whole file in chunks; returns the upload's id.
    func upload(_ file: Data, assignment: String, chunk: Int = 64 * 1024) async throws -> String {
        let (location, created) = try await create(assignment: assignment, length: file.count)
        let path = try XCTUnwrap(location, created.body.string)
        var offset = 0
        while offset < file.count {
            let end = min(offset + chunk, file.count)
            let response = try await patch(path, offset: offset, file.subdata(in: offset..<end))
            XCTAssertEqual(response.status, .noContent, response.body.string)
            offset = end
        }
        return String(path.split(separator: "/").last!)
    }
}

/// Small real videos made with ffmpeg's test source, once per run.
enum TestClips {
    static func ffmpeg() throws -> String {
        if let path = VideoTools.installed.ffmpeg, VideoTools.installed.ffprobe != nil { return path }
        if ProcessInfo.processInfo.environment["CADRE_TEST_REQUIRE_FFMPEG"] == "1" {
            XCTFail("ffmpeg and ffprobe are required here (CADRE_TEST_REQUIRE_FFMPEG=1)")
        }
        throw XCTSkip("ffmpeg is not installed")
    }

    /// A clip of `seconds` at `width`×`height`, 30 fps, H.264 in MP4; `tone` makes otherwise
    /// equal clips differ byte for byte.
    static func make(seconds: Double, width: Int = 1280, height: Int = 720, tone: Int = 440) throws -> Data {
        let tool = try ffmpeg()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-clip-\(UUID().uuidString).mp4")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [
            "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=\(width)x\(height):rate=30", "-f", "lavfi", "-i", "sine=frequency=\(tone)",
            "-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file.path,
        ]
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("ffmpeg could not make a test clip (exit \(process.terminationStatus))") }
        return try Data(contentsOf: file)
    }
}

extension TestApp {
    /// A finished, checked upload of `assignment`'s expert, with a clip and a thumbnail in the
    /// blob store (a few bytes stand in for the video: access rules do not look inside).
    func makeClipUpload(for assignment: Assignment) async throws -> ClipUpload {
        let blobs = app.blobs
        func blob(_ text: String) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-blob-\(UUID().uuidString)")
            try Data(text.utf8).write(to: file)
            let sha = try FileDigest.sha256(of: file)
            try blobs.adopt(file, sha256: sha)
            return sha
        }
        let upload = ClipUpload()
        upload.id = .timeOrdered(at: clock.now)
        upload.assignmentID = assignment.id!
        upload.projectID = assignment.$project.id
        upload.expertID = assignment.$expert.id
        upload.length = 5
        upload.offset = 5
        upload.filename = "clip.mp4"
        upload.state = .passed
        upload.sha256 = try blob("clip \(UUID())")
        upload.thumbnailSHA256 = try blob("thumbnail \(UUID())")
        try await upload.create(on: app.db)
        return upload
    }
}
