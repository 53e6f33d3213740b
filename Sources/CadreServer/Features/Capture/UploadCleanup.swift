import Fluent
import Vapor

/// Partial uploads nobody will finish: their lease is over (lapsed, skipped, answered with
/// another clip) or their lease began a day ago. Their bytes are deleted and the upload is ended, so
/// abandoned files do not fill the disk.
enum UploadCleanup {
    static let maximumAge: TimeInterval = 24 * 3600

    @discardableResult
    static func sweep(now: Date, app: Application) async throws -> Int {
        let db = app.db
        let open = try await ClipUpload.query(on: db).filter(\.$state == .uploading).all()
        guard !open.isEmpty else { return 0 }
        let leases = Dictionary(uniqueKeysWithValues: try await Assignment.query(on: db).filter(\.$id ~~ open.map(\.assignmentID)).all().map { ($0.id!, $0) })
        var swept = 0
        for upload in open {
            let lease = leases[upload.assignmentID]
            let leaseOver = lease.map { $0.state != .leased || $0.expiresAt < now } ?? true
            // Dated by its lease (on the server's clock), which is never younger than the upload.
            let stale = (lease?.leasedAt ?? upload.createdAt ?? now) < now.addingTimeInterval(-maximumAge)
            guard leaseOver || stale else { continue }
            try? FileManager.default.removeItem(at: TusController.partialFile(upload, app))
            upload.state = .terminated
            try await upload.save(on: db)
            swept += 1
        }
        return swept
    }
}
