import CadreCore
import Foundation
import Vapor

/// The project form's fields as typed, and their translation into the JSON body the API
/// takes, so the page and the API are validated by the same `ProjectSettings.parse`.
///
/// Text the client typed comes back unchanged when validation fails; conversions that can
/// fail here (a number, an amount) become a field error with the API's field name.
struct ProjectForm: Content {
    var name = ""
    var instructions = ""
    var template = TemplateKind.pairwise.rawValue
    var configuration = ""
    var answersPerTask = "1"
    var reviewPolicy = "none"
    var reviewSampleRate = ""
    var payModel = "per_task"
    /// In major units with up to two decimals ("1.50").
    var payAmount = ""
    var currency = "USD"
    /// "medicine:0.5, law" — a domain and, optionally, the minimum ability θ.
    var domains = ""
    var languages = ""
    var timeBudgetMinutes = "10"
    var leaseMinutes = "15"
    var deadline = ""
    var priority = "0"
    var organizationId = ""

    enum CodingKeys: String, CodingKey {
        case name, instructions, template, configuration, currency, domains, languages, deadline, priority
        case answersPerTask = "answers_per_task", reviewPolicy = "review_policy", reviewSampleRate = "review_sample_rate"
        case payModel = "pay_model", payAmount = "pay_amount", timeBudgetMinutes = "time_budget_minutes"
        case leaseMinutes = "lease_minutes", organizationId = "organization_id"
    }

    init() {
        configuration = TemplateKind.pairwise.exampleConfiguration.prettyText
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? "" }
        name = try text(.name); instructions = try text(.instructions); template = try text(.template)
        configuration = try text(.configuration); answersPerTask = try text(.answersPerTask)
        reviewPolicy = try text(.reviewPolicy); reviewSampleRate = try text(.reviewSampleRate)
        payModel = try text(.payModel); payAmount = try text(.payAmount); currency = try text(.currency)
        domains = try text(.domains); languages = try text(.languages)
        timeBudgetMinutes = try text(.timeBudgetMinutes); leaseMinutes = try text(.leaseMinutes)
        deadline = try text(.deadline); priority = try text(.priority); organizationId = try text(.organizationId)
    }

    /// The form as it shows an existing project.
    init(_ project: Project) throws {
        let settings = try project.settings
        name = settings.name
        instructions = settings.instructions
        template = settings.template.rawValue
        configuration = settings.configuration.prettyText
        answersPerTask = String(settings.answersPerTask)
        reviewPolicy = settings.reviewPolicy.name
        if case .sample(let rate) = settings.reviewPolicy { reviewSampleRate = String(rate) }
        payModel = settings.pay.model.rawValue
        payAmount = "\(settings.pay.amountMinor / 100).\(String(format: "%02d", Int(settings.pay.amountMinor % 100)))"
        currency = settings.pay.currency
        domains = settings.requirements.domains.map { "\($0.domain):\($0.minimumAbility)" }.joined(separator: ", ")
        languages = settings.requirements.languages.joined(separator: ", ")
        timeBudgetMinutes = String(settings.timeBudgetSeconds / 60)
        leaseMinutes = String(settings.leaseSeconds / 60)
        deadline = settings.deadline.map { String(ISO8601DateFormatter().string(from: $0).prefix(10)) } ?? ""
        priority = String(settings.priority)
        organizationId = project.$organization.id.uuidString
    }

    /// The API's JSON body for these fields, or every field that could not be converted.
    func body(includingOrganization: Bool) throws -> JSONValue {
        var errors: [FieldError] = []
        var members: [String: JSONValue] = [
            "name": .string(name), "instructions": .string(instructions), "template": .string(template),
            "review_policy": .string(reviewPolicy),
        ]
        let trimmedConfiguration = configuration.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedConfiguration.isEmpty {
            members["configuration"] = .null
        } else if let parsed = try? JSONValue(parsing: Data(trimmedConfiguration.utf8)) {
            members["configuration"] = parsed
        } else {
            errors.append(FieldError(field: "configuration", message: "is not valid JSON"))
        }
        func integer(_ text: String, _ field: String, scale: Int = 1) -> JSONValue? {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                errors.append(FieldError(field: field, message: "expected a whole number"))
                return nil
            }
            return .integer(value * scale)
        }
        members["answers_per_task"] = integer(answersPerTask, "answers_per_task")
        members["time_budget_seconds"] = integer(timeBudgetMinutes, "time_budget_minutes", scale: 60)
        members["lease_seconds"] = integer(leaseMinutes, "lease_minutes", scale: 60)
        members["priority"] = integer(priority, "priority")
        if reviewPolicy == "sample" {
            members["review_sample_rate"] = Double(reviewSampleRate).map(JSONValue.number) ?? .string(reviewSampleRate)
        }
        if let minor = Self.minorUnits(payAmount) {
            members["pay"] = ["model": .string(payModel), "amount_minor": .integer(minor), "currency": .string(currency.uppercased())]
        } else {
            errors.append(FieldError(field: "pay_amount", message: "expected an amount such as 12 or 12.50"))
        }
        members["required_qualifications"] = requirements(&errors)
        if !deadline.isEmpty { members["deadline"] = .string(deadline.count == 10 ? deadline + "T23:59:59Z" : deadline) } else { members["deadline"] = .null }
        if includingOrganization { members["organization_id"] = .string(organizationId) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return .object(members)
    }

    private func requirements(_ errors: inout [FieldError]) -> JSONValue {
        var domainList: [JSONValue] = []
        for entry in Self.list(domains) {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            var requirement: [String: JSONValue] = ["domain": .string(parts[0])]
            if parts.count == 2 {
                guard let minimum = Double(parts[1]) else {
                    errors.append(FieldError(field: "domains", message: "\"\(entry)\": expected domain:minimum ability, such as medicine:0.5"))
                    continue
                }
                requirement["min_ability"] = .number(minimum)
            }
            domainList.append(.object(requirement))
        }
        return ["domains": .array(domainList), "languages": .array(Self.list(languages).map(JSONValue.string))]
    }

    private static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// "12", "12.5", "12.50" → 1250; anything else (or a third decimal) → nil.
    static func minorUnits(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 1_000_000 else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let fraction = String(parts[1])
        guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isNumber), let cents = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))
        else { return nil }
        return whole * 100 + cents
    }
}

extension JSONValue {
    /// Indented JSON with sorted keys, for people to read and edit.
    var prettyText: String { TaskView.pretty(self) }
}
