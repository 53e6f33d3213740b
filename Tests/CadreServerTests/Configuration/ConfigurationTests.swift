@testable import CadreServer
import XCTest

final class ConfigurationTests: XCTestCase {
    func testDefaultsToSQLiteUnderTheDataDirectory() throws {
        let config = try CadreConfiguration.fromEnvironment([:])
        XCTAssertEqual(config.database, .sqliteFile(path: ".cadre/cadre.sqlite"))
        let custom = try CadreConfiguration.fromEnvironment(["CADRE_DATA_DIR": "/var/lib/cadre"])
        XCTAssertEqual(custom.database, .sqliteFile(path: "/var/lib/cadre/cadre.sqlite"))
    }

    func testPostgresFromDatabaseURL() throws {
        let config = try CadreConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:p@db:5432/cadre"])
        XCTAssertEqual(config.database, .postgres(url: "postgres://u:p@db:5432/cadre"))
    }

    func testEveryMalformedVariableIsNamedAtOnce() {
        let env = [
            "DATABASE_URL": "mysql://nope", "CADRE_LOG_LEVEL": "loud", "CADRE_BCRYPT_COST": "99",
            "CADRE_ADMIN_EMAIL": "not-an-email", "CADRE_ADMIN_PASSWORD": "short", "CADRE_PUBLIC_URL": "example.com",
            "CADRE_TRUST_FORWARDED_FOR": "maybe", "CADRE_NEXT_WORK_PER_MINUTE": "-1",
        ]
        XCTAssertThrowsError(try CadreConfiguration.fromEnvironment(env)) { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            for name in env.keys {
                XCTAssertTrue(problems.contains { $0.hasPrefix(name + ":") }, "\(name) not reported in \(problems)")
            }
        }
    }

    func testSecureCookiesFollowThePublicURL() throws {
        XCTAssertFalse(try CadreConfiguration.fromEnvironment([:]).secureCookies)
        XCTAssertTrue(try CadreConfiguration.fromEnvironment(["CADRE_PUBLIC_URL": "https://cadre.example.com"]).secureCookies)
    }
}
