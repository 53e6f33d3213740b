enum QualityAPI {
    static let schemas: [String: JSONSchema] = [
        "QualityReport": .object([
            "computed_at": .nullable(.string(format: "date-time")),
            "aggregation": .nullable(.object([
                "method": .string(),
                "alpha": .nullable(.number),
                "kappa": .nullable(.number),
                "tasks_with_consensus": .integer(minimum: 0),
                "mean_confidence": .nullable(.number),
                "confidence_histogram": .array(.integer(minimum: 0)),
                "class_names": .array(.string()),
                "confusion": .object([:], additional: true),
                "model_strengths": .nullable(.array(.object([
                    "model": .string(), "score": .number, "standard_error": .number, "lower": .number, "upper": .number,
                    "comparisons": .integer(minimum: 0),
                ], required: ["model", "score", "standard_error", "lower", "upper", "comparisons"]))),
                "speed": .nullable(.object([
                    "project_median_seconds": .nullable(.number), "experts": .object([:], additional: true),
                ], required: ["experts"])),
            ], required: ["method", "tasks_with_consensus", "confidence_histogram", "class_names", "confusion"])),
            "experts": .array(.object([
                "standing_id": .string(format: "uuid", description: "Pass to reinstate"),
                "expert": .string(description: "A pseudonym for clients; the user id for admins"),
                "gold_answered": .integer(minimum: 0),
                "gold_correct": .integer(minimum: 0),
                "gold_accuracy": .nullable(.number),
                "gold_accuracy_lower_bound": .nullable(.number),
                "agreement": .nullable(.number),
                "agreement_compared": .integer(minimum: 0),
                "paused": .boolean,
                "pause_reason": .nullable(.string()),
                "median_seconds": .nullable(.number),
                "too_fast": .integer(minimum: 0),
            ], required: ["standing_id", "expert", "gold_answered", "gold_correct", "agreement_compared", "paused", "too_fast"])),
            "history": .array(.object([
                "computed_at": .string(format: "date-time"), "alpha": .nullable(.number), "mean_confidence": .nullable(.number),
                "agreement": .nullable(.number), "answers": .integer(minimum: 0),
            ], required: ["computed_at", "answers"])),
        ], required: ["experts", "history"]),
    ]

    static let operations: [APIOperation] = [
        APIOperation(method: "GET", path: "/api/v1/projects/:projectID/quality",
                     summary: "Agreement (Krippendorff's α), consensus confidence, confusion matrices and each expert's standing",
                     tag: "quality", auth: .bearer, request: nil, responses: [200: .ref("QualityReport")]),
        APIOperation(method: "POST", path: "/api/v1/projects/:projectID/experts/:expertID/reinstate",
                     summary: "Let a paused expert work on the project again, with a fresh gold record ({expertID}: the standing_id from the quality report, or the expert's user id)",
                     tag: "quality",
                     auth: .bearer, request: nil, responses: [204: nil]),
    ]
}
