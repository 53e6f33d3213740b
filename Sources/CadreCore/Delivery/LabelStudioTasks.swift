/// Tasks and their answers in Label Studio's JSON import format, with the labeling config
/// that shows them, so a team can carry a project's work into Label Studio:
/// `{"data": {...}, "annotations": [{"result": [{"from_name", "to_name", "type", "value"}]}]}`.
///
/// Each template maps onto Label Studio's tags: classification → `Choices` over the text,
/// pairwise → a `Choices` of A / B / tie / both_bad beside the prompt and the two responses,
/// rating → one `Rating` per criterion on the completion (a `Number` when its scale does
/// not start at 1 or has more than ten points), demonstration and correction →
/// a `TextArea` answer. Every accepted answer is one annotation; the task's `external_id`
/// rides in `data`.
struct LabelStudioTasks: DeliveryEncoder {
    let kind: TemplateKind
    let configuration: JSONValue

    func encode(_ task: DeliveryTask) -> EncodedTask {
        let data = LabelStudioLayout(kind: kind, configuration: configuration).data(task.input, externalID: task.externalID)
        let annotations = task.selectedAnswers.map { answer -> JSONValue in
            ["result": .array(LabelStudioLayout(kind: kind, configuration: configuration).results(answer, input: task.input))]
        }
        return EncodedTask(records: [DeliveryRecord(["data": data, "annotations": .array(annotations)])])
    }
}

/// Where each template's parts sit in Label Studio: the data fields, the tags, the results.
public struct LabelStudioLayout: Sendable {
    public let kind: TemplateKind
    public let configuration: JSONValue

    public init(kind: TemplateKind, configuration: JSONValue) {
        self.kind = kind
        self.configuration = configuration
    }

    func data(_ input: JSONValue, externalID: String) -> JSONValue {
        let reader = DeliveryInput(input: input, conversational: false)
        var members: [String: JSONValue] = ["external_id": .string(externalID)]
        switch kind {
        case .classification:
            for (key, value) in input.objectValue ?? [:] { members[key] = value }
        case .pairwise:
            members["prompt"] = reader.promptColumn
            members["response_a"] = .string(reader.response(0) ?? "")
            members["response_b"] = .string(reader.response(1) ?? "")
        case .rating, .correction:
            members["prompt"] = reader.promptColumn
            members["response"] = .string(reader.singleResponse ?? "")
        default:
            members["prompt"] = reader.promptColumn
        }
        return .object(members)
    }

    /// A rating criterion's name and scale, from the project's stored configuration (scales
    /// filled in; 1–5 when missing).
    struct ScaleTag {
        var name: String
        var min: Int
        var max: Int

        /// Label Studio's `Rating` counts stars from 1; any other scale is a `Number`.
        var isStars: Bool { min == 1 && max >= 1 && max <= 10 }
    }

    var criteria: [ScaleTag] {
        (configuration["criteria"]?.arrayValue ?? []).compactMap { entry in
            guard let name = entry["name"]?.stringValue ?? entry.stringValue else { return nil }
            return ScaleTag(name: name, min: entry["min"]?.intValue ?? 1, max: entry["max"]?.intValue ?? 5)
        }
    }

    /// The text field a classification shows: `text` when there is one, else the first string field.
    private static func textField(_ input: JSONValue?) -> String {
        let fields = (input?.objectValue ?? [:]).filter { $0.value.stringValue != nil }.keys.sorted()
        return fields.contains("text") ? "text" : fields.first ?? "text"
    }

    func results(_ answer: JSONValue, input: JSONValue) -> [JSONValue] {
        func result(_ from: String, _ to: String, _ type: String, _ value: JSONValue) -> JSONValue {
            ["from_name": .string(from), "to_name": .string(to), "type": .string(type), "value": value]
        }
        switch kind {
        case .classification:
            let labels = answer["labels"] ?? .array([])
            return [result("label", Self.textField(input), "choices", ["choices": labels])]
        case .pairwise:
            return [result("comparison", "prompt", "choices", ["choices": [answer["choice"] ?? .null]])]
        case .rating:
            // An optional criterion left unscored has no rating to carry.
            let scales = Dictionary(criteria.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            return (answer["scores"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.filter { !$0.value.isNull }
                .map { name, score in
                    scales[name]?.isStars == false
                        ? result(name, "response", "number", ["number": score]) : result(name, "response", "rating", ["rating": score])
                }
        case .demonstration:
            return [result("answer", "prompt", "textarea", ["text": [answer["response"] ?? .null]])]
        case .correction:
            return [result("answer", "response", "textarea", ["text": [answer["corrected"] ?? .null]])]
        default:
            return []
        }
    }

    /// The labeling config (XML) that displays these tasks and takes these results.
    public var config: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let body: String
        switch kind {
        case .classification:
            let labels = (configuration["labels"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0["name"]?.stringValue }
            let choice = configuration["multiple"]?.boolValue == true ? "multiple" : "single"
            body = """
                  <Text name="text" value="$text"/>
                  <Choices name="label" toName="text" choice="\(choice)">
                \(labels.map { "    <Choice value=\"\(escape($0))\"/>" }.joined(separator: "\n"))
                  </Choices>
                """
        case .pairwise:
            body = """
                  <Text name="prompt" value="$prompt"/>
                  <Text name="response_a" value="$response_a"/>
                  <Text name="response_b" value="$response_b"/>
                  <Choices name="comparison" toName="prompt" choice="single">
                    <Choice value="A"/><Choice value="B"/><Choice value="tie"/><Choice value="both_bad"/>
                  </Choices>
                """
        case .rating:
            let tags = criteria.map { criterion in
                criterion.isStars
                    ? "  <Rating name=\"\(escape(criterion.name))\" toName=\"response\" maxRating=\"\(criterion.max)\"/>"
                    : "  <Number name=\"\(escape(criterion.name))\" toName=\"response\" min=\"\(criterion.min)\" max=\"\(criterion.max)\"/>"
            }
            body = """
                  <Text name="prompt" value="$prompt"/>
                  <Text name="response" value="$response"/>
                \(tags.joined(separator: "\n"))
                """
        case .correction:
            body = """
                  <Text name="prompt" value="$prompt"/>
                  <Text name="response" value="$response"/>
                  <TextArea name="answer" toName="response" editable="true"/>
                """
        default:
            body = """
                  <Text name="prompt" value="$prompt"/>
                  <TextArea name="answer" toName="prompt"/>
                """
        }
        return "<View>\n\(body)\n</View>\n"
    }
}
