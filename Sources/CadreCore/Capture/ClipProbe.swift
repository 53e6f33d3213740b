import Foundation

/// What `ffprobe -v error -print_format json -show_format -show_streams` says about a clip,
/// reduced to what capture requirements and episode manifests need.
public struct ClipProbe: Sendable, Equatable, Codable {
    public var container: String
    public var videoCodec: String
    /// As stored; see `displayWidth` for what a viewer sees after rotation.
    public var width: Int
    public var height: Int
    public var fps: Double
    public var durationSeconds: Double
    /// Degrees clockwise a player turns the picture (0, 90, 180, 270).
    public var rotation: Int
    public var hasAudio: Bool

    enum CodingKeys: String, CodingKey {
        case container, width, height, fps, rotation
        case videoCodec = "video_codec"
        case durationSeconds = "duration_seconds"
        case hasAudio = "has_audio"
    }

    public init(container: String, videoCodec: String, width: Int, height: Int, fps: Double, durationSeconds: Double, rotation: Int, hasAudio: Bool) {
        self.container = container
        self.videoCodec = videoCodec
        self.width = width
        self.height = height
        self.fps = fps
        self.durationSeconds = durationSeconds
        self.rotation = rotation
        self.hasAudio = hasAudio
    }

    /// The picture as shown: a clip filmed upright on a phone is stored landscape with a
    /// 90° rotation, and is portrait.
    public var displayWidth: Int { rotation % 180 == 0 ? width : height }
    public var displayHeight: Int { rotation % 180 == 0 ? height : width }

    public enum ProbeError: Error, Equatable, CustomStringConvertible {
        case notJSON
        case noVideoStream

        public var description: String {
            switch self {
            case .notJSON: return "ffprobe's output could not be read; the file is probably not a video"
            case .noVideoStream: return "the file has no video stream"
            }
        }
    }

    /// Reads ffprobe's JSON. Frame rate comes from `avg_frame_rate` (falling back to
    /// `r_frame_rate`), written as a fraction such as "30000/1001"; rotation from the display
    /// matrix side data or the older `rotate` tag.
    public init(ffprobeJSON data: Data) throws(ProbeError) {
        guard let root = try? JSONValue(parsing: data), let object = root.objectValue else { throw .notJSON }
        let streams = object["streams"]?.arrayValue ?? []
        guard let video = streams.first(where: { $0["codec_type"]?.stringValue == "video" }) else { throw .noVideoStream }
        let format = object["format"]?.objectValue ?? [:]
        container = format["format_name"]?.stringValue ?? ""
        videoCodec = video["codec_name"]?.stringValue ?? ""
        width = video["width"]?.intValue ?? 0
        height = video["height"]?.intValue ?? 0
        fps = Self.rate(video["avg_frame_rate"]?.stringValue) ?? Self.rate(video["r_frame_rate"]?.stringValue) ?? 0
        durationSeconds = Self.decimal(format["duration"]) ?? Self.decimal(video["duration"]) ?? 0
        let sideRotation = video["side_data_list"]?.arrayValue?.compactMap { $0["rotation"]?.doubleValue }.first
        let tagRotation = video["tags"]?["rotate"]?.stringValue.flatMap(Double.init)
        let degrees = Int((sideRotation ?? tagRotation ?? 0).rounded())
        rotation = ((degrees % 360) + 360) % 360
        hasAudio = streams.contains { $0["codec_type"]?.stringValue == "audio" }
    }

    private static func rate(_ text: String?) -> Double? {
        guard let parts = text?.split(separator: "/"), parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]),
              denominator > 0, numerator > 0
        else { return nil }
        return numerator / denominator
    }

    private static func decimal(_ value: JSONValue?) -> Double? {
        value?.stringValue.flatMap(Double.init) ?? value?.doubleValue
    }
}

extension CaptureRequirements {
    /// Why a clip does not meet these requirements, in words a contributor can act on; empty
    /// when it does.
    public func problems(with clip: ClipProbe) -> [String] {
        var problems: [String] = []
        let seconds = TemplateText.number((clip.durationSeconds * 10).rounded() / 10)
        if clip.durationSeconds < minDurationSeconds {
            problems.append("The clip is \(seconds) s long; at least \(TemplateText.number(minDurationSeconds)) s is needed.")
        }
        if clip.durationSeconds > maxDurationSeconds {
            problems.append("The clip is \(seconds) s long; at most \(TemplateText.number(maxDurationSeconds)) s is accepted.")
        }
        let shortSide = min(clip.displayWidth, clip.displayHeight)
        if shortSide < minShortSide {
            problems.append("The picture is \(clip.displayWidth)×\(clip.displayHeight); its shorter side must be at least \(minShortSide) pixels.")
        }
        if clip.fps + 0.01 < minFPS {
            problems.append("The clip has \(TemplateText.number((clip.fps * 100).rounded() / 100)) frames per second; at least \(TemplateText.number(minFPS)) are needed.")
        }
        switch orientation {
        case .landscape where clip.displayWidth < clip.displayHeight:
            problems.append("The clip is portrait; this campaign needs landscape (turn the camera sideways).")
        case .portrait where clip.displayWidth > clip.displayHeight:
            problems.append("The clip is landscape; this campaign needs portrait (hold the camera upright).")
        default:
            break
        }
        return problems
    }
}
