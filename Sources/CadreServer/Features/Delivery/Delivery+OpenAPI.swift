import CadreCore

enum DeliveryAPI {
    static let schemas: [String: JSONSchema] = [
        "SnapshotRequest": .object([
            "format": .string(oneOf: DeliveryFormat.allCases.map(\.rawValue), description: "Must suit the project's template: " + formatsByTemplate),
            "answers": .string(oneOf: AnswerSelection.allCases.map(\.rawValue),
                               description: "consensus: one row per task from its consensus (default where the template has one); all: one row per accepted answer"),
            "min_confidence": .number,
            "reviewed_only": .boolean,
            "submitted_after": .string(format: "date-time"),
            "submitted_before": .string(format: "date-time"),
            "test_ratio": .number,
            "adjacent_pairs_only": .boolean,
            "kto_threshold": .number,
        ], required: ["format"]),
        "Snapshot": .object([
            "id": .string(format: "uuid"),
            "project_id": .string(format: "uuid"),
            "version": .integer(minimum: 1),
            "status": .string(oneOf: ["ready"]),
            "format": .string(oneOf: DeliveryFormat.allCases.map(\.rawValue)),
            "filters": .object([:], additional: true),
            "files": .array(.object([
                "name": .string(), "records": .integer(minimum: 0), "bytes": .integer(minimum: 0),
                "sha256": .string(description: "Lower-case hex SHA-256 of the file"),
            ], required: ["name", "records", "bytes", "sha256"])),
            "counts": .object([
                "tasks": .integer(minimum: 0), "unanswered": .integer(minimum: 0), "filtered": .integer(minimum: 0),
                "records": .integer(minimum: 0),
                "excluded": .object([:], additional: true),
            ], required: ["tasks", "unanswered", "filtered", "records", "excluded"]),
            "quality": .nullable(.object([
                "method": .string(), "alpha": .nullable(.number), "kappa": .nullable(.number),
                "mean_confidence": .nullable(.number), "tasks_with_consensus": .integer(minimum: 0),
                "computed_at": .string(format: "date-time"),
            ], required: ["method", "tasks_with_consensus", "computed_at"])),
            "created_at": .string(format: "date-time"),
        ], required: ["id", "project_id", "version", "status", "format", "filters", "files", "counts", "created_at"]),
        "LabelStudioImportOutcome": .object([
            "created": .integer(minimum: 0), "unchanged": .integer(minimum: 0),
            "report": .object([
                "tasks": .integer(minimum: 0),
                "annotations_mapped": .integer(minimum: 0), "annotations_unmapped": .integer(minimum: 0),
                "predictions_mapped": .integer(minimum: 0), "predictions_unmapped": .integer(minimum: 0),
                "unmapped": .array(.object([
                    "task": .integer(minimum: 1),
                    "part": .string(description: "Where in the task: annotations[0].result[2], predictions[1], drafts[0], data.priority"),
                    "reason": .string(),
                ], required: ["task", "part", "reason"])),
                "unmapped_total": .integer(minimum: 0),
                "notes": .array(.string()),
            ], required: ["tasks", "annotations_mapped", "annotations_unmapped", "predictions_mapped", "predictions_unmapped",
                          "unmapped", "unmapped_total", "notes"]),
        ], required: ["created", "unchanged", "report"]),
    ]

    /// Each template and the formats it exports, as `DeliveryFormat.available(for:)` says.
    static let formatsByTemplate = TemplateKind.allCases
        .map { "\($0.rawValue) " + DeliveryFormat.available(for: $0).map(\.rawValue).joined(separator: ", ") }
        .joined(separator: "; ")

    /// What a Label Studio import reads.
    static let labelStudioExport = JSONSchema.array(.object(["data": .object([:], additional: true)], additional: true))

    static let operations: [APIOperation] = [
        APIOperation(method: "POST", path: "/api/v1/projects/:projectID/snapshots",
                     summary: "Take an immutable, versioned dataset snapshot of the project's answers in one format, with filters",
                     tag: "delivery", auth: .bearer, request: .ref("SnapshotRequest"), responses: [201: .ref("Snapshot")]),
        APIOperation(method: "GET", path: "/api/v1/projects/:projectID/snapshots",
                     summary: "The project's snapshots, oldest first", tag: "delivery", auth: .bearer, request: nil,
                     responses: [200: OpenAPIDocument.page(of: "Snapshot")], query: OpenAPIDocument.pageQuery),
        APIOperation(method: "GET", path: "/api/v1/snapshots/:snapshotID",
                     summary: "A snapshot's manifest: files with records, bytes and SHA-256, filters, counts and quality figures",
                     tag: "delivery", auth: .bearer, request: nil, responses: [200: .ref("Snapshot")]),
        APIOperation(method: "GET", path: "/api/v1/snapshots/:snapshotID/files/:name",
                     summary: "Download one of the snapshot's files: JSONL (one record a line, UTF-8), the Label Studio JSON and config, or an episode's clip",
                     tag: "delivery", auth: .bearer, request: nil, responses: [200: .string()], contentType: "application/x-ndjson"),
        APIOperation(method: "POST", path: "/api/v1/projects/:projectID/tasks/label-studio",
                     summary: "Import a Label Studio JSON export: data becomes input, annotations and predictions are kept as answers in metadata.label_studio; unmappable parts are reported",
                     tag: "tasks", auth: .bearer, request: labelStudioExport,
                     responses: [201: .ref("LabelStudioImportOutcome"), 200: .ref("LabelStudioImportOutcome")]),
        APIOperation(method: "POST", path: "/api/v1/projects/:projectID/gold/label-studio",
                     summary: "Import a Label Studio JSON export as gold tasks: each task's annotations must agree on its known answer",
                     tag: "quality", auth: .bearer, request: labelStudioExport,
                     responses: [201: .ref("LabelStudioImportOutcome"), 200: .ref("LabelStudioImportOutcome")]),
    ]
}
