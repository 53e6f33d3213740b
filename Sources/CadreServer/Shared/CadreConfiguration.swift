import Foundation
import Logging
import CadreCore

/// Everything Cadre reads from its environment, decoded once at start-up.
///
/// Nothing else in the server reads environment variables: a malformed value fails
/// start-up with the variable's name instead of surprising a request later.
public struct CadreConfiguration: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    public var dataDirectory: String
    public var adminEmail: String?
    public var adminPassword: String?
    public var logLevel: Logger.Level
    /// The address users reach Cadre at; `https` turns on `Secure` cookies.
    public var publicURL: String
    /// Bcrypt work factor (4…31). Tests lower it; production keeps the default.
    public var bcryptCost: Int
    public var apiTokenLifetime: TimeInterval
    public var webSessionLifetime: TimeInterval
    /// Honour `X-Forwarded-For` for the client address (only behind a trusted proxy).
    public var trustForwardedFor: Bool
    /// The optional LLM grader; `nil` scores scenario answers with the embedded scorer alone.
    public var llm: LLMConfiguration?
    /// How long an instance trusts what it read about tokens, experts' qualifications and
    /// standing, and projects, before reading them again (0 turns the caches off). Changes made
    /// through an instance apply there at once; other instances see them within this time.
    public var readCacheSeconds: TimeInterval
    /// Calls a minute each user may make for the next task or review (0 turns the limit off).
    public var nextWorkPerMinute: Int

    public init(
        database: DatabaseLocation = .sqliteMemory,
        dataDirectory: String = ".cadre",
        adminEmail: String? = nil,
        adminPassword: String? = nil,
        logLevel: Logger.Level = .info,
        publicURL: String = "http://127.0.0.1:8080",
        bcryptCost: Int = 12,
        apiTokenLifetime: TimeInterval = 30 * 24 * 3600,
        webSessionLifetime: TimeInterval = 12 * 3600,
        trustForwardedFor: Bool = false,
        llm: LLMConfiguration? = nil,
        readCacheSeconds: TimeInterval = 2,
        nextWorkPerMinute: Int = 120
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.adminEmail = adminEmail
        self.adminPassword = adminPassword
        self.logLevel = logLevel
        self.publicURL = publicURL
        self.bcryptCost = bcryptCost
        self.apiTokenLifetime = apiTokenLifetime
        self.webSessionLifetime = webSessionLifetime
        self.trustForwardedFor = trustForwardedFor
        self.llm = llm
        self.nextWorkPerMinute = nextWorkPerMinute
        self.readCacheSeconds = readCacheSeconds
    }

    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }
}

/// A start-up failure that names every bad variable at once.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String {
        "Invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension CadreConfiguration {
    /// Decodes the configuration from environment variables (see the README's table).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        var problems: [String] = []
        var config = CadreConfiguration()
        config.dataDirectory = env.nonEmpty("CADRE_DATA_DIR") ?? ".cadre"

        if let url = env.nonEmpty("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                config.database = .postgres(url: url)
            } else if url.hasPrefix("sqlite://") {
                let path = String(url.dropFirst("sqlite://".count))
                config.database = path == ":memory:" ? .sqliteMemory : .sqliteFile(path: path)
            } else {
                problems.append("DATABASE_URL: expected postgres://user:pass@host:port/db or sqlite://PATH, got '\(url)'")
            }
        } else {
            config.database = .sqliteFile(path: config.dataDirectory + "/cadre.sqlite")
        }

        config.adminEmail = env.nonEmpty("CADRE_ADMIN_EMAIL")
        config.adminPassword = env.nonEmpty("CADRE_ADMIN_PASSWORD")
        if let email = config.adminEmail, !EmailAddress.isPlausible(email) {
            problems.append("CADRE_ADMIN_EMAIL: expected an email address, got '\(email)'")
        }
        if let password = config.adminPassword, password.count < PasswordPolicy.minimumLength {
            problems.append("CADRE_ADMIN_PASSWORD: must be at least \(PasswordPolicy.minimumLength) characters")
        }
        if let level = env.nonEmpty("CADRE_LOG_LEVEL") {
            if let parsed = Logger.Level(rawValue: level.lowercased()) {
                config.logLevel = parsed
            } else {
                problems.append("CADRE_LOG_LEVEL: expected one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
            }
        }
        if let url = env.nonEmpty("CADRE_PUBLIC_URL") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                config.publicURL = url
            } else {
                problems.append("CADRE_PUBLIC_URL: expected an http:// or https:// address, got '\(url)'")
            }
        }
        if let cost = env.nonEmpty("CADRE_BCRYPT_COST") {
            if let value = Int(cost), (4...31).contains(value) {
                config.bcryptCost = value
            } else {
                problems.append("CADRE_BCRYPT_COST: expected an integer from 4 to 31, got '\(cost)'")
            }
        }
        if let flag = env.nonEmpty("CADRE_TRUST_FORWARDED_FOR") {
            switch flag.lowercased() {
            case "1", "true", "yes": config.trustForwardedFor = true
            case "0", "false", "no": config.trustForwardedFor = false
            default: problems.append("CADRE_TRUST_FORWARDED_FOR: expected true or false, got '\(flag)'")
            }
        }
        config.llm = LLMConfiguration.fromEnvironment(env, problems: &problems)
        if let seconds = env.nonEmpty("CADRE_READ_CACHE_SECONDS") {
            if let value = Double(seconds), (0...60).contains(value) {
                config.readCacheSeconds = value
            } else {
                problems.append("CADRE_READ_CACHE_SECONDS: expected a number of seconds from 0 to 60, got '\(seconds)'")
            }
        }
        if let rate = env.nonEmpty("CADRE_NEXT_WORK_PER_MINUTE") {
            if let value = Int(rate), (0...1_000_000).contains(value) {
                config.nextWorkPerMinute = value
            } else {
                problems.append("CADRE_NEXT_WORK_PER_MINUTE: expected a whole number from 0 (no limit) to 1000000, got '\(rate)'")
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return config
    }
}

extension Dictionary where Key == String, Value == String {
    func nonEmpty(_ key: String) -> String? {
        guard let value = self[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
