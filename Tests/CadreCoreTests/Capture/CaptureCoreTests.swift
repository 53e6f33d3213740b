import CadreCore
import Foundation
import XCTest

/// The pure parts of capture: reading ffprobe, holding a clip against requirements, tus
/// headers, and the video demonstration template.
final class CaptureCoreTests: XCTestCase {
    /// ffprobe's output for a phone clip filmed upright: stored 1920×1080 with a -90° display matrix.
    let phoneClip = Data("""
    {"streams": [
      {"index": 0, "codec_name": "hevc", "codec_type": "video", "width": 1920, "height": 1080,
       "r_frame_rate": "30/1", "avg_frame_rate": "30000/1001", "duration": "12.345",
       "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]},
      {"index": 1, "codec_name": "aac", "codec_type": "audio"}],
     "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "12.380000"}}
    """.utf8)

    func testFfprobeOutputIsReadWithRotationAndFractionalFrameRates() throws {
        let probe = try ClipProbe(ffprobeJSON: phoneClip)
        XCTAssertEqual(probe.videoCodec, "hevc")
        XCTAssertEqual(probe.rotation, 270)
        XCTAssertEqual(probe.displayWidth, 1080)
        XCTAssertEqual(probe.displayHeight, 1920)
        XCTAssertEqual(probe.fps, 29.97, accuracy: 0.001)
        XCTAssertEqual(probe.durationSeconds, 12.38, accuracy: 0.0001)
        XCTAssertTrue(probe.hasAudio)
        XCTAssertThrowsError(try ClipProbe(ffprobeJSON: Data("not json".utf8)))
        XCTAssertThrowsError(try ClipProbe(ffprobeJSON: Data(#"{"streams": [{"codec_type": "audio"}], "format": {}}"#.utf8))) {
            XCTAssertEqual($0 as? ClipProbe.ProbeError, .noVideoStream)
        }
    }

    func testRequirementsNameEveryProblemInWordsAContributorCanActOn() throws {
        let probe = try ClipProbe(ffprobeJSON: phoneClip)
        let landscape = CaptureRequirements(minDurationSeconds: 15, maxDurationSeconds: 60, minShortSide: 1440, minFPS: 30, orientation: .landscape)
        let problems = landscape.problems(with: probe)
        XCTAssertEqual(problems.count, 4, "\(problems)")
        XCTAssertTrue(problems[0].contains("12.4 s long; at least 15 s"))
        XCTAssertTrue(problems[1].contains("1080×1920; its shorter side must be at least 1440"))
        XCTAssertTrue(problems[2].contains("29.97 frames per second; at least 30"))
        XCTAssertTrue(problems[3].contains("portrait; this campaign needs landscape"))
        let portrait = CaptureRequirements(minDurationSeconds: 5, maxDurationSeconds: 12, minShortSide: 1080, minFPS: 29.97, orientation: .portrait)
        XCTAssertEqual(portrait.problems(with: probe), ["The clip is 12.4 s long; at most 12 s is accepted."])
    }

    func testTusHeaders() throws {
        let metadata = try Tus.metadata("filename d29ybGQubXA0,is_confidential, assignment_id MTIz")
        XCTAssertEqual(metadata, ["filename": "world.mp4", "is_confidential": "", "assignment_id": "123"])
        XCTAssertThrowsError(try Tus.metadata("filename !!!"))
        XCTAssertThrowsError(try Tus.metadata("a YQ==,a Yg=="))
        let checksum = try Tus.checksum("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=")
        XCTAssertEqual(checksum.algorithm, "sha1")
        XCTAssertEqual(checksum.digest.count, 20)
        XCTAssertThrowsError(try Tus.checksum("md5 AAAA")) { XCTAssertEqual($0 as? TusError, .unsupportedChecksum("md5")) }
        XCTAssertThrowsError(try Tus.checksum("sha1"))
    }

    func testTheTemplateValidatesCampaignsActivitiesAndAnswers() throws {
        let kind = TemplateKind.videoDemonstration
        let configuration = try kind.validateConfiguration(kind.exampleConfiguration)
        XCTAssertEqual(configuration["orientation"]?.stringValue, "landscape")
        XCTAssertNotNil(try kind.validateAnswer(kind.exampleAnswer, configuration: configuration, input: kind.exampleInput))

        XCTAssertThrowsError(try kind.validateConfiguration(["min_duration_seconds": 90, "max_duration_seconds": 30, "orientation": "sideways", "fps": 1])) {
            let fields = Set(($0 as? ValidationFailure)?.errors.map(\.field) ?? [])
            XCTAssertEqual(fields, ["min_duration_seconds", "orientation", "fps"])
        }
        XCTAssertThrowsError(try kind.validateInput(["instructions": "Do it", "objects": "fridge"], configuration: configuration)) {
            XCTAssertEqual(Set(($0 as? ValidationFailure)?.errors.map(\.field) ?? []), ["activity", "objects"])
        }
        XCTAssertThrowsError(try kind.validateAnswer(["upload_id": "nope", "consent": false], configuration: configuration, input: kind.exampleInput)) {
            XCTAssertEqual(Set(($0 as? ValidationFailure)?.errors.map(\.field) ?? []), ["upload_id", "consent"])
        }
    }
}
