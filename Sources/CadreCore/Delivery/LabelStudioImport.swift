/// A Label Studio JSON export (the array "Export → JSON" writes) read as Cadre import lines
/// for one project, so a team can bring its Label Studio work across.
///
/// Each task's `data` becomes the task's input (for pairwise, `response_a`/`response_b`,
/// `answer1`/`answer2` or `text1`/`text2` become `responses`); `data.external_id` is its
/// external id, else `label-studio-<id>`, so importing the same export twice changes nothing.
/// Annotations and predictions are read as answers in the project's template format
/// (``LabelStudioAnswer``) and validated; they are kept in the task's metadata under
/// `label_studio` — or, for a gold import, the annotations' one agreed answer becomes the
/// task's known answer. Every part that could not be carried over is counted and reported
/// with where it was and why.
public struct LabelStudioImport: Sendable {
    /// The kinds whose answers Label Studio's tags can express.
    public static let kinds: [TemplateKind] = [.classification, .pairwise, .rating, .demonstration, .correction]
    /// Unmapped parts listed in a report; the rest are only counted.
    public static let maxListedParts = 100
    /// Task errors listed when an export is refused.
    public static let maxListedErrors = 100

    public let template: ConfiguredTemplate
    /// Whether the tasks are gold tasks, their annotations the known answers.
    public let gold: Bool

    /// Refuses templates Label Studio's tags cannot express, naming the ones it can.
    public init(template: ConfiguredTemplate, gold: Bool = false) throws(ValidationFailure) {
        guard Self.kinds.contains(template.kind) else {
            throw ValidationFailure(field: "template", message: "Label Studio imports map onto \(Self.kinds.map(\.rawValue).joined(separator: ", ")) projects; this one is \(template.kind.rawValue)")
        }
        self.template = template
        self.gold = gold
    }

    /// The import lines, one per task in the export's order, with the report of what was left
    /// out. Refuses an export that is not an array of tasks, naming every bad task.
    public func convert(_ export: JSONValue) throws(ValidationFailure) -> (lines: [JSONValue], report: LabelStudioReport) {
        guard let tasks = export.arrayValue else {
            throw ValidationFailure(field: "body", message: "expected a JSON array of Label Studio tasks (its Export → JSON), got \(export.kindDescription)")
        }
        var report = LabelStudioReport()
        var errors: [FieldError] = []
        var lines: [JSONValue] = []
        for (index, task) in tasks.enumerated() {
            do throws(ValidationFailure) {
                lines.append(try line(task, number: index + 1, report: &report))
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(Array(errors.prefix(Self.maxListedErrors))) }
        report.tasks = tasks.count
        report.finish()
        return (lines, report)
    }

    private func line(_ task: JSONValue, number: Int, report: inout LabelStudioReport) throws(ValidationFailure) -> JSONValue {
        let at = "task \(number)"
        guard let members = task.objectValue else {
            throw ValidationFailure(field: at, message: "expected a Label Studio task object, got \(task.kindDescription)")
        }
        // Label Studio also takes bare data objects as tasks; its exports wrap them in `data`.
        let dataValue = members["data"] ?? task
        guard var data = dataValue.objectValue else {
            throw ValidationFailure(field: "\(at): data", message: "expected an object of the task's fields, got \(dataValue.kindDescription)")
        }
        let externalID = data.removeValue(forKey: "external_id").flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
            ?? members["id"]?.intValue.map { "label-studio-\($0)" }
        var carried: [String: JSONValue] = [:]
        for key in ImportedTask.reservedKeys where data[key] != nil {
            carried[key] = data.removeValue(forKey: key)
            report.unmapped(task: number, part: "data.\(key)", "named like one of Cadre's own task fields; kept in metadata.label_studio.data")
        }
        let input = JSONValue.object(inputMembers(data))
        let validInput = try? template.validateInput(input)

        var labelStudio: [String: JSONValue] = ["id": members["id"] ?? .null]
        if !carried.isEmpty { labelStudio["data"] = .object(carried) }
        var goldAnswers: [JSONValue] = []
        for source in LabelStudioReport.Source.allCases {
            let read = (members[source.rawValue]?.arrayValue ?? []).enumerated().compactMap { index, entry in
                answer(entry, part: "\(source.rawValue)[\(index)]", source: source, input: validInput, task: number, report: &report)
            }
            labelStudio[source.rawValue] = .array(read)
            if source == .annotations { goldAnswers = read.compactMap { $0["answer"] } }
        }
        for index in (members["drafts"]?.arrayValue ?? []).indices {
            report.unmapped(task: number, part: "drafts[\(index)]", "a draft, not a submitted annotation")
        }

        var line = input.objectValue ?? [:]
        line["external_id"] = externalID.map(JSONValue.string)
        var metadata = members["meta"]?.objectValue ?? [:]
        metadata["label_studio"] = .object(labelStudio)
        line["metadata"] = .object(metadata)
        if gold, validInput != nil {
            line["gold_answer"] = try agreed(goldAnswers, at: at)
        }
        return .object(line)
    }

    /// The task's input from its data: everything is kept, and a pairwise pair of response
    /// fields becomes the `responses` Cadre compares.
    private func inputMembers(_ data: [String: JSONValue]) -> [String: JSONValue] {
        var input = data
        guard template.kind == .pairwise, input["responses"] == nil else { return input }
        for (a, b) in [("response_a", "response_b"), ("answer1", "answer2"), ("text1", "text2")] {
            if let first = input[a], let second = input[b] {
                input["responses"] = [first, second]
                input[a] = nil
                input[b] = nil
                break
            }
        }
        return input
    }

    /// One annotation or prediction as `{answer, …who and when}`, or nil when nothing of it maps.
    private func answer(
        _ entry: JSONValue, part: String, source: LabelStudioReport.Source, input: JSONValue?, task: Int, report: inout LabelStudioReport
    ) -> JSONValue? {
        guard let input else { return nil }  // The task itself is refused; its input errors say why.
        if entry["was_cancelled"]?.boolValue == true {
            report.unmapped(task: task, part: part, "skipped (cancelled) in Label Studio", source: source)
            return nil
        }
        let reading = LabelStudioAnswer(kind: template.kind).read(entry["result"]?.arrayValue ?? [])
        for unused in reading.unused {
            report.unmapped(task: task, part: "\(part).result[\(unused.index)]", unused.reason)
        }
        guard !reading.answer.isEmpty else {
            report.unmapped(task: task, part: part, "no result region maps onto a \(template.kind.rawValue) answer", source: source)
            return nil
        }
        let valid: JSONValue
        do throws(ValidationFailure) {
            valid = try template.validateAnswer(.object(reading.answer), input: input)
        } catch {
            let reasons = error.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            report.unmapped(task: task, part: part, "not a valid \(template.kind.rawValue) answer (\(reasons))", source: source)
            return nil
        }
        report.mapped(source, assumedStrength: reading.assumedStrength)
        var kept: [String: JSONValue] = ["answer": valid]
        for key in source.keptKeys { kept[key] = entry[key].flatMap { $0.isNull ? nil : $0 } }
        return .object(kept)
    }

    /// A gold task's one known answer: its annotations must map and agree.
    private func agreed(_ answers: [JSONValue], at: String) throws(ValidationFailure) -> JSONValue {
        guard let first = answers.first else {
            throw ValidationFailure(field: "\(at): annotations", message: "a gold task needs its known answer, and none of this task's annotations maps onto a \(template.kind.rawValue) answer")
        }
        guard answers.allSatisfy({ $0 == first }) else {
            throw ValidationFailure(field: "\(at): annotations", message: "its \(answers.count) annotations disagree; a gold task needs one known answer")
        }
        return first
    }
}
