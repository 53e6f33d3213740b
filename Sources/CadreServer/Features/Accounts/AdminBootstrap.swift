import CadreCore
import Fluent
import Vapor

/// The first start of an empty platform needs someone who can sign in.
public enum AdminBootstrap {
    public enum Outcome: Equatable, Sendable {
        case adminsExist
        case created(email: String)
        /// A generated password, to be printed once; it is stored only as a hash.
        case generated(email: String, password: String)
    }

    public static func ensureAdmin(_ app: Application) async throws -> Outcome {
        if try await User.query(on: app.db).filter(\.$role == .admin).count() > 0 { return .adminsExist }
        let config = app.cadreConfiguration
        let email = config.adminEmail ?? "admin@cadre.local"
        let generated = config.adminPassword == nil ? String(RandomToken.urlSafe().prefix(20)) : nil
        let password = config.adminPassword ?? generated!
        let hash = try await app.password.async.hash(password).get()
        try await User(email: email, name: "Administrator", role: .admin, passwordHash: hash, organizationID: nil, at: app.clock.now())
            .create(on: app.db)
        if let generated { return .generated(email: EmailAddress.normalize(email), password: generated) }
        return .created(email: EmailAddress.normalize(email))
    }
}
