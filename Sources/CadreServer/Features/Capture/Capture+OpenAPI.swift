import CadreCore

enum CaptureAPI {
    static let schemas: [String: JSONSchema] = [
        "ActionSegment": .object([
            "start_seconds": .number, "end_seconds": .number, "verb": .string(), "object": .string(), "narration": .nullable(.string()),
        ], required: ["start_seconds", "end_seconds", "verb", "object"]),
        "ClipUpload": .object([
            "id": .string(format: "uuid"),
            "assignment_id": .string(format: "uuid"),
            "state": .string(oneOf: ["uploading", "passed", "failed", "duplicate", "uncheckable", "terminated"]),
            "length": .integer(minimum: 1),
            "offset": .integer(minimum: 0),
            "filename": .string(),
            "sha256": .nullable(.string()),
            "probe": .nullable(.object([
                "container": .string(), "video_codec": .string(), "width": .integer(), "height": .integer(), "fps": .number,
                "duration_seconds": .number, "rotation": .integer(), "has_audio": .boolean,
            ])),
            "problems": .array(.string()),
            "thumbnail_url": .nullable(.string()),
        ], required: ["id", "assignment_id", "state", "length", "offset", "filename", "problems"]),
    ]

    static let operations: [APIOperation] = [
        APIOperation(method: "OPTIONS", path: "/api/v1/uploads",
                     summary: "tus 1.0: the protocol version, extensions (creation, termination, checksum) and the largest upload",
                     tag: "capture", auth: .none, request: nil, responses: [204: nil]),
        APIOperation(method: "POST", path: "/api/v1/uploads",
                     summary: "tus creation: start an upload for a capture lease (Upload-Length; Upload-Metadata with assignment_id and filename)",
                     tag: "capture", auth: .bearer, request: nil, responses: [201: nil]),
        APIOperation(method: "HEAD", path: "/api/v1/uploads/:uploadID",
                     summary: "tus: where the upload stands (Upload-Offset, Upload-Length)", tag: "capture", auth: .bearer,
                     request: nil, responses: [200: nil]),
        APIOperation(method: "PATCH", path: "/api/v1/uploads/:uploadID",
                     summary: "tus: append bytes at Upload-Offset, optionally with Upload-Checksum (460 on mismatch); checked when complete",
                     tag: "capture", auth: .bearer, request: .string(), responses: [204: nil],
                     requestContentType: "application/offset+octet-stream"),
        APIOperation(method: "DELETE", path: "/api/v1/uploads/:uploadID", summary: "tus termination: cancel an upload",
                     tag: "capture", auth: .bearer, request: nil, responses: [204: nil]),
        APIOperation(method: "GET", path: "/api/v1/uploads/:uploadID",
                     summary: "An upload's state, what ffprobe found and why a clip was refused", tag: "capture", auth: .bearer,
                     request: nil, responses: [200: .ref("ClipUpload")]),
        APIOperation(method: "GET", path: "/api/v1/uploads/:uploadID/video",
                     summary: "The clip (byte ranges supported), for its contributor, the client, admins and reviewers",
                     tag: "capture", auth: .bearer, request: nil, responses: [200: .string(), 206: .string()], contentType: "video/mp4"),
        APIOperation(method: "PUT", path: "/api/v1/reviews/:assignmentID/segments",
                     summary: "Replace the action segments of a held video review: start_seconds, end_seconds, verb, object, narration",
                     tag: "review", auth: .bearer,
                     request: .object(["segments": .array(.ref("ActionSegment"))], required: ["segments"]),
                     responses: [200: .object(["assignment_id": .string(format: "uuid"), "segments": .array(.ref("ActionSegment"))],
                                              required: ["assignment_id", "segments"])]),
        APIOperation(method: "GET", path: "/api/v1/uploads/:uploadID/thumbnail",
                     summary: "A strip of six frames across the clip (JPEG)", tag: "capture", auth: .bearer, request: nil,
                     responses: [200: .string()], contentType: "image/jpeg"),
    ]
}
