enum PaymentsAPI {
    static let amount: JSONSchema = .integer()

    static let schemas: [String: JSONSchema] = [
        "Funding": .object([
            "posting_id": .string(), "organization_id": .string(format: "uuid"), "amount_minor": amount,
            "currency": .string(), "reference": .string(), "at": .string(format: "date-time"),
            "balance_minor": .integer(),
        ], required: ["posting_id", "organization_id", "amount_minor", "currency", "reference", "at", "balance_minor"]),
        "Balance": .object([
            "organization_id": .string(format: "uuid"),
            "balances": .array(.object(["amount_minor": amount, "currency": .string()], required: ["amount_minor", "currency"])),
        ], required: ["organization_id", "balances"]),
        "PayoutBatch": .object([
            "id": .string(description: "payout-<period>-<currency>, e.g. payout-2026-W48-USD"),
            "period": .string(description: "ISO week, e.g. 2026-W48"), "currency": .string(),
            "lines": .array(.object(["expert_id": .string(format: "uuid"), "amount_minor": amount], required: ["expert_id", "amount_minor"])),
            "total_minor": amount, "status": .string(oneOf: ["empty", "posted", "paid", "reversed"]),
            "paid_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "period", "currency", "lines", "total_minor", "status"]),
        "PayoutBatchPage": .object(["items": .array(.ref("PayoutBatch")), "next_cursor": .nullable(.string())], required: ["items"]),
        "Invoice": .object([
            "id": .string(), "organization_id": .string(format: "uuid"), "organization_name": .string(),
            "month": .string(description: "e.g. 2026-11"), "currency": .string(), "fee_basis_points": .integer(minimum: 0),
            "status": .string(oneOf: ["draft", "issued"]), "month_closed": .boolean,
            "issued_at": .nullable(.string(format: "date-time")),
            "lines": .array(.object([
                "project_id": .string(format: "uuid"), "project_name": .string(), "expert_hours": .string(description: "hours, two decimals"),
                "active_seconds": .integer(), "accepted_answers": .integer(), "expert_cost_minor": amount,
                "platform_fee_minor": amount, "total_minor": amount,
            ], required: ["project_id", "project_name", "expert_hours", "active_seconds", "accepted_answers",
                          "expert_cost_minor", "platform_fee_minor", "total_minor"])),
            "expert_cost_minor": amount, "platform_fee_minor": amount, "total_minor": amount,
            "discrepancies": .array(.string(description: "how an issued invoice no longer matches the ledger")),
        ], required: ["id", "organization_id", "month", "currency", "fee_basis_points", "status", "lines",
                      "expert_cost_minor", "platform_fee_minor", "total_minor", "discrepancies"]),
        "InvoiceSummary": .object([
            "month": .string(), "currency": .string(), "status": .string(oneOf: ["draft", "issued"]), "month_closed": .boolean,
            "expert_cost_minor": amount, "platform_fee_minor": amount, "total_minor": amount,
        ], required: ["month", "currency", "status", "expert_cost_minor", "platform_fee_minor", "total_minor"]),
        "InvoiceSummaryPage": OpenAPIDocument.page(of: "InvoiceSummary"),
    ]

    static let currencyQuery: [(name: String, schema: JSONSchema, description: String)] = [
        ("currency", .string(), "ISO 4217 code; needed only when the organization holds funds in several currencies"),
    ]

    static let operations: [APIOperation] = [
        APIOperation(
            method: "POST", path: "/api/v1/organizations/:organizationID/funding",
            summary: "Record money received from the organization (admin; requires an Idempotency-Key header, a retry returns the same funding)",
            tag: "payments", auth: .bearer,
            request: .object(["amount_minor": .integer(minimum: 1), "currency": .string(), "reference": .string()],
                             required: ["amount_minor", "currency", "reference"]),
            responses: [201: .ref("Funding"), 200: .ref("Funding")], headers: OpenAPIDocument.idempotencyKeyHeader),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID/balance", summary: "What the organization has left, per currency",
            tag: "payments", auth: .bearer, request: nil, responses: [200: .ref("Balance")]),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID/invoices",
            summary: "Every month with expert cost, newest first, with its invoice totals", tag: "payments", auth: .bearer,
            request: nil, responses: [200: .ref("InvoiceSummaryPage")]),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID/invoices/:month",
            summary: "The month's invoice: expert cost per project, platform fee, total (draft until issued)", tag: "payments",
            auth: .bearer, request: nil, responses: [200: .ref("Invoice")], query: currencyQuery),
        APIOperation(
            method: "GET", path: "/api/v1/organizations/:organizationID/invoices/:month/csv", summary: "The month's invoice as CSV",
            tag: "payments", auth: .bearer, request: nil, responses: [200: .string()], query: currencyQuery, contentType: "text/csv"),
        APIOperation(
            method: "POST", path: "/api/v1/organizations/:organizationID/invoices/:month/issue",
            summary: "Issue a closed month's invoice: post its fee and check it against the ledger (admin; idempotent)",
            tag: "payments", auth: .bearer, request: nil, responses: [200: .ref("Invoice")], query: currencyQuery),
        APIOperation(
            method: "POST", path: "/api/v1/payouts/runs",
            summary: "Run the payout batch of a closed ISO week (admin; running it again returns the same batch)", tag: "payments",
            auth: .bearer,
            request: .object([
                "period": .string(description: "2026-W48 or 2026-11-W48"), "minimum_minor": .integer(minimum: 1),
                "currency": .string(description: "default USD"),
            ], required: ["period"]),
            responses: [201: .ref("PayoutBatch"), 200: .ref("PayoutBatch")]),
        APIOperation(
            method: "GET", path: "/api/v1/payouts/runs", summary: "Posted payout batches, newest first (admin)", tag: "payments",
            auth: .bearer, request: nil, responses: [200: .ref("PayoutBatchPage")],
            query: [("limit", .integer(minimum: 1, maximum: 200), "Page size (default 50)"),
                    ("cursor", .string(), "next_cursor from the previous page")]),
        APIOperation(
            method: "GET", path: "/api/v1/payouts/runs/:batchID", summary: "One payout batch (admin)", tag: "payments",
            auth: .bearer, request: nil, responses: [200: .ref("PayoutBatch")]),
        APIOperation(
            method: "GET", path: "/api/v1/payouts/runs/:batchID/csv", summary: "The batch as CSV for a payment processor (admin)",
            tag: "payments", auth: .bearer, request: nil, responses: [200: .string()], contentType: "text/csv"),
        APIOperation(
            method: "POST", path: "/api/v1/payouts/runs/:batchID/paid", summary: "Mark the batch paid (admin; idempotent)",
            tag: "payments", auth: .bearer, request: nil, responses: [200: .ref("PayoutBatch")]),
    ]
}
