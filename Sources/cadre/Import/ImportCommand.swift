import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `cadre import`: streams a JSONL file of tasks to a running Cadre, with a progress bar when
/// standard error is a terminal.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tasks from a JSONL file, or a Label Studio JSON export, into a project (all-or-nothing, idempotent by external_id)."
    )

    @Option(help: "The project's id.") var project: String
    @Option(help: "Cadre's address.") var server = "http://127.0.0.1:8080"
    @Option(help: "A bearer token (or set CADRE_TOKEN; POST /api/v1/sessions returns one).") var token: String?
    @Flag(help: "The file is a Label Studio JSON export: annotations and predictions are kept as answers, and what cannot map is listed.")
    var labelStudio = false
    @Flag(help: "Import gold tasks: each JSONL line has gold_answer; a Label Studio task's annotations must agree on it.")
    var gold = false
    @Argument(help: "The JSONL file (one task per line), or with --label-studio the export's JSON file.") var file: String

    func run() async throws {
        guard let token = token ?? ProcessInfo.processInfo.environment["CADRE_TOKEN"] else {
            throw ValidationError("Give --token or set CADRE_TOKEN.")
        }
        guard let handle = FileHandle(forReadingAtPath: file),
              let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? Int
        else {
            FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
            throw ExitCode(2)
        }
        let progress = ProgressBar(total: size, enabled: isatty(STDERR_FILENO) == 1)
        // Pulled a megabyte at a time as the upload proceeds: the file is never held whole.
        let chunks = AsyncStream<ByteBuffer>(unfolding: {
            guard let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty else { return nil }
            progress.advance(by: data.count)
            return ByteBuffer(data: data)
        })
        let client = CadreClient(baseURL: server, token: token)
        let (status, body) = try await client.send(
            .POST, "/api/v1/projects/\(project)/\(gold ? "gold" : "tasks")\(labelStudio ? "/label-studio" : "")",
            body: .stream(chunks, length: .known(Int64(size))),
            headers: [("Content-Type", labelStudio ? "application/json" : "application/x-ndjson")], timeout: .minutes(30))
        progress.finish()
        let text = String(decoding: body, as: UTF8.self)
        guard (200..<300).contains(status) else {
            FileHandle.standardError.write(Data(ImportReport.describeFailure(status: status, body: body).utf8))
            throw ExitCode(status == 422 ? 2 : 1)
        }
        print(ImportReport.describeSuccess(body) ?? text)
    }
}

enum ImportReport {
    static func describeSuccess(_ body: Data) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let created = json["created"] as? Int, let unchanged = json["unchanged"] as? Int else { return nil }
        var text = "Imported \(created) new tasks; \(unchanged) were already there."
        // A Label Studio import also says what its annotations and predictions became.
        if let report = json["report"] as? [String: Any] {
            text += "\nAnnotations: \(report["annotations_mapped"] ?? 0) kept as answers, \(report["annotations_unmapped"] ?? 0) not."
            text += " Predictions: \(report["predictions_mapped"] ?? 0) kept, \(report["predictions_unmapped"] ?? 0) not."
            for note in report["notes"] as? [String] ?? [] { text += "\n\(note)" }
            let parts = report["unmapped"] as? [[String: Any]] ?? []
            if !parts.isEmpty { text += "\n\(report["unmapped_total"] ?? parts.count) parts not carried over:" }
            for part in parts { text += "\n  task \(part["task"] ?? "?") \(part["part"] ?? ""): \(part["reason"] ?? "")" }
        }
        return text
    }

    /// The problem's detail and every line error, one per line.
    static func describeFailure(status: Int, body: Data) -> String {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return "HTTP \(status): \(String(decoding: body, as: UTF8.self))\n"
        }
        var out = "\(json["detail"] as? String ?? "HTTP \(status)")\n"
        for error in json["errors"] as? [[String: Any]] ?? [] {
            out += "  \(error["field"] as? String ?? ""): \(error["message"] as? String ?? "")\n"
        }
        return out
    }
}

/// A one-line progress bar on standard error, redrawn at most every whole percent.
final class ProgressBar: @unchecked Sendable {
    private var total: Int
    private let enabled: Bool
    /// What is counted: nil for bytes (shown in KiB), else a noun such as "tasks".
    private let unit: String?
    private var done = 0
    private var shownPercent = -1
    private let lock = NSLock()

    init(total: Int, enabled: Bool, unit: String? = nil) {
        self.total = max(total, 1)
        self.enabled = enabled
        self.unit = unit
    }

    func advance(by count: Int) {
        lock.lock()
        defer { lock.unlock() }
        draw(done + count, of: total)
    }

    /// Shows `done` of a total learned only as the work goes (an export counts its tasks first).
    func show(_ done: Int, of total: Int) {
        lock.lock()
        defer { lock.unlock() }
        draw(done, of: max(total, 1))
    }

    private func draw(_ done: Int, of total: Int) {
        guard enabled else { return }
        self.done = done
        self.total = total
        let percent = min(100, done * 100 / total)
        guard percent != shownPercent else { return }
        shownPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled)
        let amount = unit.map { "\(done)/\(total) \($0)" } ?? "\(done / 1024) KiB"
        FileHandle.standardError.write(Data("\r\(bar) \(percent)%  \(amount)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
