import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `cadre bench work`: virtual experts doing next → submit loops over HTTP against running
/// servers (or ones it starts), then a check of the work invariants.
struct BenchWorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Load-test leasing and submitting over HTTP, then check the work invariants."
    )

    @Option(help: "Servers to load, comma-separated (round-robin; start them with CADRE_NEXT_WORK_PER_MINUTE=0). Default: start local ones.")
    var server: String?
    @Option(help: "With local servers: how many instances to start.") var instances = 1
    @Option(help: "With local servers: DATABASE_URL for them (default: a temporary SQLite file).") var databaseURL: String?
    @Option(help: "Admin email for --server (or CADRE_ADMIN_EMAIL).") var adminEmail: String?
    @Option(help: "Admin password for --server (or CADRE_ADMIN_PASSWORD).") var adminPassword: String?
    @Option(help: "Tasks in the project.") var tasks = 20_000
    @Option(help: "Answers per task (k).") var answers = 1
    @Option(help: "Concurrent virtual experts.") var experts = 64
    @Option(help: "Seconds of load.") var seconds = 10.0

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var locals: [LocalServer] = []
        defer { locals.forEach { $0.stop() } }
        var urls = server?.split(separator: ",").map(String.init) ?? []
        var credentials = (adminEmail ?? environment["CADRE_ADMIN_EMAIL"], adminPassword ?? environment["CADRE_ADMIN_PASSWORD"])
        if urls.isEmpty {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-bench-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 0..<max(1, instances) {
                let local = try LocalServer(dataDirectory: directory, databaseURL: databaseURL, port: LocalServer.freePort())
                locals.append(local)
                // The first instance migrates; the others start once it is up.
                if index == 0 { try await local.waitUntilReady(client: CadreClient(baseURL: local.url)) }
            }
            for local in locals { try await local.waitUntilReady(client: CadreClient(baseURL: local.url)) }
            urls = locals.map(\.url)
            credentials = (LocalServer.adminEmail, LocalServer.adminPassword)
        }
        guard let email = credentials.0, let password = credentials.1 else {
            throw ValidationError("With --server, give --admin-email and --admin-password (or CADRE_ADMIN_EMAIL / CADRE_ADMIN_PASSWORD).")
        }
        let setup = WorkBenchSetup(urls: urls, tasks: tasks, answersPerTask: answers, experts: experts)
        say("Setting up: \(tasks) tasks, k = \(answers), \(experts) experts, on \(urls.joined(separator: ", "))")
        let fixture = try await setup.prepare(adminEmail: email, password: password)
        say("Running for \(seconds) s …")
        let started = DispatchTime.now().uptimeNanoseconds
        let run = try await WorkLoad(fixture: fixture, seconds: seconds).run()
        let wall = elapsed(since: started)
        let report = try await WorkInvariants(fixture: fixture).check(run)
        print(WorkBenchReport(run: run, wall: wall, invariants: report, memory: locals.compactMap(\.peakMemoryMiB)).text)
        if !report.violations.isEmpty || !run.failures.isEmpty { throw ExitCode(1) }
    }
}

func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
