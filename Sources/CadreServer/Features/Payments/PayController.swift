import CadreCore
import Fluent
import Vapor

/// Pay as experts and clients see it: an expert's earnings, a project's spend, and the pay
/// levels admins assign to experts.
struct PayController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "earnings", use: earnings)
        routes.get("projects", ":projectID", "spend", use: spend)
        routes.put("experts", ":expertID", "pay-level", use: setPayLevel)
    }

    @Sendable func earnings(req: Request) async throws -> ExpertEarnings {
        let current = try req.authorize(.leaseWork)
        let currency = try await Self.currency(req, expert: current.principal.userID)
        return try await ExpertEarnings.load(expert: current.user, currency: currency, now: req.now, on: req.db)
    }

    @Sendable func spend(req: Request) async throws -> ProjectSpend {
        let project = try await ProjectsController.load(req)
        return try await ProjectSpend.load(project, now: req.now, on: req.db)
    }

    struct PayLevelResponse: Content {
        var expertId: UUID
        var payLevel: String?
        enum CodingKeys: String, CodingKey { case expertId = "expert_id", payLevel = "pay_level" }
    }

    /// `{"pay_level": "senior"}` or `{"pay_level": null}`: the level whose hourly rate a
    /// project pays this expert (projects without a rate for it pay their standard rate).
    @Sendable func setPayLevel(req: Request) async throws -> PayLevelResponse {
        try req.authorize(.grantQualification)
        guard let raw = req.parameters.get("expertID"), let id = UUID(uuidString: raw),
              let expert = try await User.find(id, on: req.db), expert.role == .expert
        else { throw Problem.notFound("expert") }
        let body = try req.jsonBody()
        guard let value = body["pay_level"] else { throw Problem.validation(field: "pay_level", "required: a level name such as \"senior\", or null") }
        if value.isNull {
            expert.payLevel = nil
        } else {
            guard let level = value.stringValue, ExpertLevel.isValid(level) else {
                throw Problem.validation(field: "pay_level", "level names are 1–40 lowercase letters, digits, '-' or '_'")
            }
            expert.payLevel = level
        }
        try await expert.save(on: req.db)
        return PayLevelResponse(expertId: id, payLevel: expert.payLevel)
    }

    /// `?currency=EUR`, else the currency of the expert's latest project, else USD.
    static func currency(_ req: Request, expert: UUID) async throws -> Currency {
        if let code = req.query[String.self, at: "currency"] {
            do { return try Currency(code: code) } catch { throw Problem.validation(field: "currency", "expected an ISO 4217 code such as \"USD\"") }
        }
        let latest = try await Assignment.query(on: req.db).filter(\.$expert.$id == expert).sort(\.$leasedAt, .descending).with(\.$project).first()
        return (try? Currency(code: latest?.project.currency ?? "USD")) ?? (try! Currency(code: "USD"))
    }
}
