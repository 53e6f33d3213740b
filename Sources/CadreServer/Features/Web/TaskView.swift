import CadreCore
import Foundation

/// What the workspace shows for one task of any template: the task's content with every
/// text already rendered to safe HTML (see `Markdown`), the controls the template asks for,
/// and — for a reviewer, or a preview — an answer to prefill them with.
///
/// One flat shape for all kinds keeps the Leaf views simple; each kind fills its own part.
struct TaskView: Encodable {
    struct Message: Encodable { var role: String; var label: String; var html: String }
    struct Field: Encodable { var label: String; var html: String }
    struct Response: Encodable {
        var index: Int
        var letter: String
        var model: String?
        var html: String
        /// Ranking: tied with the response above it in the prefilled order.
        var tiedWithAbove = false
    }
    /// A named choice: a classification label, an error category, a pairwise criterion.
    struct Option: Encodable {
        var name: String
        var title: String
        var description: String?
        var key: String?
        var checked = false
        /// Pairwise criteria ratings of A and B, 1–7, when prefilled.
        var a: Int?
        var b: Int?
    }
    struct Scale: Encodable {
        var name: String
        var title: String
        var description: String?
        var min: Int
        var max: Int
        var required: Bool
        var value: Int
        var isSet: Bool
    }
    struct Step: Encodable {
        var index: Int
        var number: Int
        var kind: String
        var kindLabel: String
        var name: String?
        var html: String
        var label: String?
        var note: String
    }
    /// The free-text part of an answer (a rationale or a comment) and how it is asked for.
    struct Text: Encodable {
        var name: String
        var label: String
        var required: Bool
        var minLength: Int
        var maxLength: Int
        var value: String
    }

    var kind: String
    var kindTitle: String
    var conversation: [Message] = []
    var fields: [Field] = []
    var responses: [Response] = []
    var options: [Option] = []
    var scales: [Scale] = []
    var steps: [Step] = []
    var text: Text?
    // pairwise
    var choice: String?
    var strength: Int?
    // ranking
    var allowTies = false
    // classification
    var multiple = false
    var minLabels = 1
    var maxLabels = 1
    // demonstration and correction
    var draft = ""
    var original = ""
    var minLength = 0
    var maxLength = TemplateLimits.maxTextLength
    // trajectory review
    var success: String?
    // video demonstration: the campaign's requirements in words, its consent terms, the upload
    var requirements: [String] = []
    var consent = ""
    var uploadID = ""
    var maxUploadMiB: Int64 = 0
    /// For a reviewer: the clip's frame rate (frame steps) and the segments marked so far.
    var clipFPS = 30.0
    var hasThumbnail = false
    var segmentsJSON = "[]"
    // flags for the views, which cannot test an array for emptiness
    var hasOptions = false
    /// Pairwise per-criterion ratings.
    var scalePoints = Array(PairwiseTemplate.ratingScale)

    init(kind: TemplateKind) {
        self.kind = kind.rawValue
        self.kindTitle = kind.title
    }

    /// The view of `input` under a project's stored configuration, prefilled from `answer`.
    static func make(_ kind: TemplateKind, configuration: JSONValue, input: JSONValue, answer: JSONValue? = nil) throws -> TaskView {
        var view = TaskView(kind: kind)
        let answer = answer ?? .null
        switch kind {
        case .pairwise: try view.fillPairwise(configuration, input, answer)
        case .ranking: try view.fillRanking(configuration, input, answer)
        case .rating: try view.fillRating(configuration, input, answer)
        case .demonstration: try view.fillDemonstration(configuration, input, answer)
        case .correction: try view.fillCorrection(configuration, input, answer)
        case .classification: try view.fillClassification(configuration, input, answer)
        case .trajectoryReview: try view.fillTrajectory(configuration, input, answer)
        case .videoDemonstration: try view.fillVideo(configuration, input, answer)
        }
        view.hasOptions = !view.options.isEmpty
        return view
    }

    /// What every template's example looks like to an expert, for the project form's preview.
    static func example(_ kind: TemplateKind) throws -> TaskView {
        try make(kind, configuration: kind.validateConfiguration(kind.exampleConfiguration), input: kind.exampleInput)
    }

    mutating func show(_ prompt: TaskPrompt?) {
        switch prompt {
        case .text(let text)?:
            conversation = [Message(role: "user", label: "Prompt", html: Markdown.html(text))]
        case .messages(let messages)?:
            conversation = messages.map { Message(role: $0.role.rawValue, label: $0.role.rawValue.capitalized, html: Markdown.html($0.content)) }
        case nil:
            conversation = []
        }
    }

    /// Input members the template does not interpret, shown as labelled blocks: text as
    /// Markdown, anything structured as formatted JSON.
    mutating func show(context: [String: JSONValue]) {
        fields = context.keys.sorted().map { key in Field(label: Self.title(key), html: Self.html(context[key]!)) }
    }

    mutating func show(_ responses: [ModelResponse]) {
        self.responses = responses.enumerated().map { index, response in
            Response(index: index, letter: Self.letter(index), model: response.model, html: Markdown.html(response.content))
        }
    }

    static func html(_ value: JSONValue) -> String {
        if let text = value.stringValue { return Markdown.html(text) }
        return "<pre><code class=\"language-json\">\(Markdown.escape(pretty(value)))</code></pre>"
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? value.jsonText
    }

    /// `medical_advice` → "Medical advice".
    static func title(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    static func letter(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "#\(index + 1)"
    }

    static func option(_ option: NamedOption, index: Int?, checked: Bool) -> Option {
        Option(
            name: option.name, title: title(option.name), description: option.description,
            key: index.flatMap { $0 < 9 ? String($0 + 1) : nil }, checked: checked)
    }
}

extension TemplateKind {
    /// The kind's name as a person says it.
    var title: String {
        switch self {
        case .pairwise: return "Pairwise comparison"
        case .ranking: return "Ranking"
        case .rating: return "Rating"
        case .demonstration: return "Demonstration"
        case .correction: return "Correction"
        case .classification: return "Classification"
        case .trajectoryReview: return "Trajectory review"
        case .videoDemonstration: return "Video demonstration"
        }
    }
}
