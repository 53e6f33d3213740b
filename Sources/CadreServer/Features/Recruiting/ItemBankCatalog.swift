import CadreCore
import Fluent
import Vapor

/// The item banks interviews draw from: the newest stored version of each domain for a new
/// interview, the exact version an interview started with for its replay.
///
/// The banks shipped in `Resources/ItemBanks` are stored on first use (a version the database
/// lacks is added; nothing stored is ever changed). Parsed banks are kept in memory by domain
/// and version: a version's document never changes, so the cache never goes stale.
actor ItemBankCatalog {
    private var parsed: [String: ItemBank] = [:]
    private var shippedInstalled = false
    private let shippedDirectory: URL

    init(shippedDirectory: URL) {
        self.shippedDirectory = shippedDirectory
    }

    /// The newest version of every domain's bank. Only ids are read here; documents come
    /// from the cache, or one row each the first time a version is needed.
    func latestBanks(on db: any Database) async throws -> [ItemBank] {
        try await installShippedBanks(on: db)
        let rows = try await StoredItemBank.query(on: db).field(\.$id).field(\.$domain).field(\.$version).all()
        var newest: [String: Int] = [:]
        for row in rows { newest[row.domain] = max(newest[row.domain] ?? 0, row.version) }
        var banks: [ItemBank] = []
        for (domain, version) in newest.sorted(by: { $0.key < $1.key }) {
            banks.append(try await bank(domain: domain, version: version, on: db))
        }
        return banks
    }

    func latest(domain: String, on db: any Database) async throws -> ItemBank? {
        try await installShippedBanks(on: db)
        guard let version = try await StoredItemBank.query(on: db).filter(\.$domain == domain).max(\.$version) else { return nil }
        return try await bank(domain: domain, version: version, on: db)
    }

    /// The stored row of a domain's newest version.
    func latestRow(domain: String, on db: any Database) async throws -> StoredItemBank? {
        try await installShippedBanks(on: db)
        return try await StoredItemBank.query(on: db).filter(\.$domain == domain).sort(\.$version, .descending).first()
    }

    func bank(domain: String, version: Int, on db: any Database) async throws -> ItemBank {
        if let cached = parsed[Self.key(domain, version)] { return cached }
        guard let row = try await StoredItemBank.query(on: db).filter(\.$domain == domain).filter(\.$version == version).first() else {
            throw Abort(.internalServerError, reason: "item bank \(domain) version \(version) is missing")
        }
        return try parse(row)
    }

    /// Stores a validated bank as a new version. The version in the document must be newer than
    /// every stored one, so an interview's bank can always be found again exactly.
    @discardableResult
    func store(_ bank: ItemBank, document: String, source: String, responsesUsed: Int? = nil, on db: any Database) async throws -> StoredItemBank {
        try await installShippedBanks(on: db)
        let newest = try await StoredItemBank.query(on: db).filter(\.$domain == bank.domainID).max(\.$version) ?? 0
        guard bank.version > newest else {
            throw Problem.conflict("bank_version_exists", "Domain \(bank.domainID) already has version \(newest); send version \(newest + 1) or higher.")
        }
        let row = StoredItemBank()
        row.id = UUID()
        row.domain = bank.domainID
        row.version = bank.version
        row.source = source
        row.document = document
        row.responsesUsed = responsesUsed
        do {
            try await row.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("bank_version_exists", "Domain \(bank.domainID) version \(bank.version) was stored meanwhile.")
        }
        parsed[Self.key(bank.domainID, bank.version)] = bank
        return row
    }

    private func parse(_ row: StoredItemBank) throws -> ItemBank {
        let key = Self.key(row.domain, row.version)
        if let cached = parsed[key] { return cached }
        let bank = try ItemBank(parsing: Data(row.document.utf8))
        parsed[key] = bank
        return bank
    }

    private func installShippedBanks(on db: any Database) async throws {
        guard !shippedInstalled else { return }
        let files = (try? FileManager.default.contentsOfDirectory(at: shippedDirectory, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "json" {
            let data = try Data(contentsOf: file)
            let bank = try ItemBank(parsing: data)
            let exists = try await StoredItemBank.query(on: db).filter(\.$domain == bank.domainID)
                .filter(\.$version >= bank.version).first() != nil
            if exists { continue }
            let row = StoredItemBank()
            row.id = UUID()
            row.domain = bank.domainID
            row.version = bank.version
            row.source = "shipped"
            row.document = String(decoding: data, as: UTF8.self)
            do {
                try await row.create(on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another instance stored the same shipped version first.
            }
        }
        shippedInstalled = true
    }

    private static func key(_ domain: String, _ version: Int) -> String { "\(domain)@\(version)" }
}

extension Application {
    private struct CatalogKey: StorageKey { typealias Value = ItemBankCatalog }

    var itemBanks: ItemBankCatalog {
        if let catalog = storage[CatalogKey.self] { return catalog }
        let catalog = ItemBankCatalog(shippedDirectory: URL(fileURLWithPath: directory.resourcesDirectory).appendingPathComponent("ItemBanks"))
        storage[CatalogKey.self] = catalog
        return catalog
    }
}
