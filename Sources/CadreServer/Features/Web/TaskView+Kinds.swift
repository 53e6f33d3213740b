import CadreCore

/// Each template's part of the workspace: its input read through the template's own types
/// (so the page shows exactly what validation accepted), its controls, and a prefilled answer.
extension TaskView {
    mutating func fillPairwise(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try PairwiseTemplate.validateConfiguration(configuration)
        let task = try PairwiseTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        show([task.responseA, task.responseB])
        options = config.criteria.map { criterion in
            var option = Self.option(criterion, index: nil, checked: false)
            option.a = answer["ratings"]?[criterion.name]?["A"]?.intValue
            option.b = answer["ratings"]?[criterion.name]?["B"]?.intValue
            return option
        }
        choice = answer["choice"]?.stringValue
        strength = answer["strength"]?.intValue
        text = Self.text("rationale", "Rationale", config.rationale, answer)
    }

    mutating func fillRanking(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try RankingTemplate.validateConfiguration(configuration)
        let task = try RankingTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        show(task.responses)
        allowTies = config.allowTies
        // A prefilled ranking lists the responses in its order, ties marked.
        if let places = answer["ranking"]?.arrayValue?.map({ $0.arrayValue?.compactMap(\.intValue) ?? [] }) {
            let shown = responses
            responses = places.flatMap { group in
                group.enumerated().compactMap { position, index in
                    shown.indices.contains(index) ? with(shown[index]) { $0.tiedWithAbove = position > 0 } : nil
                }
            }
        }
        text = Self.text("rationale", "Rationale", config.rationale, answer)
    }

    mutating func fillRating(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try RatingTemplate.validateConfiguration(configuration)
        let task = try RatingTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        scales = config.criteria.map { criterion in
            let given = answer["scores"]?[criterion.name]?.intValue
            let middle = (criterion.scale.lowerBound + criterion.scale.upperBound) / 2
            return Scale(
                name: criterion.name, title: Self.title(criterion.name), description: criterion.description,
                min: criterion.scale.lowerBound, max: criterion.scale.upperBound, required: criterion.required,
                value: given ?? middle, isSet: given != nil)
        }
        text = Self.text("comment", "Comment", config.comment, answer)
    }

    mutating func fillDemonstration(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try DemonstrationTemplate.validateConfiguration(configuration)
        let task = try DemonstrationTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        minLength = config.minLength
        maxLength = config.maxLength
        draft = answer["response"]?.stringValue ?? ""
    }

    mutating func fillCorrection(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try CorrectionTemplate.validateConfiguration(configuration)
        let task = try CorrectionTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        show([task.response])
        original = task.response.content
        draft = answer["corrected"]?.stringValue ?? task.response.content
        let chosen = Set(answer["error_categories"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        options = config.errorCategories.map { Self.option($0, index: nil, checked: chosen.contains($0.name)) }
        text = Self.text("rationale", "Rationale", .optional, answer)
    }

    mutating func fillClassification(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try ClassificationTemplate.validateConfiguration(configuration)
        let task = try ClassificationTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        multiple = config.multiple
        minLabels = config.minLabels
        maxLabels = config.maxLabels
        let chosen = Set(answer["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        options = config.labels.enumerated().map { Self.option($1, index: $0, checked: chosen.contains($1.name)) }
        text = Self.text("rationale", "Rationale", .optional, answer)
    }

    mutating func fillTrajectory(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try TrajectoryReviewTemplate.validateConfiguration(configuration)
        let task = try TrajectoryReviewTemplate.validateInput(input, configuration: config)
        show(task.prompt)
        show(context: task.context)
        let reviews = answer["steps"]?.arrayValue ?? []
        steps = task.steps.enumerated().map { index, step in
            let review = reviews.indices.contains(index) ? reviews[index] : .null
            return Step(
                index: index, number: index + 1, kind: step.kind.rawValue, kindLabel: Self.title(step.kind.rawValue),
                name: step.name, html: Self.html(step.content),
                label: review.stringValue ?? review["label"]?.stringValue, note: review["note"]?.stringValue ?? "")
        }
        success = answer["success"]?.boolValue.map { $0 ? "true" : "false" }
        text = Self.text("comment", "Comment", config.comment, answer)
    }

    static func text(_ name: String, _ label: String, _ requirement: TextRequirement, _ answer: JSONValue) -> Text {
        Text(
            name: name, label: label, required: requirement.required, minLength: requirement.minLength,
            maxLength: requirement.maxLength, value: answer[name]?.stringValue ?? "")
    }
}

private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}

extension TaskView {
    mutating func fillVideo(_ configuration: JSONValue, _ input: JSONValue, _ answer: JSONValue) throws {
        let config = try VideoDemonstrationTemplate.validateConfiguration(configuration)
        let task = try VideoDemonstrationTemplate.validateInput(input, configuration: config)
        fields = [Field(label: "Activity", html: Markdown.html(task.activity)), Field(label: "Instructions", html: Markdown.html(task.instructions))]
        if let example = task.example { fields.append(Field(label: "Example", html: Markdown.html(example))) }
        if !task.objects.isEmpty { fields.append(Field(label: "Objects", html: Markdown.html(task.objects.joined(separator: ", ")))) }
        fields += task.context.keys.sorted().map { Field(label: Self.title($0), html: Self.html(task.context[$0]!)) }
        requirements = config.requirements.summary
        consent = config.requirements.consent
        maxUploadMiB = config.requirements.maxUploadBytes >> 20
        uploadID = answer["upload_id"]?.stringValue ?? ""
    }
}
