import CadreCore
import Fluent
import SQLKit
import Vapor

extension CadreRuntime {
    /// What `cadre bench export` measured.
    public struct ExportBenchmark: Sendable {
        public var records: Int
        public var seedSeconds: Double
        public var exportSeconds: Double
        public var bytes: Int
        /// Peak resident memory after seeding and after the export, in MiB (getrusage).
        public var peakMiBBeforeExport: Double
        public var peakMiBAfterExport: Double

        public var recordsPerSecond: Double { Double(records) / max(exportSeconds, 1e-9) }
    }

    /// Seeds a fresh SQLite database under `directory` with `records` classification tasks,
    /// each with one accepted answer, then writes them as a `labels` snapshot through the
    /// same code as `POST …/snapshots`, timing only the export.
    public static func benchExport(records: Int, directory: String) async throws -> ExportBenchmark {
        var config = CadreConfiguration(logLevel: .warning)
        config.dataDirectory = directory
        config.database = .sqliteFile(path: directory + "/bench.sqlite")
        let app = try await Application.make(.production)
        var result: ExportBenchmark?
        do {
            try await configure(app, config)
            try await app.autoMigrate()
            let seedStart = DispatchTime.now().uptimeNanoseconds
            let project = try await ExportSeed(records: records).plant(on: app)
            let seedSeconds = seconds(since: seedStart)
            let before = peakResidentMiB()
            let spec = try SnapshotSpec.validate(["format": "labels", "answers": "all"], kind: .classification)
            let start = DispatchTime.now().uptimeNanoseconds
            let (files, counts) = try await DatasetExport(project: project, spec: spec, asOf: Date().addingTimeInterval(60))
                .write(into: URL(fileURLWithPath: directory).appendingPathComponent("export"), on: app.db.sql)
            result = ExportBenchmark(
                records: counts.records, seedSeconds: seedSeconds, exportSeconds: seconds(since: start),
                bytes: files.reduce(0) { $0 + $1.bytes }, peakMiBBeforeExport: before, peakMiBAfterExport: peakResidentMiB())
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return result!
    }

    private static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    private static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}

/// A project of `records` answered classification tasks, inserted a thousand rows per statement.
private struct ExportSeed {
    let records: Int
    static let batch = 1_000

    func plant(on app: Application) async throws -> Project {
        let now = Date()
        let organization = Organization(name: "Export bench", at: now)
        try await organization.create(on: app.db)
        let expert = User(email: "bench-expert@cadre.local", name: "Bench expert", role: .expert, passwordHash: "-", organizationID: nil, at: now)
        try await expert.create(on: app.db)
        let settings = try ProjectSettings.parse([
            "name": "Export bench", "template": "classification",
            "configuration": ["labels": ["positive", "negative", "neutral"]],
            "pay": ["model": "per_task", "amount_minor": 10, "currency": "USD"],
        ])
        let project = Project(organizationID: organization.id!, settings: settings, at: now)
        project.state = .active
        try await project.create(on: app.db)
        let sql = app.db.sql
        let labels = ["positive", "negative", "neutral"]
        var index = 0
        while index < records {
            let count = min(Self.batch, records - index)
            var tasks: [SQLQueryString] = [], answers: [SQLQueryString] = []
            for offset in 0..<count {
                let number = index + offset
                let task = UUID.timeOrdered(at: now), assignment = UUID.timeOrdered(at: now)
                let input = #"{"text":"Ticket \#(number): the app crashes when I upload a file"}"#
                tasks.append("(\(bind: task), \(bind: project.id!), \(bind: "t-\(number)"), \(bind: input), 0, 'complete', 1, 1, \(bind: false), 0)")
                answers.append("""
                    (\(bind: assignment), \(bind: task), \(bind: project.id!), \(bind: expert.id!), 'accepted', \(bind: now), \(bind: now),
                     \(bind: now), \(bind: #"{"labels":["\#(labels[number % 3])"]}"#), \(bind: false), \(bind: now), \(bind: false))
                    """)
            }
            try await sql.raw("""
                INSERT INTO tasks (id, project_id, external_id, input, priority, state, slots_taken, accepted_count, is_gold, extra_answers)
                VALUES \(tasks.joined(separator: ", "))
                """).run()
            try await sql.raw("""
                INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, submitted_at, answer, needs_review, decided_at, is_gold)
                VALUES \(answers.joined(separator: ", "))
                """).run()
            index += count
        }
        return project
    }
}
