enum AccountsAPI {
    /// What every new account is made of; the routes differ in the roles they take.
    static let newAccount: [String: JSONSchema] = [
        "email": .string(format: "email"),
        "password": .string(description: "At least 10 characters"),
        "name": .string(),
    ]

    static let schemas: [String: JSONSchema] = [
        "User": .object([
            "id": .string(format: "uuid"),
            "email": .string(format: "email"),
            "name": .string(),
            "role": .string(oneOf: ["admin", "client", "expert", "candidate"]),
            "organization_id": .nullable(.string(format: "uuid")),
            "created_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "email", "name", "role"]),
        "Session": .object([
            "token": .string(description: "Bearer token; shown once, stored hashed"),
            "expires_at": .string(format: "date-time"),
            "user": .ref("User"),
        ], required: ["token", "expires_at", "user"]),
        "NewUser": .object(newAccount.merging([
            "role": .string(oneOf: ["admin", "client", "expert", "candidate"]),
            "organization_id": .nullable(.string(format: "uuid", description: "Required for clients")),
        ]) { field, _ in field }, required: ["email", "password", "name", "role"]),
        // A member joins the organization in the path, and only as a client.
        "NewMember": .object(newAccount.merging(["role": .string(oneOf: ["client"])]) { field, _ in field },
                             required: ["email", "password", "name", "role"]),
        "UserPage": OpenAPIDocument.page(of: "User"),
    ]

    static let operations: [APIOperation] = [
        APIOperation(
            method: "POST", path: "/api/v1/sessions", summary: "Sign in and receive a bearer token", tag: "accounts",
            auth: .none,
            request: .object(["email": .string(format: "email"), "password": .string()], required: ["email", "password"]),
            responses: [201: .ref("Session")]),
        APIOperation(
            method: "DELETE", path: "/api/v1/sessions/current", summary: "Revoke the token used for this request",
            tag: "accounts", auth: .bearer, request: nil, responses: [204: nil]),
        APIOperation(
            method: "GET", path: "/api/v1/me", summary: "The signed-in user", tag: "accounts", auth: .bearer,
            request: nil, responses: [200: .ref("User")]),
        APIOperation(
            method: "POST", path: "/api/v1/users", summary: "Create a user (admin)", tag: "accounts", auth: .bearer,
            request: .ref("NewUser"), responses: [201: .ref("User")]),
        APIOperation(
            method: "GET", path: "/api/v1/users", summary: "List users (admin)", tag: "accounts", auth: .bearer,
            request: nil, responses: [200: .ref("UserPage")],
            query: OpenAPIDocument.pageQuery + [("role", .string(oneOf: ["admin", "client", "expert", "candidate"]), "Only users with this role")]),
    ]
}
