extension AssessmentItem {
    /// Range of the discrimination `a` a bank may state. Below 0.2 an item tells almost
    /// nothing; above 4 it is a step function no author can justify before calibration.
    public static let discriminationRange: ClosedRange<Double> = 0.2...4
    /// Range of the difficulty `b`, on the N(0, 1) ability scale.
    public static let difficultyRange: ClosedRange<Double> = -4...4
    /// Upper bound (exclusive) of the lower asymptote `c`: at 0.5 or more, guessing would be
    /// as informative as knowing.
    public static let guessingLimit = 0.5
    /// Number of options a multiple-choice item may have.
    public static let optionCount: ClosedRange<Int> = 2...8

    /// Reads one item at `path`, recording every problem in `reader`; `nil` when any was found.
    static func read(_ value: JSONValue, at path: String, skills known: Set<String>, reader: inout FieldReader) -> AssessmentItem? {
        guard let members = reader.object(value, at: path) else { return nil }
        let before = reader.errors.count
        let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
        let stem = reader.text(members["stem"], at: fieldPath(path, "stem"), required: true)
        let skills = reader.skillList(members["skills"], at: fieldPath(path, "skills"), known: known, required: true)
        let parameters = readParameters(members["irt"], at: fieldPath(path, "irt"), reader: &reader)
        let seconds = reader.number(members["expected_seconds"], at: fieldPath(path, "expected_seconds"), in: 5...3_600, required: false)
        var allowed = ["id", "stem", "kind", "skills", "irt", "expected_seconds"]
        var answer: AnswerKey?
        switch members["kind"]?.stringValue {
        case "multiple_choice":
            allowed.append("options")
            answer = readOptions(members["options"], at: fieldPath(path, "options"), reader: &reader)
        case "numeric":
            allowed.append("answer")
            answer = readNumeric(members["answer"], at: fieldPath(path, "answer"), reader: &reader)
        default:
            let got = members["kind"].map { $0.stringValue.map { "\"\($0)\"" } ?? $0.kindDescription } ?? "nothing"
            reader.fail(fieldPath(path, "kind"), "expected \"multiple_choice\" or \"numeric\", got \(got)")
            allowed += ["options", "answer"]
        }
        reader.rejectUnknownKeys(members, allowed: allowed, at: path)
        guard reader.isClean(since: before), let id, let stem, let skills, let parameters, let answer else { return nil }
        return AssessmentItem(id: id, stem: stem, answer: answer, skills: skills, parameters: parameters, expectedSeconds: seconds)
    }

    private static func readParameters(_ value: JSONValue?, at path: String, reader: inout FieldReader) -> ItemParameters? {
        guard let members = reader.object(value, at: path) else { return nil }
        reader.rejectUnknownKeys(members, allowed: ["a", "b", "c"], at: path)
        let a = reader.number(members["a"], at: fieldPath(path, "a"), in: discriminationRange, required: true)
        let b = reader.number(members["b"], at: fieldPath(path, "b"), in: difficultyRange, required: true)
        var c: Double? = 0
        if let value = members["c"], !value.isNull {
            c = reader.number(value, at: fieldPath(path, "c"), in: 0...1, required: true)
            if let guess = c, guess >= guessingLimit {
                reader.fail(fieldPath(path, "c"), "expected a number from 0 up to but not including 0.5, got \(TemplateText.number(guess))")
                c = nil
            }
        }
        guard let a, let b, let c else { return nil }
        return ItemParameters(discrimination: a, difficulty: b, guessing: c)
    }

    private static func readOptions(_ value: JSONValue?, at path: String, reader: inout FieldReader) -> AnswerKey? {
        guard let elements = reader.array(value, at: path, required: true, count: optionCount, noun: "options") else { return nil }
        let before = reader.errors.count
        var options: [ChoiceOption] = []
        var correctKeys: [String] = []
        for (index, element) in elements.enumerated() {
            let optionPath = fieldPath(path, index)
            guard let members = reader.object(element, at: optionPath) else { continue }
            reader.rejectUnknownKeys(members, allowed: ["key", "text", "correct"], at: optionPath)
            let key = readOptionKey(members["key"], at: fieldPath(optionPath, "key"), reader: &reader)
            let text = reader.text(members["text"], at: fieldPath(optionPath, "text"), required: true)
            let correct = reader.bool(members["correct"], at: fieldPath(optionPath, "correct"), default: false)
            guard let key, let text else { continue }
            if options.contains(where: { $0.key.lowercased() == key.lowercased() }) {
                reader.fail(fieldPath(optionPath, "key"), "duplicate option key \"\(key)\" (keys are compared ignoring case)")
                continue
            }
            options.append(ChoiceOption(key: key, text: text))
            if correct { correctKeys.append(key) }
        }
        guard reader.isClean(since: before) else { return nil }
        guard correctKeys.count == 1 else {
            reader.fail(path, "expected exactly one option with \"correct\": true, got \(correctKeys.count)")
            return nil
        }
        return .multipleChoice(options: options, correctKey: correctKeys[0])
    }

    /// An option key: 1–8 letters or digits, which a candidate can type and a page can show.
    private static func readOptionKey(_ value: JSONValue?, at path: String, reader: inout FieldReader) -> String? {
        guard let key = reader.text(value, at: path, required: true, maxLength: 8) else { return nil }
        guard key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            reader.fail(path, "expected 1–8 letters or digits, got \"\(key)\"")
            return nil
        }
        return key
    }

    private static func readNumeric(_ value: JSONValue?, at path: String, reader: inout FieldReader) -> AnswerKey? {
        guard let members = reader.object(value, at: path) else { return nil }
        reader.rejectUnknownKeys(members, allowed: ["value", "tolerance", "unit"], at: path)
        let number = reader.number(members["value"], at: fieldPath(path, "value"), in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, required: true)
        let tolerance = reader.number(members["tolerance"], at: fieldPath(path, "tolerance"), in: 0...Double.greatestFiniteMagnitude, required: true)
        let unit = reader.text(members["unit"], at: fieldPath(path, "unit"), required: false, maxLength: 32)
        guard let number, let tolerance else { return nil }
        return .numeric(NumericAnswer(value: number, tolerance: tolerance, unit: unit.map(TemplateText.trimmed)))
    }
}
