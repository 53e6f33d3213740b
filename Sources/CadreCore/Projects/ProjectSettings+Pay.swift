import Foundation

extension ProjectSettings {
    static let payKeys = [
        "model", "amount_minor", "currency", "per_task_minor", "hourly_rates_by_level", "bonus", "hourly_floor_minor",
        "rejected_time", "active_time_cap_seconds",
    ]
    /// The largest rate or amount accepted: one million major units, far above any real
    /// rate, so a typo in the minor-unit scale is caught instead of paid.
    static let maxPayMinor = 100_000_000

    /// Reads `pay`: `{model, amount_minor, currency}` plus the optional parts of `PayOptions`,
    /// every problem named by its field.
    static func readPay(_ value: JSONValue?, required: Bool, into reader: inout FieldReader) -> PayTerms? {
        guard let value, !value.isNull else {
            if required { reader.fail("pay", "required: expected {\"model\": \"hourly\", \"per_task\" or \"hourly_and_per_task\", \"amount_minor\", \"currency\"}") }
            return nil
        }
        guard let members = reader.object(value, at: "pay") else { return nil }
        reader.rejectUnknownKeys(members, allowed: payKeys, at: "pay")
        let model = members["model"]?.stringValue.flatMap(PayTerms.Model.init(rawValue:))
        if model == nil { reader.fail("pay.model", "expected \"hourly\", \"per_task\" or \"hourly_and_per_task\"") }
        let amount = reader.wholeNumber(members["amount_minor"], at: "pay.amount_minor", in: 0...maxPayMinor, required: true)
        let currency = members["currency"]?.stringValue
        let validCurrency = currency.map { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } } ?? false
        if !validCurrency { reader.fail("pay.currency", "expected an ISO 4217 code such as \"USD\"") }
        let options = readPayOptions(members, model: model, into: &reader)
        guard let model, let amount, let currency, validCurrency else { return nil }
        return PayTerms(model: model, amountMinor: Int64(amount), currency: currency, options: options)
    }

    private static func readPayOptions(_ members: [String: JSONValue], model: PayTerms.Model?, into reader: inout FieldReader) -> PayOptions {
        var options = PayOptions()
        func amount(_ key: String) -> Int64? {
            reader.wholeNumber(members[key], at: "pay.\(key)", in: 0...maxPayMinor, required: false).map(Int64.init)
        }
        options.perTaskMinor = amount("per_task_minor")
        if model == .hourlyAndPerTask, options.perTaskMinor == nil {
            reader.fail("pay.per_task_minor", "required with model hourly_and_per_task: the amount per accepted answer")
        } else if model != .hourlyAndPerTask, model != nil, options.perTaskMinor != nil {
            reader.fail("pay.per_task_minor", "only with model hourly_and_per_task; per_task pays amount_minor per accepted answer")
        }
        if let levels = members["hourly_rates_by_level"], !levels.isNull, let rates = reader.object(levels, at: "pay.hourly_rates_by_level") {
            if model == .perTask { reader.fail("pay.hourly_rates_by_level", "only with an hourly model") }
            for (level, rate) in rates.sorted(by: { $0.key < $1.key }) {
                let path = fieldPath("pay.hourly_rates_by_level", level)
                guard ExpertLevel.isValid(level) else {
                    reader.fail(path, "level names are 1–40 lowercase letters, digits, '-' or '_'")
                    continue
                }
                if let minor = reader.wholeNumber(rate, at: path, in: 0...maxPayMinor, required: true) {
                    options.hourlyRatesByLevel[level] = Int64(minor)
                }
            }
        }
        if let bonus = members["bonus"], !bonus.isNull, let fields = reader.object(bonus, at: "pay.bonus") {
            reader.rejectUnknownKeys(fields, allowed: ["rate_bp", "bar_bp"], at: "pay.bonus")
            let rate = reader.wholeNumber(fields["rate_bp"], at: "pay.bonus.rate_bp", in: 0...100_000, required: true)
            let bar = reader.wholeNumber(fields["bar_bp"], at: "pay.bonus.bar_bp", in: 0...10_000, required: true)
            if let rate, let bar { options.bonus = BonusTerms(rateBasisPoints: rate, barBasisPoints: bar) }
        }
        options.hourlyFloorMinor = amount("hourly_floor_minor")
        if let raw = members["rejected_time"], !raw.isNull {
            if let rule = raw.stringValue.flatMap(RejectedTimePay.init(rawValue:)) {
                options.rejectedTime = rule
            } else {
                reader.fail("pay.rejected_time", "expected \"paid_unless_fraud\" or \"always_paid\"")
            }
        }
        options.activeTimeCapSeconds = reader.wholeNumber(
            members["active_time_cap_seconds"], at: "pay.active_time_cap_seconds", in: 30...172_800, required: false)
        return options
    }
}

/// The name of an expert's pay level ("senior"), which picks an hourly rate.
public enum ExpertLevel {
    public static func isValid(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
    }
}
