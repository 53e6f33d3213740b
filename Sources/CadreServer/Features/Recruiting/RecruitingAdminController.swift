import CadreCore
import Fluent
import Vapor

/// Admin tools of recruiting: item banks, each domain's decision policy, and the funnel.
struct RecruitingAdminController: RouteCollection {
    struct PolicyBody: Decodable {
        var cutoff: Double
        var retakeAfterDays: Int?
    }

    struct BankSummary: Encodable {
        var domain: String
        var name: String
        var version: Int
        var items: Int
        var scenarios: Int
        var skills: [String]
        var targetStandardError: Double
        var minimumItems: Int
        var maximumItems: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("item-banks", use: banks)
        routes.on(.POST, "item-banks", body: .collect(maxSize: "10mb"), use: importBank)
        routes.get("recruiting", "policies", use: policies)
        routes.put("recruiting", "policies", ":domain", use: setPolicy)
        routes.get("recruiting", "funnel", use: funnel)
    }

    @Sendable func banks(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        return try recruitingResponse(try await req.application.itemBanks.latestBanks(on: req.db).map(Self.summary))
    }

    /// A bank document as `cadre assess validate-bank` checks it; stored as a new version.
    @Sendable func importBank(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw Problem.malformedBody("The body is empty; expected an item bank as JSON.")
        }
        let data = Data(buffer: buffer)
        try NulCharacterGuard.check(json: String(decoding: data, as: UTF8.self))
        let bank = try ItemBank(parsing: data)
        try await req.application.itemBanks.store(bank, document: String(decoding: data, as: UTF8.self), source: "imported", on: req.db)
        return try recruitingResponse(Self.summary(bank), status: .created)
    }

    @Sendable func policies(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        var result: [DomainPolicies.Policy] = []
        for bank in try await req.application.itemBanks.latestBanks(on: req.db) {
            result.append(try await DomainPolicies.policy(for: bank.domainID, on: req.db))
        }
        return try recruitingResponse(result)
    }

    @Sendable func setPolicy(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        let domain = req.parameters.get("domain") ?? ""
        guard try await Recruiting.knownDomains(on: req).contains(domain) else { throw Problem.notFound("domain") }
        let body = try req.recruitingBody(PolicyBody.self)
        var errors: [FieldError] = []
        if !(-4...4).contains(body.cutoff) { errors.append(FieldError(field: "cutoff", message: "expected an ability from -4 to 4")) }
        if let days = body.retakeAfterDays, !(0...365).contains(days) {
            errors.append(FieldError(field: "retake_after_days", message: "expected 0 to 365 days"))
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        let row = try await DomainPolicy.query(on: req.db).filter(\.$domain == domain).first() ?? {
            let policy = DomainPolicy()
            policy.id = UUID()
            policy.domain = domain
            policy.retakeAfterDays = DomainPolicy.defaultRetakeAfterDays
            return policy
        }()
        row.cutoff = body.cutoff
        if let days = body.retakeAfterDays { row.retakeAfterDays = days }
        try await row.save(on: req.db)
        return try recruitingResponse(try await DomainPolicies.policy(for: domain, on: req.db))
    }

    @Sendable func funnel(req: Request) async throws -> Response {
        try req.authorize(.recruit)
        return try recruitingResponse(try await RecruitingFunnel.measure(on: req.db))
    }

    static func summary(_ bank: ItemBank) -> BankSummary {
        BankSummary(domain: bank.domainID, name: bank.domainName, version: bank.version, items: bank.items.count,
                    scenarios: bank.scenarios.count, skills: bank.skills.map(\.id),
                    targetStandardError: bank.interview.targetStandardError,
                    minimumItems: bank.interview.minimumItems, maximumItems: bank.interview.maximumItems)
    }
}
