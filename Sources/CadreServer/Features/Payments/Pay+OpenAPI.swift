import CadreCore

enum PayAPI {
    static let schemas: [String: JSONSchema] = [
        "ExpertEarnings": .object([
            "currency": .string(),
            "pay_level": .nullable(.string()),
            "current_period": .object([
                "period": .string(description: "ISO week, e.g. 2026-W48"),
                "active_seconds": .integer(minimum: 0),
                "tasks": .integer(minimum: 0),
                "estimated_minor": .integer(),
                "lines": .array(.object([
                    "project_id": .string(format: "uuid"), "project_name": .string(),
                    "kind": .string(oneOf: EarningsLine.Kind.allCases.map(\.rawValue)), "amount_minor": .integer(), "explanation": .string(),
                ], required: ["project_id", "project_name", "kind", "amount_minor", "explanation"])),
            ], required: ["period", "active_seconds", "tasks", "estimated_minor", "lines"]),
            "pending_minor": .integer(),
            "in_payout_minor": .integer(),
            "paid_minor": .integer(),
            "history": .array(.object([
                "period": .string(), "earnings_minor": .integer(), "bonuses_minor": .integer(), "top_ups_minor": .integer(),
                "active_seconds": .integer(), "accepted_answers": .integer(),
            ], required: ["period", "earnings_minor", "bonuses_minor", "top_ups_minor", "active_seconds", "accepted_answers"])),
        ], required: ["currency", "current_period", "pending_minor", "in_payout_minor", "paid_minor", "history"]),
        "ProjectSpend": .object([
            "project_id": .string(format: "uuid"),
            "currency": .string(),
            "fee_basis_points": .integer(minimum: 0),
            "posted_expert_cost_minor": .integer(),
            "posted_charge_minor": .integer(),
            "unposted_estimate_minor": .integer(),
            "budget": .nullable(.object([
                "cap_minor": .integer(), "committed_charge_minor": .integer(), "remaining_minor": .integer(),
                "status": .string(oneOf: ["open", "committed"]), "reason": .nullable(.string()),
            ], required: ["cap_minor", "committed_charge_minor", "remaining_minor", "status"])),
            "burn": .array(.object(["day": .string(format: "date"), "estimated_cost_minor": .integer()], required: ["day", "estimated_cost_minor"])),
            "accepted_answers": .integer(minimum: 0),
            "remaining_answers": .integer(minimum: 0),
            "projected_cost_to_finish_minor": .nullable(.integer()),
        ], required: ["project_id", "currency", "fee_basis_points", "posted_expert_cost_minor", "posted_charge_minor",
                      "unposted_estimate_minor", "burn", "accepted_answers", "remaining_answers"]),
        "PayLevel": .object(["expert_id": .string(format: "uuid"), "pay_level": .nullable(.string())], required: ["expert_id"]),
    ]

    static let operations: [APIOperation] = [
        APIOperation(method: "GET", path: "/api/v1/me/earnings",
                     summary: "The expert's earnings: this week so far (estimated), pending, in payout, paid, and past weeks",
                     tag: "payments", auth: .bearer, request: nil, responses: [200: .ref("ExpertEarnings")],
                     query: [(name: "currency", schema: .string(), description: "ISO 4217 code; default: the latest project's")]),
        APIOperation(method: "GET", path: "/api/v1/projects/:projectID/spend",
                     summary: "A project's cost: posted, unposted estimate, budget and what it has committed, daily burn, projection",
                     tag: "payments", auth: .bearer, request: nil, responses: [200: .ref("ProjectSpend")]),
        APIOperation(method: "PUT", path: "/api/v1/experts/:expertID/pay-level",
                     summary: "Set the pay level that picks an expert's hourly rate (admin)", tag: "payments", auth: .bearer,
                     request: .object(["pay_level": .nullable(.string())], required: ["pay_level"]), responses: [200: .ref("PayLevel")]),
    ]
}
