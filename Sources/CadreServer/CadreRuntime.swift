import CadreCore
import Logging
import Vapor

/// What the `cadre` commands do with a whole application: build it from the environment,
/// serve, migrate. Kept here so the executable needs no Vapor of its own.
public enum CadreRuntime {
    /// Migrates, makes sure an admin exists, seeds the demo on request, and serves until stopped.
    public static func serve(hostname: String, port: Int, demo: Bool) async throws {
        let app = try await makeApplication(arguments: ["serve", "--hostname", hostname, "--port", String(port)])
        try await run(app) {
            try await app.autoMigrate()
            try await prepareDatabase(app)
            try await announceAdmin(app)
            if demo {
                let accounts = try await DemoSeed.run(app)
                say("Demo accounts in \(DemoSeed.organizationName) (password \(DemoSeed.password)):")
                for account in accounts {
                    say("  \(account.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(account.email)")
                }
            }
            startBackgroundWork(app)
            say("Cadre is listening on http://\(hostname):\(port)")
            try await app.execute()
        }
    }

    public static func migrate(revert: Bool) async throws {
        let app = try await makeApplication(arguments: ["migrate"])
        try await run(app) {
            if revert {
                try await app.autoRevert()
                say("Reverted all migrations.")
            } else {
                try await app.autoMigrate()
                try await prepareDatabase(app)
                say("Database is up to date.")
            }
        }
    }

    static func makeApplication(arguments: [String]) async throws -> Application {
        let config = try CadreConfiguration.fromEnvironment()
        LoggingBootstrap.once(level: config.logLevel)
        let app = try await Application.make(Environment(name: "production", arguments: ["cadre"] + arguments))
        do {
            try await configure(app, config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    static func run(_ app: Application, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func announceAdmin(_ app: Application) async throws {
        switch try await AdminBootstrap.ensureAdmin(app) {
        case .adminsExist:
            break
        case .created(let email):
            app.logger.notice("Created the admin account \(email) from CADRE_ADMIN_EMAIL and CADRE_ADMIN_PASSWORD.")
        case .generated(let email, let password):
            say("""
                ----------------------------------------------------------------
                First start: created the admin account
                  email:    \(email)
                  password: \(password)
                The password is shown only this once. Set CADRE_ADMIN_EMAIL and
                CADRE_ADMIN_PASSWORD to choose your own on a fresh database.
                ----------------------------------------------------------------
                """)
        }
    }
}

/// Writes a line to standard output at once: the first-start password must reach a log
/// collector even when stdout is a pipe and the process is later killed.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false

    /// swift-log allows one bootstrap per process.
    static func once(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
