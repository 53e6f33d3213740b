import CadreCore
import Fluent
import Vapor

extension CadreRuntime {
    /// The size and seed of a simulated marketplace.
    public struct SimulationOptions: Sendable {
        /// Candidates interviewed; the accepted ones do the work.
        public var candidates = 36
        public var tasks = 120
        public var models = 6
        public var answersPerTask = 3
        public var seed: UInt64 = 7

        public init() {}
    }

    /// Runs a whole marketplace in this process on a temporary SQLite database under
    /// `directory`, through the real HTTP API of an application listening on a loopback port:
    /// interviews and hiring, work, aggregation, a snapshot of each project, and a week's pay
    /// accrued. Returns how well the platform recovered the truth it never saw, and where the
    /// money went.
    public static func simulate(_ options: SimulationOptions, directory: String) async throws -> SimulationReport {
        var config = CadreConfiguration(logLevel: .warning, bcryptCost: 4)
        config.dataDirectory = directory
        config.database = .sqliteFile(path: directory + "/simulation.sqlite")
        config.adminEmail = Marketplace.adminEmail
        config.adminPassword = Marketplace.password
        config.nextWorkPerMinute = 0  // the simulated experts are quicker than any person
        let app = try await Application.make(Environment(name: "production", arguments: ["cadre"]))
        // A Monday at noon UTC, so the week's work closes a week later.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_176_000))
        app.useManualClock(clock)
        var report: SimulationReport?
        do {
            try await configure(app, config)
            try await app.autoMigrate()
            _ = try await AdminBootstrap.ensureAdmin(app)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
            var market = Marketplace(
                api: SimulationAPI(client: app.client, base: "http://127.0.0.1:\(port)"), clock: clock,
                crowd: SimulatedCrowd(candidates: options.candidates, tasks: options.tasks, models: options.models, seed: options.seed),
                answersPerTask: options.answersPerTask)
            report = try await run(&market, on: app, options: options)
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
        return report!
    }

    private static func run(_ market: inout Marketplace, on app: Application, options: SimulationOptions) async throws -> SimulationReport {
        guard let bank = try await app.itemBanks.latest(domain: Marketplace.interviewDomain, on: app.db) else {
            throw Abort(.internalServerError, reason: "no \(Marketplace.interviewDomain) item bank")
        }
        let (setup, hiring) = try await market.setUp(adminEmail: Marketplace.adminEmail, adminPassword: Marketplace.password, bank: bank)
        let submitted = try await market.work(setup)
        market.clock.advance(by: QualityJobs.debounce + 1)
        for _ in 0..<5 {
            if try await QualityJobs.runDue(app) == 0 { break }
        }
        let api = market.api

        // Classification: the delivered consensus against the true labels, and majority voting beside it.
        let labels = try await api.call(.POST, "/api/v1/projects/\(setup.classification)/snapshots", token: setup.client, json: ["format": "labels"]).body
        let file = try await api.download("/api/v1/snapshots/\(labels["id"]?.stringValue ?? "")/files/labels.jsonl", token: setup.client)
        var correct = 0
        for line in file.split(separator: "\n") {
            let row = try JSONValue(parsing: String(line))
            if let task = row["external_id"]?.stringValue.flatMap({ Int($0.dropFirst(2)) }),
               row["label"]?.stringValue == SimulatedCrowd.labels[market.crowd.trueLabels[task]] { correct += 1 }
        }
        let majority = market.given.filter { task, answers in
            let counts = Dictionary(answers.map { ($0, 1) }, uniquingKeysWith: +)
            let top = counts.values.max() ?? 0
            return SimulatedCrowd.labels.first { counts[$0] == top } == SimulatedCrowd.labels[market.crowd.trueLabels[task]]
        }.count

        // Pairwise: the snapshot's Bradley–Terry scores against the true strengths.
        let dpo = try await api.call(.POST, "/api/v1/projects/\(setup.pairwise)/snapshots", token: setup.client, json: ["format": "dpo", "answers": "all"]).body
        let scored = (dpo["quality"]?["model_strengths"]?.arrayValue ?? []).compactMap { entry -> (Double, Double)? in
            guard let name = entry["model"]?.stringValue, let index = Int(name.dropFirst(6)), let score = entry["score"]?.doubleValue else { return nil }
            return (market.crowd.modelStrengths[index], score)
        }

        // A week later the week's work is closed: accrue it and read what each project cost.
        market.clock.advance(by: 8 * 24 * 3600)
        _ = try await PayAccrual.accrueClosedWeeks(now: app.clock.now(), writer: app.writer, on: app.db)
        var pay: Int64 = 0, charge: Int64 = 0, accepted = 0
        for project in [setup.classification, setup.pairwise] {
            let spend = try await api.call(.GET, "/api/v1/projects/\(project)/spend", token: setup.client).body
            pay += Int64(spend["posted_expert_cost_minor"]?.intValue ?? 0)
            charge += Int64(spend["posted_charge_minor"]?.intValue ?? 0)
            accepted += spend["accepted_answers"]?.intValue ?? 0
        }
        let ledgerProblems = try await LedgerStore.verify(on: app.db)
        // Hiring against the hidden abilities: "qualified" is a true ability at or above the cutoff (0).
        let hired = Set(hiring.experts.map(\.person))
        let qualified = Set(market.crowd.candidates.indices.filter { market.crowd.candidates[$0].ability >= 0 })
        return SimulationReport(
            candidates: options.candidates, hired: hired.count, referred: hiring.referred,
            hiringPrecision: hired.isEmpty ? 0 : Double(hired.intersection(qualified).count) / Double(hired.count),
            hiringRecall: qualified.isEmpty ? 0 : Double(hired.intersection(qualified).count) / Double(qualified.count),
            tasksPerProject: options.tasks, answersPerTask: options.answersPerTask, answersSubmitted: submitted,
            consensusAccuracy: Double(correct) / Double(max(options.tasks, 1)), majorityAccuracy: Double(majority) / Double(max(options.tasks, 1)),
            strengthRankCorrelation: SimulationReport.spearman(scored.map(\.0), scored.map(\.1)), modelsRanked: scored.count,
            expertPayMinor: pay, chargeMinor: charge, acceptedAnswers: accepted, ledgerProblems: ledgerProblems)
    }
}
