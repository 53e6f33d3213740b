import CadreCore

enum ProjectsAPI {
    static let templateNames = TemplateKind.allCases.map(\.rawValue)

    static let settingsProperties: [String: JSONSchema] = [
        "name": .string(),
        "instructions": .string(description: "Markdown shown to experts"),
        "template": .string(oneOf: templateNames),
        "configuration": .any(description: "The template's configuration; see the template documentation"),
        "answers_per_task": .integer(minimum: 1, maximum: 50),
        "review_policy": .string(oneOf: ["none", "sample", "all"]),
        "review_sample_rate": .nullable(.number),
        "required_qualifications": .object([
            "domains": .array(.object(["domain": .string(), "min_ability": .number], required: ["domain"])),
            "languages": .array(.string()),
        ]),
        "pay": .ref("Pay"),
        "time_budget_seconds": .integer(minimum: 30, maximum: 86_400),
        "lease_seconds": .integer(minimum: 60, maximum: 86_400),
        "budget_cap_minor": .nullable(.integer(minimum: 0)),
        "deadline": .nullable(.string(format: "date-time")),
        "priority": .integer(minimum: -1000, maximum: 1000),
        "gold_rate": .number,
        "max_answers_per_task": .nullable(.integer(minimum: 1, maximum: 50)),
        "consensus_threshold": .number,
        "min_gold_accuracy": .nullable(.number),
    ]

    static let schemas: [String: JSONSchema] = [
        "Pay": .object([
            "model": .string(oneOf: PayTerms.Model.allCases.map(\.rawValue)),
            "amount_minor": .integer(minimum: 0),
            "currency": .string(description: "ISO 4217 code"),
            "per_task_minor": .nullable(.integer(minimum: 0)),
            "hourly_rates_by_level": .nullable(.any(description: "Hourly rate per expert pay level, e.g. {\"senior\": 9000}")),
            "bonus": .nullable(.object(["rate_bp": .integer(minimum: 0), "bar_bp": .integer(minimum: 0)], required: ["rate_bp", "bar_bp"])),
            "hourly_floor_minor": .nullable(.integer(minimum: 0)),
            "rejected_time": .nullable(.string(oneOf: RejectedTimePay.allCases.map(\.rawValue))),
            "active_time_cap_seconds": .nullable(.integer(minimum: 30)),
        ], required: ["model", "amount_minor", "currency"]),
        "NewProject": .object(
            settingsProperties.merging(["organization_id": .string(format: "uuid", description: "Admins only")]) { a, _ in a },
            required: ["name", "template", "pay"]),
        "ProjectEdit": .object(settingsProperties),
        "Project": .object(
            settingsProperties.merging([
                "id": .string(format: "uuid"),
                "organization_id": .string(format: "uuid"),
                "state": .string(oneOf: ProjectState.allCases.map(\.rawValue)),
                "created_at": .nullable(.string(format: "date-time")),
                "updated_at": .nullable(.string(format: "date-time")),
            ]) { a, _ in a },
            required: ["id", "organization_id", "name", "template", "state", "pay", "answers_per_task"]),
        "ProjectPage": OpenAPIDocument.page(of: "Project"),
        "Qualification": .object([
            "id": .string(format: "uuid"),
            "expert_id": .string(format: "uuid"),
            "kind": .string(oneOf: ["domain", "language", "reviewer"]),
            "subject": .string(),
            "level": .number,
            "created_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "expert_id", "kind", "subject", "level"]),
    ]

    static let operations: [APIOperation] = [
        APIOperation(method: "POST", path: "/api/v1/projects", summary: "Create a draft project", tag: "projects",
                     auth: .bearer, request: .ref("NewProject"), responses: [201: .ref("Project")]),
        APIOperation(method: "GET", path: "/api/v1/projects",
                     summary: "Projects: a client's own, an expert's eligible active ones, or all for an admin",
                     tag: "projects", auth: .bearer, request: nil, responses: [200: .ref("ProjectPage")],
                     query: OpenAPIDocument.pageQuery + [("state", .string(oneOf: ProjectState.allCases.map(\.rawValue)), "Only projects in this state")]),
        APIOperation(method: "GET", path: "/api/v1/projects/:projectID", summary: "One project", tag: "projects",
                     auth: .bearer, request: nil, responses: [200: .ref("Project")]),
        APIOperation(method: "PATCH", path: "/api/v1/projects/:projectID",
                     summary: "Edit a project (template and configuration are locked once tasks exist)", tag: "projects",
                     auth: .bearer, request: .ref("ProjectEdit"), responses: [200: .ref("Project")]),
    ] + ["activate", "pause", "complete", "archive"].map { action in
        APIOperation(method: "POST", path: "/api/v1/projects/:projectID/\(action)", summary: "Move the project: \(action)",
                     tag: "projects", auth: .bearer, request: nil, responses: [200: .ref("Project")])
    } + [
        APIOperation(method: "POST", path: "/api/v1/experts/:expertID/qualifications",
                     summary: "Grant an expert a qualification (admin); granting again updates the level", tag: "qualifications",
                     auth: .bearer,
                     request: .object(["kind": .string(oneOf: ["domain", "language", "reviewer"]), "subject": .string(), "level": .nullable(.number)],
                                      required: ["kind", "subject"]),
                     responses: [201: .ref("Qualification"), 200: .ref("Qualification")]),
        APIOperation(method: "GET", path: "/api/v1/experts/:expertID/qualifications",
                     summary: "An expert's qualifications (the expert or an admin)", tag: "qualifications",
                     auth: .bearer, request: nil, responses: [200: .array(.ref("Qualification"))]),
    ]
}
