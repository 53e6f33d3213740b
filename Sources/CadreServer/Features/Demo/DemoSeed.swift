import CadreCore
import Fluent
import Vapor

/// Demo data for a newcomer to click through: an organization with a client, an admin, a few
/// experts and a candidate, all with known passwords, and two active projects with tasks.
/// Running it again changes nothing.
public enum DemoSeed {
    public struct Account: Sendable {
        public var email: String
        public var password: String
        public var role: Role
    }

    public static let organizationName = "Acme AI Lab"
    public static let password = "cadre-demo-2026"

    public static let accounts: [Account] = [
        Account(email: "admin@demo.cadre.local", password: password, role: .admin),
        Account(email: "client@demo.cadre.local", password: password, role: .client),
        Account(email: "ada@demo.cadre.local", password: password, role: .expert),
        Account(email: "grace@demo.cadre.local", password: password, role: .expert),
        Account(email: "alan@demo.cadre.local", password: password, role: .expert),
        Account(email: "candidate@demo.cadre.local", password: password, role: .candidate),
    ]

    private static let names = [
        "admin@demo.cadre.local": "Demo Admin", "client@demo.cadre.local": "Casey Client",
        "ada@demo.cadre.local": "Ada Lovelace", "grace@demo.cadre.local": "Grace Hopper",
        "alan@demo.cadre.local": "Alan Turing", "candidate@demo.cadre.local": "Cam Candidate",
    ]

    @discardableResult
    public static func run(_ app: Application) async throws -> [Account] {
        let now = app.clock.now()
        let organization: Organization
        if let existing = try await Organization.query(on: app.db).filter(\.$name == organizationName).first() {
            organization = existing
        } else {
            organization = Organization(name: organizationName, at: now)
            try await organization.create(on: app.db)
        }
        let hash = try await app.password.async.hash(password).get()
        for account in accounts {
            if try await User.query(on: app.db).filter(\.$email == account.email).first() != nil { continue }
            let organizationID = account.role == .client ? organization.id : nil
            try await User(
                email: account.email, name: names[account.email] ?? account.email, role: account.role,
                passwordHash: hash, organizationID: organizationID, at: now
            ).create(on: app.db)
        }
        try await seedProjects(app, organization: organization, now: now)
        try await seedApplication(app, now: now)
        return accounts
    }
}
