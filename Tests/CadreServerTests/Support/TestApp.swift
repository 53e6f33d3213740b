@testable import CadreServer
import CadreCore
import FluentKit
import SQLKit
import XCTest
import XCTVapor

/// A real Cadre application for one test, built through the production `configure`: on an
/// in-memory SQLite database, or on PostgreSQL when `CADRE_TEST_POSTGRES_URL` is set.
///
/// On PostgreSQL every test starts from an empty `public` schema, so tests run one at a time
/// (XCTest's default) and never see each other's rows.
final class TestApp: @unchecked Sendable {
    let app: Application
    let clock = ManualClock()

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CADRE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var databaseName: String { postgresURL == nil ? "sqlite" : "postgres" }

    private init(app: Application) {
        self.app = app
    }

    static func make(migrate: Bool = true, configure adjust: (inout CadreConfiguration) -> Void = { _ in }) async throws -> TestApp {
        let app = try await Application.make(.testing)
        var config = CadreConfiguration(logLevel: .warning, bcryptCost: 4)
        // Files (uploads, blobs, snapshots) go to a directory of their own, never into the working tree.
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-test-\(UUID().uuidString)").path
        if let url = postgresURL { config.database = .postgres(url: url) }
        adjust(&config)
        let harness = TestApp(app: app)
        do {
            try await CadreServer.configure(app, config)
            app.useManualClock(harness.clock)
            if migrate {
                if case .postgres = config.database { try await resetPostgres(app) }
                try await app.autoMigrate()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return harness
    }

    static func resetPostgres(_ app: Application) async throws {
        let sql = app.db as! any SQLDatabase
        try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
        try await sql.raw("CREATE SCHEMA public").run()
    }

    // MARK: - Accounts

    @discardableResult
    func makeOrganization(_ name: String = "Org \(UUID().uuidString.prefix(6))") async throws -> Organization {
        let organization = Organization(name: name, at: clock.now)
        try await organization.create(on: app.db)
        return organization
    }

    static let password = "correct-horse-battery"

    @discardableResult
    func makeUser(_ role: Role, organization: Organization? = nil, email: String? = nil, name: String = "Test User") async throws -> User {
        let hash = try await app.password.async.hash(Self.password).get()
        let user = User(
            email: email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.com", name: name, role: role,
            passwordHash: hash, organizationID: organization?.id, at: clock.now)
        try await user.create(on: app.db)
        return user
    }

    /// Signs in through the API and returns the bearer token.
    func token(for user: User, password: String = TestApp.password) async throws -> String {
        let response = try await send(.POST, "/api/v1/sessions", json: ["email": user.email, "password": password])
        XCTAssertEqual(response.status, .created, response.body.string)
        return try XCTUnwrap(response.json["token"] as? String)
    }

    // MARK: - Requests

    /// Sends a request through the app in memory, or over a real socket after `overNetwork()`.
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil, rawBody: String? = nil,
        bytes: Data? = nil, headers extra: HTTPHeaders = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            if headers.contentType == nil { headers.contentType = .json }
        } else if let rawBody {
            body = ByteBuffer(string: rawBody)
            if headers.contentType == nil { headers.contentType = .json }
        } else if let bytes {
            body = ByteBuffer(data: bytes)
        }
        let frozen = headers
        if let port = listeningPort {
            let response = try await app.client.send(method, headers: frozen, to: URI(string: "http://127.0.0.1:\(port)\(path)")) { request in
                request.body = body
            }
            return TestResponse(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
        }
        let response = try await app.testable().sendRequest(method, path, headers: frozen, body: body) { request async throws in
            request.url = URI(string: path)
        }
        return TestResponse(status: response.status, headers: response.headers, body: response.body)
    }

    private var listeningPort: Int?

    /// Starts a real server on a free loopback port; later requests go over the network, for
    /// what only a socket shows (body size limits, streaming, many concurrent clients).
    func overNetwork() async throws {
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            do {
                try await app.server.start(address: .hostname("127.0.0.1", port: port))
                listeningPort = port
                return
            } catch {
                continue
            }
        }
        XCTFail("no free port for a test server")
    }

    func shutdown() async throws {
        if listeningPort != nil { await app.server.shutdown() }
        let files = app.cadreConfiguration.dataDirectory
        try await app.asyncShutdown()
        if files.hasPrefix(FileManager.default.temporaryDirectory.path) { try? FileManager.default.removeItem(atPath: files) }
    }
}

/// A response as tests look at it, whichever way the request went.
struct TestResponse: Sendable {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
}

extension TestResponse {
    /// The decoded problem body of an error response.
    func problem(file: StaticString = #filePath, line: UInt = #line) throws -> ProblemBody {
        XCTAssertEqual(headers.contentType?.description, "application/problem+json", file: file, line: line)
        return try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: body))
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
}
