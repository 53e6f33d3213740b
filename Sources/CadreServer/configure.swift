import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// The composition root: storage, middleware, views, passwords and routes, from one configuration.
public func configure(_ app: Application, _ config: CadreConfiguration) async throws {
    app.cadreConfiguration = config
    app.logger.logLevel = config.logLevel

    let sqlitePath = try configureDatabase(app, config)
    app.readCaches = ReadCaches(lifetime: config.readCacheSeconds)
    app.nextWorkLimiter = RateLimiter(perMinute: config.nextWorkPerMinute)
    app.readCaches.install(on: app)
    app.work = WorkContext(
        writer: DatabaseWriter(sqlitePath: sqlitePath), reclaims: ReclaimSchedule(), leases: LiveLeases(),
        frontiers: LeaseFrontiers(), leaseBatches: LeaseBatches(), submitBatches: SubmitBatches())
    app.lifecycle.use(WriterShutdown(writer: app.writer, temporaryFile: config.database == .sqliteMemory ? sqlitePath : nil))
    app.qualityCooldowns = QualityCooldowns()
    app.workDatabases = WorkDatabases()
    if let llm = config.llm { await app.useLLM(llm) }
    app.migrations.add(CadreMigrations.all)

    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.decoyPasswordHash = try await app.password.async.hash("decoy-\(UUID())").get()

    app.directory = DirectoryConfiguration(workingDirectory: CadreResources.root.path + "/")
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.routes.defaultMaxBodySize = "2mb"
    app.middleware = Middlewares()
    app.middleware.use(RequestContextMiddleware(metrics: app.requestMetrics))
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(NulCharacterGuard())
    try NulCharacterGuard.install()
    app.middleware.use(PublicFiles(publicDirectory: app.directory.publicDirectory))

    try routes(app)
}

/// Background work that runs while `cadre serve` serves (not in tests, which run jobs directly).
public func startBackgroundWork(_ app: Application) {
    // SQLite's write-ahead log is copied back into the database here, off the writer's thread
    // (which does not checkpoint, `DirectConnection`), so no write waits for it.
    if app.writer.direct != nil {
        app.lifecycle.use(PeriodicWorker(name: "WAL checkpoint", interval: .seconds(1)) { app in
            try await app.db.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
        })
    }
    // Consensus and standings as answers arrive.
    app.lifecycle.use(PeriodicWorker(name: "quality aggregation", interval: .seconds(1)) { try await QualityJobs.runDue($0, pacing: true) })
    // Item banks: several instances may try; the unique (domain, version) key lets one store a version.
    app.lifecycle.use(PeriodicWorker(name: "item bank recalibration", interval: PeriodicWorker.hourly) { app in
        for outcome in try await BankRecalibration.run(on: app.db, catalog: app.itemBanks) {
            app.logger.info("recalibrated \(outcome.itemsRecalibrated) items of \(outcome.domain) into version \(outcome.version) from \(outcome.responsesUsed) responses")
        }
    })
    // Closed weeks' pay reaches the ledger (and budgets release their held maximums) without
    // anyone running a command; the accrual lock and posting ids keep several instances exact.
    app.lifecycle.use(PeriodicWorker(name: "pay accrual", interval: PeriodicWorker.hourly, runAtStart: true) { app in
        for report in try await PayAccrual.accrueClosedWeeks(now: app.clock.now(), writer: app.writer, on: app.db) {
            app.logger.info("accrued \(report.period): \(report.linesPosted) earnings lines posted")
            for reason in report.heldBack { app.logger.warning("pay for \(report.period) held back: \(reason)") }
        }
    })
    // Webhook deliveries: sent off the request path, retried with backoff.
    app.lifecycle.use(PeriodicWorker(name: "webhooks", interval: .seconds(2)) { try await Webhooks.run(app: $0, now: $0.clock.now()) })
    app.lifecycle.use(PeriodicWorker(name: "upload cleanup", interval: PeriodicWorker.hourly) { app in
        let swept = try await UploadCleanup.sweep(now: app.clock.now(), app: app)
        if swept > 0 { app.logger.info("removed \(swept) abandoned uploads") }
    })
}

/// Registers the database; returns the SQLite file's path (nil on PostgreSQL).
private func configureDatabase(_ app: Application, _ config: CadreConfiguration) throws -> String? {
    switch config.database {
    case .sqliteMemory:
        // A throwaway file, as Fluent's own "in-memory" SQLite is, but with a path the writer's
        // direct connection can open too; removed at shutdown.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-memory-\(UUID().uuidString).sqlite").path
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        return path
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The second connection per event loop keeps reads from waiting for another's work.
        app.databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(30)), as: .sqlite)
        return path
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        if url.contains("sslmode=disable") || !url.contains("sslmode=") {
            postgres.coreConfiguration.tls = .disable
        }
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30)), as: .psql)
        return nil
    }
}

/// Closes the writer's direct connection, and removes a throwaway database, at shutdown.
private struct WriterShutdown: LifecycleHandler {
    let writer: DatabaseWriter
    let temporaryFile: String?

    func shutdownAsync(_ application: Application) async {
        await writer.direct?.shutdown()
        guard let temporaryFile else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporaryFile + suffix) }
    }
}

/// SQLite's write-ahead log lets readers work while one writer commits; it is a property of
/// the file, so setting it once at start-up covers every later connection.
public func prepareDatabase(_ app: Application) async throws {
    if case .sqliteFile = app.cadreConfiguration.database, let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
}

/// Where the Leaf views and public files live: the working directory when it has them (an
/// installed copy), else the source tree this binary was built from (`swift run`, `swift test`).
enum CadreResources {
    static var root: URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if FileManager.default.fileExists(atPath: cwd.appendingPathComponent("Resources/Views/layout.leaf").path) {
            return cwd
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = CadreConfiguration }

    public internal(set) var cadreConfiguration: CadreConfiguration {
        get { storage[ConfigurationKey.self] ?? CadreConfiguration() }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
