import Foundation

extension ProjectSettings {
    static let fields = [
        "name", "instructions", "template", "configuration", "answers_per_task", "review_policy",
        "review_sample_rate", "required_qualifications", "pay", "time_budget_seconds", "lease_seconds",
        "budget_cap_minor", "deadline", "priority", "gold_rate", "max_answers_per_task", "consensus_threshold",
        "min_gold_accuracy",
    ]

    /// Validates a create request (`base` nil: `name`, `template` and `pay` are required) or an
    /// edit (`base` is the project as it is: only the fields present change). Every problem is
    /// reported at once, each naming its field.
    public static func parse(_ json: JSONValue, base: ProjectSettings? = nil) throws(ValidationFailure) -> ProjectSettings {
        let body = try FieldReader.topLevelObject(json)
        var reader = FieldReader()
        reader.rejectUnknownKeys(body, allowed: fields, at: "")
        let creating = base == nil

        let name = reader.text(body["name"], at: "name", required: creating, maxLength: 200).map(TemplateText.trimmed)
        let instructions = reader.text(body["instructions"], at: "instructions", required: false, allowBlank: true)
        var template = base?.template
        if creating || body["template"] != nil {
            do { template = try TemplateKind(validating: body["template"]) } catch { reader.record(error) }
        }
        var configuration = base?.configuration
        if let template, creating || body["configuration"] != nil || body["template"] != nil {
            do {
                configuration = try template.validateConfiguration(body["configuration"] ?? .null)
            } catch {
                reader.record(error, prefix: "configuration")
            }
        }
        let answers = reader.wholeNumber(body["answers_per_task"], at: "answers_per_task", in: 1...50, required: false)
        let review = readReviewPolicy(body, into: &reader)
        let requirements = readRequirements(body["required_qualifications"], into: &reader)
        let pay = readPay(body["pay"], required: creating, into: &reader)
        let timeBudget = reader.wholeNumber(body["time_budget_seconds"], at: "time_budget_seconds", in: 30...86_400, required: false)
        let lease = reader.wholeNumber(body["lease_seconds"], at: "lease_seconds", in: 60...86_400, required: false)
        let budget = reader.wholeNumber(body["budget_cap_minor"], at: "budget_cap_minor", in: 0...Int(Int64.max / 2), required: false)
        let deadline = readDate(body["deadline"], at: "deadline", into: &reader)
        let priority = reader.wholeNumber(body["priority"], at: "priority", in: -1000...1000, required: false)
        let quality = readQuality(body, base: base?.quality ?? QualitySettings(), answers: answers ?? base?.answersPerTask ?? 1, into: &reader)
        try reader.finish()

        guard let template, let configuration,
              let resolvedName = name ?? base?.name, let resolvedPay = pay ?? base?.pay
        else { throw FieldReader.incomplete("body") }
        return ProjectSettings(
            name: resolvedName,
            instructions: instructions ?? base?.instructions ?? "",
            template: template,
            configuration: configuration,
            answersPerTask: answers ?? base?.answersPerTask ?? 1,
            reviewPolicy: review ?? base?.reviewPolicy ?? .none,
            requirements: requirements ?? base?.requirements ?? QualificationRequirements(),
            pay: resolvedPay,
            timeBudgetSeconds: timeBudget ?? base?.timeBudgetSeconds ?? defaultTimeBudgetSeconds,
            leaseSeconds: lease ?? base?.leaseSeconds ?? defaultLeaseSeconds,
            budgetCapMinor: body["budget_cap_minor"] == nil ? base?.budgetCapMinor : budget.map(Int64.init),
            deadline: body["deadline"] == nil ? base?.deadline : deadline,
            priority: priority ?? base?.priority ?? 0,
            quality: quality)
    }

    private static func readQuality(_ body: [String: JSONValue], base: QualitySettings, answers: Int, into reader: inout FieldReader) -> QualitySettings {
        var quality = base
        func fraction(_ key: String, _ range: ClosedRange<Double>) -> Double?? {
            guard let value = body[key] else { return .none }
            if value.isNull { return .some(nil) }
            guard let number = value.doubleValue, range.contains(number) else {
                reader.fail(key, "expected a number from \(TemplateText.number(range.lowerBound)) to \(TemplateText.number(range.upperBound))")
                return .none
            }
            return .some(number)
        }
        if case .some(let rate) = fraction("gold_rate", 0...0.5) { quality.goldRate = rate ?? 0 }
        if case .some(let threshold) = fraction("consensus_threshold", 0...1) { quality.consensusThreshold = threshold ?? 0.7 }
        if case .some(let accuracy) = fraction("min_gold_accuracy", 0...1) { quality.minimumGoldAccuracy = accuracy }
        if let raw = body["max_answers_per_task"] {
            if raw.isNull {
                quality.maxAnswersPerTask = nil
            } else if let value = reader.wholeNumber(raw, at: "max_answers_per_task", in: 1...50, required: true) {
                quality.maxAnswersPerTask = value
            }
        }
        if let maximum = quality.maxAnswersPerTask, maximum < answers {
            reader.fail("max_answers_per_task", "must be at least answers_per_task (\(answers))")
        }
        return quality
    }

    private static func readReviewPolicy(_ body: [String: JSONValue], into reader: inout FieldReader) -> ReviewPolicy? {
        let rateValue = body["review_sample_rate"]
        guard let raw = body["review_policy"], !raw.isNull else {
            if let rateValue, !rateValue.isNull { reader.fail("review_sample_rate", "only with review_policy \"sample\"") }
            return nil
        }
        switch raw.stringValue {
        case "none": return ReviewPolicy.none
        case "all": return .all
        case "sample":
            guard let rate = rateValue?.doubleValue, rate > 0, rate <= 1 else {
                reader.fail("review_sample_rate", "required with review_policy \"sample\": a number greater than 0 and at most 1")
                return nil
            }
            return .sample(rate: rate)
        default:
            reader.fail("review_policy", "expected \"none\", \"sample\" or \"all\", got \(raw.kindDescription)")
            return nil
        }
    }

    private static func readRequirements(_ value: JSONValue?, into reader: inout FieldReader) -> QualificationRequirements? {
        guard let value, !value.isNull else { return nil }
        guard let members = reader.object(value, at: "required_qualifications") else { return nil }
        reader.rejectUnknownKeys(members, allowed: ["domains", "languages"], at: "required_qualifications")
        var result = QualificationRequirements()
        let domains = reader.array(members["domains"], at: "required_qualifications.domains", required: false, count: 0...20) ?? []
        for (index, entry) in domains.enumerated() {
            let path = fieldPath("required_qualifications.domains", index)
            guard let fields = reader.object(entry, at: path) else { continue }
            let domain = reader.name(fields["domain"], at: fieldPath(path, "domain"))
            var minimum = 0.0
            if let raw = fields["min_ability"], !raw.isNull {
                if let number = raw.doubleValue, (-6...6).contains(number) {
                    minimum = number
                } else {
                    reader.fail(fieldPath(path, "min_ability"), "expected a number from -6 to 6 (an ability estimate θ)")
                }
            }
            if let domain { result.domains.append(DomainRequirement(domain: domain, minimumAbility: minimum)) }
        }
        let languages = reader.array(members["languages"], at: "required_qualifications.languages", required: false, count: 0...20) ?? []
        for (index, entry) in languages.enumerated() {
            if let code = LanguageCode.read(entry, at: fieldPath("required_qualifications.languages", index), into: &reader) {
                result.languages.append(code)
            }
        }
        return result
    }

    private static func readDate(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> Date? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, let date = ISO8601DateFormatter().date(from: text) else {
            reader.fail(path, "expected an ISO 8601 date-time such as 2027-01-31T17:00:00Z")
            return nil
        }
        return date
    }
}

/// Language codes as experts and projects name them: ISO 639-1 (`en`), optionally with a region (`pt-BR`).
enum LanguageCode {
    static func read(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> String? {
        guard let text = value?.stringValue, isValid(text) else {
            reader.fail(path, "expected a language code such as \"en\" or \"pt-BR\"")
            return nil
        }
        return text
    }

    static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, language.count == 2, language.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        if parts.count == 1 { return true }
        return parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
    }
}

extension FieldReader {
    /// Folds another validator's failure into this reader, under a path prefix.
    mutating func record(_ failure: ValidationFailure, prefix: String? = nil) {
        for error in failure.errors {
            let field = prefix.map { error.field == "body" ? $0 : fieldPath($0, error.field) } ?? error.field
            fail(field, error.message)
        }
    }
}

extension ProjectSettings {
    /// Whether `code` is a language code projects and experts can name (`en`, `pt-BR`).
    public static func isLanguageCode(_ code: String) -> Bool { LanguageCode.isValid(code) }
}
