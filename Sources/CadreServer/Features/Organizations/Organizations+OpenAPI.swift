enum OrganizationsAPI {
    static let schemas: [String: JSONSchema] = [
        "Organization": .object([
            "id": .string(format: "uuid"),
            "name": .string(),
            "fee_basis_points": .integer(minimum: 0, maximum: 10000),
            "created_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "name", "fee_basis_points"]),
        "OrganizationPage": OpenAPIDocument.page(of: "Organization"),
    ]

    static let operations: [APIOperation] = [
        APIOperation(
            method: "POST", path: "/api/v1/organizations", summary: "Create a client organization (admin)",
            tag: "organizations", auth: .bearer, request: .object(["name": .string()], required: ["name"]),
            responses: [201: .ref("Organization")]),
        APIOperation(
            method: "GET", path: "/api/v1/organizations", summary: "List organizations (a client sees only its own)",
            tag: "organizations", auth: .bearer, request: nil, responses: [200: .ref("OrganizationPage")],
            query: OpenAPIDocument.pageQuery),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID", summary: "One organization",
            tag: "organizations", auth: .bearer, request: nil, responses: [200: .ref("Organization")]),
        APIOperation(
            method: "PATCH", path: "/api/v1/organizations/:organizationID",
            summary: "Rename the organization or set its platform fee rate in basis points, 2000 = 20 % (admin)",
            tag: "organizations", auth: .bearer,
            request: .object(["name": .string(), "fee_basis_points": .integer(minimum: 0, maximum: 10000)]),
            responses: [200: .ref("Organization")]),
        APIOperation(
            method: "POST", path: "/api/v1/organizations/:organizationID/members",
            summary: "Create a client user in the organization", tag: "organizations", auth: .bearer,
            request: .ref("NewMember"), responses: [201: .ref("User")]),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID/members", summary: "The organization's members",
            tag: "organizations", auth: .bearer, request: nil, responses: [200: .ref("UserPage")],
            query: OpenAPIDocument.pageQuery),
    ]
}
