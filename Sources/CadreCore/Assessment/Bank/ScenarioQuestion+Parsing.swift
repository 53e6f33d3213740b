extension ScenarioQuestion {
    /// Number of criteria a rubric may have.
    public static let criterionCount: ClosedRange<Int> = 1...12

    /// Reads one scenario at `path`, recording every problem in `reader`; `nil` when any was
    /// found.
    static func read(_ value: JSONValue, at path: String, skills known: Set<String>, reader: inout FieldReader) -> ScenarioQuestion? {
        guard let members = reader.object(value, at: path) else { return nil }
        let before = reader.errors.count
        reader.rejectUnknownKeys(members, allowed: ["id", "prompt", "skills", "rubric", "max_points"], at: path)
        let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
        let prompt = reader.text(members["prompt"], at: fieldPath(path, "prompt"), required: true)
        let skills = reader.skillList(members["skills"], at: fieldPath(path, "skills"), known: known, required: false)
        let maxPoints = reader.wholeNumber(members["max_points"], at: fieldPath(path, "max_points"), in: 1...1_000, required: true)
        var rubric: [RubricCriterion] = []
        let rubricPath = fieldPath(path, "rubric")
        if let elements = reader.array(members["rubric"], at: rubricPath, required: true, count: criterionCount, noun: "criteria") {
            for (index, element) in elements.enumerated() {
                let criterionPath = fieldPath(rubricPath, index)
                guard let criterion = RubricCriterion.read(element, at: criterionPath, reader: &reader) else { continue }
                if rubric.contains(where: { $0.id == criterion.id }) {
                    reader.fail(fieldPath(criterionPath, "id"), "duplicate criterion id \"\(criterion.id)\" in this rubric")
                    continue
                }
                rubric.append(criterion)
            }
        }
        guard reader.isClean(since: before), let id, let prompt, let skills, let maxPoints else { return nil }
        let total = rubric.reduce(0) { $0 + $1.points }
        guard total == maxPoints else {
            reader.fail(fieldPath(path, "max_points"), "expected the sum of the rubric's points, \(total), got \(maxPoints)")
            return nil
        }
        return ScenarioQuestion(id: id, prompt: prompt, skills: skills, rubric: rubric, maxPoints: maxPoints)
    }
}

extension RubricCriterion {
    /// Reads one criterion at `path`, recording every problem in `reader`.
    static func read(_ value: JSONValue, at path: String, reader: inout FieldReader) -> RubricCriterion? {
        guard let members = reader.object(value, at: path) else { return nil }
        let before = reader.errors.count
        reader.rejectUnknownKeys(members, allowed: ["id", "description", "concepts", "min_concepts", "points"], at: path)
        let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
        let description = reader.text(members["description"], at: fieldPath(path, "description"), required: true, maxLength: TemplateLimits.maxDescriptionLength)
        let points = reader.wholeNumber(members["points"], at: fieldPath(path, "points"), in: 1...100, required: false) ?? 1
        var concepts: [RubricConcept] = []
        let conceptsPath = fieldPath(path, "concepts")
        if let elements = reader.array(members["concepts"], at: conceptsPath, required: true, count: 1...20, noun: "concepts") {
            for (index, element) in elements.enumerated() {
                if let concept = RubricConcept.read(element, at: fieldPath(conceptsPath, index), reader: &reader) {
                    concepts.append(concept)
                }
            }
        }
        let minimum = reader.wholeNumber(members["min_concepts"], at: fieldPath(path, "min_concepts"), in: 1...max(concepts.count, 1), required: false)
        guard reader.isClean(since: before), let id, let description else { return nil }
        return RubricCriterion(id: id, description: description, concepts: concepts, minimumConcepts: minimum, points: points)
    }
}

extension RubricConcept {
    /// Reads a concept: one phrase, or an array of alternative phrases. Each phrase must have
    /// at least one word the scorer can match.
    static func read(_ value: JSONValue, at path: String, reader: inout FieldReader) -> RubricConcept? {
        var phrases: [(String, String)] = []
        if value.stringValue != nil {
            guard let phrase = reader.text(value, at: path, required: true, maxLength: 200) else { return nil }
            phrases = [(phrase, path)]
        } else if let elements = reader.array(value, at: path, required: true, count: 1...20, noun: "phrases") {
            for (index, element) in elements.enumerated() {
                let phrasePath = fieldPath(path, index)
                if let phrase = reader.text(element, at: phrasePath, required: true, maxLength: 200) {
                    phrases.append((phrase, phrasePath))
                }
            }
        } else {
            return nil
        }
        let before = reader.errors.count
        for (phrase, phrasePath) in phrases where RubricText.pattern(phrase).isEmpty {
            reader.fail(phrasePath, "expected a phrase with at least one letter or digit, got \"\(phrase)\"")
        }
        guard reader.isClean(since: before), !phrases.isEmpty else { return nil }
        return RubricConcept(phrases.map { TemplateText.trimmed($0.0) })
    }
}
