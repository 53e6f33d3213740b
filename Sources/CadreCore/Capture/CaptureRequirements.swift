import Foundation

/// What a capture campaign asks of every clip: how long, how sharp, how smooth, which way up,
/// where the camera is, how big a file may be, and the consent terms contributors accept.
///
/// JSON (every member optional): `{"min_duration_seconds": 5, "max_duration_seconds": 300,
/// "min_short_side": 720, "min_fps": 24, "orientation": "any", "camera_placement": "any",
/// "max_upload_bytes": 524288000, "clips_per_contributor": 20, "consent": "…"}`. Clips wanted
/// per activity are the project's `answers_per_task`.
public struct CaptureRequirements: Sendable, Equatable {
    public enum Orientation: String, Sendable, CaseIterable { case any, landscape, portrait }
    public enum CameraPlacement: String, Sendable, CaseIterable { case any, headMounted = "head_mounted", fixed, handheld }

    public var minDurationSeconds: Double
    public var maxDurationSeconds: Double
    /// The shorter side of the picture in pixels, whatever the orientation (720 = "720p").
    public var minShortSide: Int
    public var minFPS: Double
    public var orientation: Orientation
    /// Shown to contributors; a file cannot tell where the camera was, reviewers check it.
    public var cameraPlacement: CameraPlacement
    public var maxUploadBytes: Int64
    /// The most clips one contributor may provide to the campaign (nil: no limit), so the
    /// data is not dominated by a few homes.
    public var clipsPerContributor: Int?
    /// The terms every contributor accepts with each clip.
    public var consent: String

    public static let defaultConsent =
        "Everyone filmed agreed to be filmed; no bystander's face, no private document and no screen with personal data is in frame."
    /// Five gibibytes: far above any phone clip, low enough to refuse a wrong file early.
    public static let largestUpload: Int64 = 5 << 30

    public init(
        minDurationSeconds: Double = 5, maxDurationSeconds: Double = 300, minShortSide: Int = 720, minFPS: Double = 24,
        orientation: Orientation = .any, cameraPlacement: CameraPlacement = .any, maxUploadBytes: Int64 = 500 << 20,
        clipsPerContributor: Int? = nil, consent: String = CaptureRequirements.defaultConsent
    ) {
        self.minDurationSeconds = minDurationSeconds
        self.maxDurationSeconds = maxDurationSeconds
        self.minShortSide = minShortSide
        self.minFPS = minFPS
        self.orientation = orientation
        self.cameraPlacement = cameraPlacement
        self.maxUploadBytes = maxUploadBytes
        self.clipsPerContributor = clipsPerContributor
        self.consent = consent
    }

    static let keys = [
        "min_duration_seconds", "max_duration_seconds", "min_short_side", "min_fps", "orientation", "camera_placement",
        "max_upload_bytes", "clips_per_contributor", "consent",
    ]

    public var json: JSONValue {
        [
            "min_duration_seconds": .number(minDurationSeconds), "max_duration_seconds": .number(maxDurationSeconds),
            "min_short_side": .integer(minShortSide), "min_fps": .number(minFPS), "orientation": .string(orientation.rawValue),
            "camera_placement": .string(cameraPlacement.rawValue), "max_upload_bytes": .integer(Int(maxUploadBytes)),
            "clips_per_contributor": clipsPerContributor.map { .integer($0) } ?? .null,
            "consent": .string(consent),
        ]
    }

    /// Reads requirements from a configuration object, recording every problem.
    static func read(_ members: [String: JSONValue], into reader: inout FieldReader) -> CaptureRequirements {
        var result = CaptureRequirements()
        func seconds(_ key: String, _ range: ClosedRange<Double>) -> Double? {
            guard let value = members[key], !value.isNull else { return nil }
            guard let number = value.doubleValue, range.contains(number) else {
                reader.fail(key, "expected a number of seconds from \(TemplateText.number(range.lowerBound)) to \(TemplateText.number(range.upperBound))")
                return nil
            }
            return number
        }
        if let value = seconds("min_duration_seconds", 0...36_000) { result.minDurationSeconds = value }
        if let value = seconds("max_duration_seconds", 1...36_000) { result.maxDurationSeconds = value }
        if result.minDurationSeconds > result.maxDurationSeconds {
            reader.fail("min_duration_seconds", "expected at most max_duration_seconds (\(TemplateText.number(result.maxDurationSeconds)))")
        }
        if let value = reader.wholeNumber(members["min_short_side"], at: "min_short_side", in: 0...8_640, required: false) { result.minShortSide = value }
        if let value = members["min_fps"], !value.isNull {
            if let fps = value.doubleValue, (0...480).contains(fps) { result.minFPS = fps } else { reader.fail("min_fps", "expected frames per second from 0 to 480") }
        }
        if let value = members["orientation"], !value.isNull {
            if let choice = value.stringValue.flatMap(Orientation.init(rawValue:)) {
                result.orientation = choice
            } else {
                reader.fail("orientation", "expected one of \(Orientation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let value = members["camera_placement"], !value.isNull {
            if let choice = value.stringValue.flatMap(CameraPlacement.init(rawValue:)) {
                result.cameraPlacement = choice
            } else {
                reader.fail("camera_placement", "expected one of \(CameraPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let value = members["max_upload_bytes"], !value.isNull {
            if let bytes = value.intValue, bytes >= 1, Int64(bytes) <= largestUpload { result.maxUploadBytes = Int64(bytes) } else {
                reader.fail("max_upload_bytes", "expected a whole number of bytes from 1 to \(largestUpload)")
            }
        }
        result.clipsPerContributor = reader.wholeNumber(members["clips_per_contributor"], at: "clips_per_contributor", in: 1...100_000, required: false)
        if let consent = reader.text(members["consent"], at: "consent", required: false, maxLength: 5_000) {
            result.consent = TemplateText.trimmed(consent)
        }
        return result
    }
}

extension CaptureRequirements {
    /// The requirements as a contributor reads them before filming.
    public var summary: [String] {
        var lines = [
            "Between \(TemplateText.number(minDurationSeconds)) and \(TemplateText.number(maxDurationSeconds)) seconds long.",
            "At least \(minShortSide) pixels on the shorter side, at \(TemplateText.number(minFPS)) frames per second or more.",
        ]
        switch orientation {
        case .landscape: lines.append("Landscape: hold the camera sideways.")
        case .portrait: lines.append("Portrait: hold the camera upright.")
        case .any: break
        }
        switch cameraPlacement {
        case .headMounted: lines.append("Camera on your head or chest, looking at your hands.")
        case .fixed: lines.append("Camera on a stand, not moving, with the whole activity in frame.")
        case .handheld: lines.append("Camera held in one hand.")
        case .any: break
        }
        lines.append("Files up to \(maxUploadBytes >> 20) MiB.")
        return lines
    }
}
