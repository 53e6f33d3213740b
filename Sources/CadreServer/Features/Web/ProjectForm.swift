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
    /// In major units with the currency's decimals ("1.50", "150" for JPY).
    var payAmount = ""
    var currency = "USD"
    /// The rest of `pay` as JSON (`per_task_minor`, `hourly_rates_by_level`, `bonus`,
    /// `hourly_floor_minor`, `rejected_time`, `active_time_cap_seconds`), so an edit keeps them.
    var payOptions = ""
    /// In major units; empty for no cap.
    var budgetCap = ""
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
        case payOptions = "pay_options", budgetCap = "budget_cap"
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
        payOptions = try text(.payOptions); budgetCap = try text(.budgetCap)
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
        currency = settings.pay.currency
        payAmount = Self.major(settings.pay.amountMinor, currency)
        budgetCap = settings.budgetCapMinor.map { Self.major($0, currency) } ?? ""
        let options = (try? JSONValue(parsing: JSONEncoder().encode(settings.pay.options))) ?? .object([:])
        payOptions = options == .object(["hourly_rates_by_level": .object([:]), "rejected_time": .string(RejectedTimePay.paidUnlessFraud.rawValue)])
            ? "" : options.prettyText
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
        var pay: [String: JSONValue] = ["model": .string(payModel), "currency": .string(currency.uppercased())]
        if let minor = Self.minorUnits(payAmount, currency) {
            pay["amount_minor"] = .integer(minor)
        } else {
            errors.append(FieldError(field: "pay_amount", message: "expected an amount such as 12 or 12.50, with at most the currency's decimals"))
        }
        let trimmedOptions = payOptions.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmedOptions.isEmpty {
            if case .object(let extra)? = try? JSONValue(parsing: Data(trimmedOptions.utf8)) {
                pay.merge(extra) { kept, _ in kept }
            } else {
                errors.append(FieldError(field: "pay_options", message: "expected a JSON object such as {\"hourly_floor_minor\": 2500}"))
            }
        }
        members["pay"] = .object(pay)
        if budgetCap.trimmingCharacters(in: .whitespaces).isEmpty {
            members["budget_cap_minor"] = .null
        } else if let minor = Self.minorUnits(budgetCap, currency) {
            members["budget_cap_minor"] = .integer(minor)
        } else {
            errors.append(FieldError(field: "budget_cap", message: "expected an amount such as 5000 or 5000.00, or nothing for no cap"))
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

    /// "12", "12.5", "12.50" → 1250 in USD, "150" → 150 in JPY; anything else (a negative
    /// amount, more decimals than the currency has, an unknown currency) → nil.
    static func minorUnits(_ text: String, _ code: String) -> Int? {
        guard let currency = try? Currency(code: code.uppercased()),
              let money = try? Money(decimal: text.trimmingCharacters(in: .whitespaces), currency: currency),
              !money.isNegative
        else { return nil }
        return Int(exactly: money.minorUnits)
    }

    /// Minor units as the form shows them, with the currency's decimals.
    static func major(_ minor: Int64, _ code: String) -> String {
        (try? Currency(code: code)).map { Money(minorUnits: minor, currency: $0).decimalString } ?? String(minor)
    }
}

extension JSONValue {
    /// Indented JSON with sorted keys, for people to read and edit.
    var prettyText: String { TaskView.pretty(self) }
}
