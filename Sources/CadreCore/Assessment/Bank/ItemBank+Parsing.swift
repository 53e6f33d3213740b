import Foundation

extension ItemBank {
    /// Upper bound on items in one bank, so one oversized import cannot stall the server.
    public static let maxItems = 5_000
    /// Upper bound on scenarios in one bank.
    public static let maxScenarios = 200

    /// Reads and validates a bank file.
    ///
    /// Every problem is reported, each with the path of its field (`items[12].options[2].key`)
    /// and what was expected, so an author fixes a file in one pass.
    /// - Throws: `ValidationFailure` listing every problem; invalid JSON is one problem at
    ///   field `document`.
    public init(parsing data: Data) throws(ValidationFailure) {
        try self.init(json: JSONValue.document(parsing: data))
    }

    /// Validates a bank given as a JSON value; see `init(parsing:)`.
    public init(json: JSONValue) throws(ValidationFailure) {
        let members = try FieldReader.topLevelObject(json, name: "document")
        var reader = FieldReader()
        reader.rejectUnknownKeys(members, allowed: ["domain", "version", "skills", "items", "scenarios", "interview"], at: "")
        var domainID: String?, domainName: String?
        if let domain = reader.object(members["domain"], at: "domain") {
            reader.rejectUnknownKeys(domain, allowed: ["id", "name"], at: "domain")
            domainID = reader.identifier(domain["id"], at: "domain.id")
            domainName = reader.text(domain["name"], at: "domain.name", required: true, maxLength: TemplateLimits.maxDescriptionLength)
        }
        let version = reader.wholeNumber(members["version"], at: "version", in: 1...Int(Int32.max), required: true)
        let skills = Self.readSkills(members["skills"], reader: &reader)
        let known = Set((skills ?? []).map(\.id))
        var ids: [String: String] = [:]
        var items: [AssessmentItem] = []
        if let elements = reader.array(members["items"], at: "items", required: true, count: 1...Self.maxItems, noun: "items") {
            for (index, element) in elements.enumerated() {
                let path = fieldPath("items", index)
                guard let item = AssessmentItem.read(element, at: path, skills: known, reader: &reader) else { continue }
                Self.claim(item.id, at: fieldPath(path, "id"), in: &ids, reader: &reader)
                items.append(item)
            }
        }
        var scenarios: [ScenarioQuestion] = []
        if let elements = reader.array(members["scenarios"], at: "scenarios", required: false, count: 0...Self.maxScenarios, noun: "scenarios") {
            for (index, element) in elements.enumerated() {
                let path = fieldPath("scenarios", index)
                guard let scenario = ScenarioQuestion.read(element, at: path, skills: known, reader: &reader) else { continue }
                Self.claim(scenario.id, at: fieldPath(path, "id"), in: &ids, reader: &reader)
                scenarios.append(scenario)
            }
        }
        let interview = Self.readInterview(members["interview"], reader: &reader)
        try reader.finish()
        guard let domainID, let domainName, let version, let skills else { throw FieldReader.incomplete("document") }
        self.init(
            domainID: domainID, domainName: domainName, version: version, skills: skills,
            items: items, scenarios: scenarios, interview: interview
        )
    }

    /// Records `id` as used at `path`, or reports where it was first used.
    private static func claim(_ id: String, at path: String, in ids: inout [String: String], reader: inout FieldReader) {
        if let first = ids[id] {
            reader.fail(path, "duplicate id \"\(id)\"; already used at \(first) (items and scenarios share one set of ids)")
        } else {
            ids[id] = path
        }
    }

    private static func readSkills(_ value: JSONValue?, reader: inout FieldReader) -> [BankSkill]? {
        guard let elements = reader.array(value, at: "skills", required: true, count: 1...100, noun: "skills") else { return nil }
        let before = reader.errors.count
        var skills: [BankSkill] = []
        for (index, element) in elements.enumerated() {
            let path = fieldPath("skills", index)
            guard let members = reader.object(element, at: path) else { continue }
            reader.rejectUnknownKeys(members, allowed: ["id", "name"], at: path)
            let id = reader.identifier(members["id"], at: fieldPath(path, "id"))
            let name = reader.text(members["name"], at: fieldPath(path, "name"), required: true, maxLength: TemplateLimits.maxDescriptionLength)
            guard let id, let name else { continue }
            if skills.contains(where: { $0.id == id }) {
                reader.fail(fieldPath(path, "id"), "duplicate skill id \"\(id)\"")
                continue
            }
            skills.append(BankSkill(id: id, name: name))
        }
        return reader.isClean(since: before) ? skills : nil
    }

    private static func readInterview(_ value: JSONValue?, reader: inout FieldReader) -> InterviewSettings {
        var settings = InterviewSettings()
        guard let value, !value.isNull else { return settings }
        guard let members = reader.object(value, at: "interview") else { return settings }
        reader.rejectUnknownKeys(members, allowed: ["target_standard_error", "min_items", "max_items", "randomesque_count"], at: "interview")
        if let se = reader.number(members["target_standard_error"], at: "interview.target_standard_error", in: 0.05...1, required: false) {
            settings.targetStandardError = se
        }
        if let minimum = reader.wholeNumber(members["min_items"], at: "interview.min_items", in: 0...500, required: false) {
            settings.minimumItems = minimum
        }
        if let maximum = reader.wholeNumber(members["max_items"], at: "interview.max_items", in: 1...500, required: false) {
            settings.maximumItems = maximum
        }
        if let count = reader.wholeNumber(members["randomesque_count"], at: "interview.randomesque_count", in: 1...20, required: false) {
            settings.randomesqueCount = count
        }
        if settings.maximumItems < settings.minimumItems {
            reader.fail("interview.max_items", "expected at least min_items (\(settings.minimumItems)), got \(settings.maximumItems)")
        }
        return settings
    }
}
