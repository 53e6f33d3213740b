import CadreCore
import Fluent
import Vapor

/// Admin management of user accounts.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("users", use: create)
        routes.get("users", use: list)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.authorize(.createUser)
        let body = try req.content.decode(CreateUserRequest.self)
        let errors = body.problems(allowedRoles: Role.allCases)
        if !errors.isEmpty { throw Problem.validation(errors) }
        if let organizationID = body.organizationId, try await Organization.find(organizationID, on: req.db) == nil {
            throw Problem.validation(field: "organization_id", "no organization has this id")
        }
        let user = try await Accounts.createUser(body, organizationID: body.organizationId, on: req)
        return try await UserResponse(user).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> Page<UserResponse> {
        try req.authorize(.listUsers)
        let page = try PageRequest(from: req)
        var query = User.query(on: req.db)
        if let role = req.query[String.self, at: "role"] {
            guard let parsed = Role(rawValue: role) else {
                throw Problem.validation(field: "role", "must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query = query.filter(\.$role == parsed)
        }
        let (users, next) = try await page.fetch(query)
        return Page(items: users.map(UserResponse.init), nextCursor: next)
    }
}

/// Creating accounts, shared by the API, the admin page, the first-start bootstrap and the demo seed.
enum Accounts {
    static func createUser(_ body: CreateUserRequest, organizationID: UUID?, on req: Request) async throws -> User {
        let hash = try await req.password.async.hash(body.password).get()
        let user = User(
            email: body.email, name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            role: Role(rawValue: body.role)!, passwordHash: hash, organizationID: organizationID, at: req.now)
        do {
            try await user.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("email_taken", "An account with the email \(user.email) already exists.")
        }
        return user
    }
}
