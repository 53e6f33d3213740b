@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// Capture campaigns end to end on real videos: tus uploads (resumed, checksummed,
/// cancelled), the automatic checks, duplicates, submission of a checked clip, and who may
/// watch it.
final class CaptureUploadTests: XCTestCase {
    var t: TestApp!
    var dataDirectory: URL!
    var project: Project!
    var organization: Organization!

    override func setUp() async throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-capture-\(UUID().uuidString)")
        let directory = dataDirectory.path
        t = try await TestApp.make { $0.dataDirectory = directory }
        organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active) {
            $0.template = .videoDemonstration
            $0.configuration = ["min_duration_seconds": 5, "max_duration_seconds": 60, "min_short_side": 720, "min_fps": 24,
                                "orientation": "landscape", "max_upload_bytes": 20_000_000]
        }
    }

    override func tearDown() async throws {
        try await t.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    private func activity(_ name: String = "Open the fridge") async throws {
        try await t.makeTask(in: project, input: #"{"activity": "\#(name)", "instructions": "Open it, take the milk, close it.", "objects": ["fridge"]}"#)
    }

    /// A contributor with a live lease on the next activity.
    private func contributor() async throws -> (token: String, assignment: String, client: TusTestClient) {
        let token = try await t.token(for: try await t.makeUser(.expert))
        let leased = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        let assignment = try XCTUnwrap(leased.json["id"] as? String, leased.body.string)
        return (token, assignment, TusTestClient(t: t, token: token))
    }

    func testOptionsAdvertiseTheProtocol() async throws {
        let response = try await t.send(.OPTIONS, "/api/v1/uploads")
        XCTAssertEqual(response.status, .noContent)
        XCTAssertEqual(response.headers.first(name: "Tus-Version"), "1.0.0")
        XCTAssertEqual(response.headers.first(name: "Tus-Extension"), "creation,termination,checksum")
        XCTAssertEqual(response.headers.first(name: "Tus-Checksum-Algorithm"), "sha1,sha256")
    }

    func testAnInterruptedUploadResumesFromTheServersOffsetAndPassesTheChecks() async throws {
        let clip = try TestClips.make(seconds: 6)
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let (location, created) = try await tus.create(assignment: assignment, length: clip.count)
        XCTAssertEqual(created.status, .created, created.body.string)
        let path = try XCTUnwrap(location)

        let half = clip.count / 2
        let first = try await tus.patch(path, offset: 0, clip.subdata(in: 0..<half))
        XCTAssertEqual(first.headers.first(name: "Upload-Offset"), String(half))
        // The connection drops; the client asks where the server stands and goes on from there.
        let resumeAt = try await tus.offset(path)
        XCTAssertEqual(resumeAt, half)
        let stale = try await tus.patch(path, offset: 0, clip.subdata(in: 0..<half))
        XCTAssertEqual(stale.status, .conflict, "a chunk at the wrong offset is refused")
        let rest = try await tus.patch(path, offset: half, clip.subdata(in: half..<clip.count))
        XCTAssertEqual(rest.status, .noContent, rest.body.string)

        let status = try await t.send(.GET, path, token: token)
        XCTAssertEqual(status.json["state"] as? String, "passed", status.body.string)
        let probe = try XCTUnwrap(status.json["probe"] as? [String: Any])
        XCTAssertEqual(probe["width"] as? Int, 1280)
        XCTAssertEqual(probe["height"] as? Int, 720)
        XCTAssertEqual(probe["video_codec"] as? String, "h264")
        XCTAssertEqual(probe["has_audio"] as? Bool, true)
        XCTAssertEqual((probe["fps"] as? Double).map { $0.rounded() }, 30)
        XCTAssertNotNil(status.json["thumbnail_url"] as? String, "a thumbnail strip for reviewers")

        let uploadID = String(path.split(separator: "/").last!)
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token,
                                         json: ["answer": ["upload_id": uploadID, "consent": true]], headers: ["Idempotency-Key": "clip-\(assignment)"])
        XCTAssertEqual(submitted.status, .created, submitted.body.string)

        // The client of the project watches it (byte ranges for seeking); another contributor cannot.
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let range = try await t.send(.GET, "/api/v1/uploads/\(uploadID)/video", token: client, headers: ["Range": "bytes=0-99"])
        XCTAssertEqual(range.status, .partialContent)
        XCTAssertEqual(range.body.readableBytes, 100)
        let thumbnail = try await t.send(.GET, "/api/v1/uploads/\(uploadID)/thumbnail", token: client)
        XCTAssertEqual(thumbnail.headers.contentType, .jpeg)
        let stranger = try await t.token(for: try await t.makeUser(.expert))
        let hidden = try await t.send(.GET, "/api/v1/uploads/\(uploadID)/video", token: stranger)
        XCTAssertEqual(hidden.status, .notFound)
    }

    func testAWrongChecksumKeepsNothing() async throws {
        let clip = try TestClips.make(seconds: 6)
        try await activity()
        let (_, assignment, tus) = try await contributor()
        let (location, _) = try await tus.create(assignment: assignment, length: clip.count)
        let path = try XCTUnwrap(location)
        let wrong = try await tus.patch(path, offset: 0, clip.subdata(in: 0..<1000), checksum: Data(repeating: 7, count: 20))
        XCTAssertEqual(wrong.status.code, 460)
        let offset = try await tus.offset(path)
        XCTAssertEqual(offset, 0)
    }

    func testATooShortClipIsRefusedWithTheReasonAndCannotBeSubmitted() async throws {
        let clip = try TestClips.make(seconds: 2)
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let upload = try await tus.upload(clip, assignment: assignment)
        let status = try await t.send(.GET, "/api/v1/uploads/\(upload)", token: token)
        XCTAssertEqual(status.json["state"] as? String, "failed")
        let problems = try XCTUnwrap(status.json["problems"] as? [String])
        XCTAssertTrue(problems.contains { $0.contains("at least 5 s") }, "\(problems)")
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token,
                                         json: ["answer": ["upload_id": upload, "consent": true]], headers: ["Idempotency-Key": "short-\(assignment)"])
        XCTAssertEqual(submitted.status, .unprocessableEntity)
        XCTAssertTrue(try submitted.problem().errors.contains { $0.field == "answer.upload_id" && $0.message.contains("at least 5 s") })
    }

    func testTheSameClipUploadedTwiceIsADuplicate() async throws {
        let clip = try TestClips.make(seconds: 6)
        try await activity("Open the fridge")
        try await activity("Fold a shirt")
        let first = try await contributor()
        let original = try await first.client.upload(clip, assignment: first.assignment)
        let second = try await contributor()
        let copy = try await second.client.upload(clip, assignment: second.assignment)
        let status = try await t.send(.GET, "/api/v1/uploads/\(copy)", token: second.token)
        XCTAssertEqual(status.json["state"] as? String, "duplicate")
        XCTAssertTrue(((status.json["problems"] as? [String])?.first ?? "").contains(original))
    }

    func testRefusalsBeforeAnyByteIsStored() async throws {
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let (_, tooLarge) = try await tus.create(assignment: assignment, length: 30_000_000)
        XCTAssertEqual(tooLarge.status, .payloadTooLarge)
        let noVersion = try await t.send(.POST, "/api/v1/uploads", token: token, headers: ["Upload-Length": "10"])
        XCTAssertEqual(noVersion.status, .preconditionFailed)
        XCTAssertEqual(noVersion.headers.first(name: "Tus-Version"), "1.0.0")
        let other = try await t.token(for: try await t.makeUser(.expert))
        let (_, notTheirs) = try await TusTestClient(t: t, token: other).create(assignment: assignment, length: 10)
        XCTAssertEqual(notTheirs.status, .notFound, "uploads are bound to the caller's own lease")
        let badMetadata = try await t.send(.POST, "/api/v1/uploads", token: token,
                                           headers: tus.headers([("Upload-Length", "10"), ("Upload-Metadata", "assignment_id !!!")]))
        XCTAssertEqual(try badMetadata.problem().errors.map(\.field), ["Upload-Metadata"])
        let count = try await ClipUpload.query(on: t.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testTerminationAndFilesThatAreNotVideos() async throws {
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let (location, _) = try await tus.create(assignment: assignment, length: 100)
        let path = try XCTUnwrap(location)
        let deleted = try await t.send(.DELETE, path, token: token, headers: tus.headers())
        XCTAssertEqual(deleted.status, .noContent)
        let afterDelete = try await tus.patch(path, offset: 0, Data(repeating: 1, count: 100))
        XCTAssertEqual(afterDelete.status, .conflict)

        _ = try TestClips.ffmpeg()
        let junk = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let upload = try await tus.upload(junk, assignment: assignment)
        let status = try await t.send(.GET, "/api/v1/uploads/\(upload)", token: token)
        XCTAssertEqual(status.json["state"] as? String, "failed")
        XCTAssertTrue(((status.json["problems"] as? [String])?.first ?? "").contains("could not be read as a video"))
    }

    func testWithoutFfprobeTheClipIsKeptAndMarkedUncheckable() async throws {
        let clip = try TestClips.make(seconds: 6, tone: 880)
        t.app.videoTools = .missing
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let upload = try await tus.upload(clip, assignment: assignment)
        let status = try await t.send(.GET, "/api/v1/uploads/\(upload)", token: token)
        XCTAssertEqual(status.json["state"] as? String, "uncheckable")
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token,
                                         json: ["answer": ["upload_id": upload, "consent": true]], headers: ["Idempotency-Key": "nocheck-\(assignment)"])
        XCTAssertEqual(try submitted.problem().code, "clip_not_checked")

        // The admin page says what is missing; once ffmpeg is installed, an admin checks the clip again.
        let admin = try await t.makeUser(.admin)
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: admin, in: t))"
        let page = try await t.send(.GET, "/admin", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertTrue(page.body.string.contains("Video checks are off"))
        XCTAssertTrue(page.body.string.contains("1 uploaded clips wait for a check"))
        t.app.videoTools = .installed
        let recheck = try await t.send(.POST, "/admin/clips/recheck", rawBody: WebSupport.urlEncoded(["csrf": WebSupport.csrf]),
                                       headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(recheck.status, .seeOther)
        let after = try await t.send(.GET, "/api/v1/uploads/\(upload)", token: token)
        XCTAssertEqual(after.json["state"] as? String, "passed")
    }

    func testReviewersMarkActionSegmentsAndAcceptedClipsArePaid() async throws {
        project.reviewPolicy = "all"
        project.payModel = .perTask
        project.payAmountMinor = 400
        try await project.save(on: t.app.db)
        _ = try await LedgerStore.post(try Posting.clientFunding(
            id: "capture-funds", organization: organization.id!, amount: Money(minorUnits: 10_000, currency: .usd), at: t.clock.now), on: t.app.db)
        let clip = try TestClips.make(seconds: 6)
        try await activity()
        let (token, assignment, tus) = try await contributor()
        let upload = try await tus.upload(clip, assignment: assignment)
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token,
                                         json: ["answer": ["upload_id": upload, "consent": true]], headers: ["Idempotency-Key": "seg-\(assignment)"])
        XCTAssertEqual(submitted.status, .created, submitted.body.string)

        let reviewer = try await t.makeUser(.expert)
        try await t.grantReviewer(reviewer, for: project)
        let reviewerToken = try await t.token(for: reviewer)
        let leased = try await t.send(.POST, "/api/v1/projects/\(project.id!)/reviews/next", token: reviewerToken)
        XCTAssertEqual((leased.json["segments"] as? [Any])?.count, 0, leased.body.string)
        let watch = try await t.send(.GET, "/api/v1/uploads/\(upload)/video", token: reviewerToken, headers: ["Range": "bytes=0-9"])
        XCTAssertEqual(watch.status, .partialContent, "the project's reviewers watch the clip")

        let bad = try await t.send(.PUT, "/api/v1/reviews/\(assignment)/segments", token: reviewerToken, json: ["segments": [
            ["start_seconds": 3, "end_seconds": 2, "verb": "open", "object": "fridge"],
            ["start_seconds": 1, "end_seconds": 60, "verb": "", "object": "milk"],
        ]])
        XCTAssertEqual(Set(try bad.problem().errors.map(\.field)), ["segments[0].end_seconds", "segments[1].end_seconds", "segments[1].verb"])
        let saved = try await t.send(.PUT, "/api/v1/reviews/\(assignment)/segments", token: reviewerToken, json: ["segments": [
            ["start_seconds": 3.5, "end_seconds": 5.25, "verb": "Take", "object": "milk carton", "narration": "take the milk"],
            ["start_seconds": 0.5, "end_seconds": 3, "verb": "open", "object": "fridge door"],
        ]])
        XCTAssertEqual(saved.status, .ok, saved.body.string)
        let segments = try XCTUnwrap(saved.json["segments"] as? [[String: Any]])
        XCTAssertEqual(segments.map { $0["verb"] as? String }, ["open", "take"], "sorted by start, verbs in lower case")
        let accepted = try await t.send(.POST, "/api/v1/reviews/\(assignment)/decision", token: reviewerToken, json: ["decision": "accept"])
        XCTAssertEqual(accepted.status, .ok, accepted.body.string)
        XCTAssertEqual((accepted.json["segments"] as? [Any])?.count, 2)

        // The episode manifest ships the clip with its facts, segments and consent.
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let snapshot = try await t.send(.POST, "/api/v1/projects/\(project.id!)/snapshots", token: client, json: ["format": "episodes"])
        XCTAssertEqual(snapshot.status, .created, snapshot.body.string)
        let snapshotID = try XCTUnwrap(snapshot.json["id"] as? String)
        let files = try XCTUnwrap(snapshot.json["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 2, "the manifest and the clip: \(files)")
        let manifest = try await t.send(.GET, "/api/v1/snapshots/\(snapshotID)/files/episodes.jsonl", token: client)
        let lines = manifest.body.string.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let episode = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(episode["clip_id"] as? String, upload.lowercased())
        XCTAssertEqual(episode["activity"] as? String, "Open the fridge")
        XCTAssertEqual(episode["width"] as? Int, 1280)
        XCTAssertEqual((episode["segments"] as? [[String: Any]])?.map { $0["verb"] as? String }, ["open", "take"])
        XCTAssertEqual((episode["consent"] as? [String: Any])?["accepted"] as? Bool, true)
        XCTAssertTrue((episode["contributor"] as? String ?? "").hasPrefix("Expert "))
        XCTAssertEqual((episode["instructions_version"] as? String)?.count, 16)
        let clipName = try XCTUnwrap(episode["file"] as? String)
        let shipped = try await t.send(.GET, "/api/v1/snapshots/\(snapshotID)/files/\(clipName)", token: client)
        XCTAssertEqual(shipped.body.readableBytes, clip.count)
        XCTAssertEqual(shipped.headers.first(name: "X-Content-SHA256"), episode["sha256"] as? String)

        let week = PayPeriod.isoWeek(containing: t.clock.now)
        t.clock.advance(by: week.end.timeIntervalSince(t.clock.now) + 60)
        _ = try await PayAccrual.accrue(week, now: t.clock.now, writer: t.app.writer, on: t.app.db)
        let contributorID = try await ClipUpload.find(UUID(uuidString: upload)!, on: t.app.db)!.expertID
        let paid = try await LedgerStore.balance(of: .expertPayable(contributorID), in: .usd, on: t.app.db)
        XCTAssertEqual(paid.minorUnits, 400, "an accepted clip is paid per task through the ledger")
    }

    func testAbandonedUploadsAreSweptWithTheirBytes() async throws {
        try await activity()
        let (_, assignment, tus) = try await contributor()
        let (location, _) = try await tus.create(assignment: assignment, length: 10_000)
        let path = try XCTUnwrap(location)
        _ = try await tus.patch(path, offset: 0, Data(repeating: 9, count: 4_000))
        let upload = try await XCTUnwrapAsync(try await ClipUpload.query(on: t.app.db).first())
        let partial = TusController.partialFile(upload, t.app)
        XCTAssertTrue(FileManager.default.fileExists(atPath: partial.path))
        let early = try await UploadCleanup.sweep(now: t.clock.now, app: t.app)
        XCTAssertEqual(early, 0, "a live lease keeps its upload")
        t.clock.advance(by: TimeInterval(project.leaseSeconds) + 60)
        let swept = try await UploadCleanup.sweep(now: t.clock.now, app: t.app)
        XCTAssertEqual(swept, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: partial.path))
        let state = try await ClipUpload.find(upload.id!, on: t.app.db)?.state
        XCTAssertEqual(state, .terminated)
    }

    func testAContributorProvidesNoMoreClipsThanTheCampaignTakes() async throws {
        project.configuration = #"{"min_duration_seconds": 5, "clips_per_contributor": 1}"#
        try await project.save(on: t.app.db)
        let clip = try TestClips.make(seconds: 6, tone: 660)
        try await activity("Open the fridge")
        try await activity("Fold a shirt")
        let (token, assignment, tus) = try await contributor()
        let again = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(again.status, .ok, "the live lease is handed back, not refused")
        let upload = try await tus.upload(clip, assignment: assignment)
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(assignment)/submit", token: token,
                                         json: ["answer": ["upload_id": upload, "consent": true]], headers: ["Idempotency-Key": "limit-\(assignment)"])
        XCTAssertEqual(submitted.status, .created, submitted.body.string)
        let refused = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(try refused.problem().code, "contributor_limit")
        let held = try await XCTUnwrapAsync(try await Assignment.find(UUID(uuidString: assignment), on: t.app.db))
        let lapsed = try await t.makeAssignment(in: project, for: try await XCTUnwrapAsync(try await User.find(held.$expert.id, on: t.app.db)))
        lapsed.expiresAt = t.clock.now.addingTimeInterval(-60)
        try await lapsed.save(on: t.app.db)
        let stillRefused = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(try stillRefused.problem().code, "contributor_limit", "a lapsed lease is not live: it opens no way to another clip")
        let anywhere = try await t.send(.POST, "/api/v1/assignments/next", token: token)
        XCTAssertEqual(anywhere.status, .noContent, "across projects the campaign is passed over, not an error")
        let other = try await contributor()
        XCTAssertFalse(other.assignment.isEmpty, "other contributors still film")
    }
}
