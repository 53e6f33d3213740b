import CadreCore
import Vapor

/// A user as the API shows it: never the password hash.
struct UserResponse: Content {
    var id: UUID
    var email: String
    var name: String
    var role: Role
    var organizationId: UUID?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case organizationId = "organization_id"
        case createdAt = "created_at"
    }

    init(_ user: User) {
        id = user.id!
        email = user.email
        name = user.name
        role = user.role
        organizationId = user.$organization.id
        createdAt = user.createdAt
    }
}

struct SessionRequest: Content {
    var email: String
    var password: String
}

struct SessionResponse: Content {
    var token: String
    var expiresAt: Date
    var user: UserResponse

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
    }
}

/// The body of `POST /api/v1/users` and `POST /api/v1/organizations/{id}/members`.
struct CreateUserRequest: Content {
    var email: String
    var password: String
    var name: String
    var role: String
    var organizationId: UUID?

    enum CodingKeys: String, CodingKey {
        case email, password, name, role
        case organizationId = "organization_id"
    }

    /// Every problem with the body at once, each naming its field.
    func problems(allowedRoles: [Role]) -> [FieldError] {
        var errors: [FieldError] = []
        if !EmailAddress.isPlausible(email) {
            errors.append(FieldError(field: "email", message: "expected an email address such as name@example.com"))
        }
        for message in PasswordPolicy.problems(with: password) {
            errors.append(FieldError(field: "password", message: message))
        }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName.isEmpty || trimmedName.count > 200 {
            errors.append(FieldError(field: "name", message: "expected 1 to 200 characters"))
        }
        if let role = Role(rawValue: role) {
            if !allowedRoles.contains(role) {
                errors.append(FieldError(field: "role", message: "must be one of: \(allowedRoles.map(\.rawValue).joined(separator: ", "))"))
            } else if role == .client, organizationId == nil {
                errors.append(FieldError(field: "organization_id", message: "is required for a client"))
            } else if role != .client, organizationId != nil {
                errors.append(FieldError(field: "organization_id", message: "only clients belong to an organization"))
            }
        } else {
            errors.append(FieldError(field: "role", message: "must be one of: \(allowedRoles.map(\.rawValue).joined(separator: ", "))"))
        }
        return errors
    }
}
