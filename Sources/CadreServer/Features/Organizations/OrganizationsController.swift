import CadreCore
import Fluent
import Vapor

struct OrganizationResponse: Content {
    var id: UUID
    var name: String
    var feeBasisPoints: Int
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name
        case feeBasisPoints = "fee_basis_points"
        case createdAt = "created_at"
    }

    init(_ organization: Organization) {
        id = organization.id!
        name = organization.name
        feeBasisPoints = organization.feeBasisPoints
        createdAt = organization.createdAt
    }
}

struct CreateOrganizationRequest: Content {
    var name: String

    var problems: [FieldError] {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed.count > 200 ? [FieldError(field: "name", message: "expected 1 to 200 characters")] : []
    }
}

/// The body of `PATCH /api/v1/organizations/{id}`: any of the fields.
struct UpdateOrganizationRequest: Content {
    var name: String?
    var feeBasisPoints: Int?

    enum CodingKeys: String, CodingKey {
        case name
        case feeBasisPoints = "fee_basis_points"
    }

    var problems: [FieldError] {
        var errors = name.map { CreateOrganizationRequest(name: $0).problems } ?? []
        if let fee = feeBasisPoints, !Organization.feeBasisPointsRange.contains(fee) {
            errors.append(FieldError(field: "fee_basis_points", message: "expected basis points from 0 to 10000 (2000 = 20 %)"))
        }
        if name == nil, feeBasisPoints == nil { errors.append(FieldError(field: "body", message: "expected name or fee_basis_points")) }
        return errors
    }
}

/// Client organizations and their members. Clients see only their own organization; any
/// other id answers 404 so that existence is not revealed.
struct OrganizationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.post(use: create)
        organizations.get(use: list)
        organizations.get(":organizationID", use: show)
        organizations.patch(":organizationID", use: update)
        organizations.post(":organizationID", "members", use: addMember)
        organizations.get(":organizationID", "members", use: members)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.createOrganization)
        let body = try req.content.decode(CreateOrganizationRequest.self)
        if !body.problems.isEmpty { throw Problem.validation(body.problems) }
        let organization = try await Self.create(named: body.name, on: req)
        return try await OrganizationResponse(organization).encodeResponse(status: .created, for: req)
    }

    static func create(named name: String, on req: Request) async throws -> Organization {
        let organization = Organization(name: name.trimmingCharacters(in: .whitespacesAndNewlines), at: req.now)
        try await save(organization, on: req.db)
        return organization
    }

    /// Creates or updates; names are unique, and a taken one is the caller's to change.
    private static func save(_ organization: Organization, on db: any Database) async throws {
        do {
            try await organization.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("organization_name_taken", "An organization named \(organization.name) already exists.")
        }
    }

    @Sendable func list(req: Request) async throws -> Page<OrganizationResponse> {
        let current = try req.authorize(.listOrganizations)
        let page = try PageRequest(from: req)
        let query = Organization.query(on: req.db)
        if current.principal.role != .admin {
            query.filter(\.$id == current.principal.organizationID ?? UUID())
        }
        let (rows, next) = try await page.fetch(query)
        return Page(items: rows.map(OrganizationResponse.init), nextCursor: next)
    }

    @Sendable func show(req: Request) async throws -> OrganizationResponse {
        OrganizationResponse(try await Self.load(req, for: { .readOrganization($0) }))
    }

    /// Renames the organization or sets its fee rate. A new rate applies to invoices not yet
    /// issued; issued ones keep the rate they were issued at.
    @Sendable func update(req: Request) async throws -> OrganizationResponse {
        let organization = try await Self.load(req, for: { _ in .updateOrganization })
        let body = try req.content.decode(UpdateOrganizationRequest.self)
        if !body.problems.isEmpty { throw Problem.validation(body.problems) }
        if let name = body.name { organization.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let fee = body.feeBasisPoints { organization.feeBasisPoints = fee }
        try await Self.save(organization, on: req.db)
        return OrganizationResponse(organization)
    }

    @Sendable func addMember(req: Request) async throws -> Response {
        let organization = try await Self.load(req, for: { .manageMembers($0) })
        var body = try req.content.decode(CreateUserRequest.self)
        body.organizationId = organization.id
        let errors = body.problems(allowedRoles: [.client])
        if !errors.isEmpty { throw Problem.validation(errors) }
        let user = try await Accounts.createUser(body, organizationID: organization.id, on: req)
        return try await UserResponse(user).encodeResponse(status: .created, for: req)
    }

    @Sendable func members(req: Request) async throws -> Page<UserResponse> {
        let organization = try await Self.load(req, for: { .manageMembers($0) })
        let page = try PageRequest(from: req)
        let (users, next) = try await page.fetch(User.query(on: req.db).filter(\.$organization.$id == organization.id))
        return Page(items: users.map(UserResponse.init), nextCursor: next)
    }

    /// The organization named in the path, after the access check on that very row.
    static func load(_ req: Request, for action: (UUID) -> Action) async throws -> Organization {
        guard let raw = req.parameters.get("organizationID"), let id = UUID(uuidString: raw) else {
            try req.authorize(action(UUID()))
            throw Problem.notFound("organization")
        }
        try req.authorize(action(id))
        guard let organization = try await Organization.find(id, on: req.db) else { throw Problem.notFound("organization") }
        return organization
    }
}
