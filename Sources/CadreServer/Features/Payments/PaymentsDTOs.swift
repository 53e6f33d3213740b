import CadreCore
import Vapor

/// The body of `POST /api/v1/organizations/{id}/funding`.
struct FundingRequest: Content {
    var amountMinor: Int64
    var currency: String
    var reference: String

    enum CodingKeys: String, CodingKey {
        case currency, reference
        case amountMinor = "amount_minor"
    }

    /// The amount, or every problem with the body at once, each naming its field.
    func validated() throws -> (amount: Money, reference: String) {
        var errors: [FieldError] = []
        if amountMinor <= 0 { errors.append(FieldError(field: "amount_minor", message: "expected a positive amount in minor units")) }
        let currency = try? Currency(code: currency)
        if currency == nil { errors.append(FieldError(field: "currency", message: "expected an ISO 4217 code such as USD, EUR or GBP")) }
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.isEmpty || reference.count > 200 {
            errors.append(FieldError(field: "reference", message: "expected 1 to 200 characters, such as the bank transfer's reference"))
        }
        guard errors.isEmpty, let currency else { throw Problem.validation(errors) }
        return (Money(minorUnits: amountMinor, currency: currency), reference)
    }
}

struct FundingResponse: Content {
    var postingId: String
    var organizationId: UUID
    var amountMinor: Int64
    var currency: String
    var reference: String
    var at: Date
    var balanceMinor: Int64

    enum CodingKeys: String, CodingKey {
        case currency, reference, at
        case postingId = "posting_id", organizationId = "organization_id", amountMinor = "amount_minor", balanceMinor = "balance_minor"
    }

    init(_ receipt: ClientFunding.Receipt) {
        postingId = receipt.postingID
        organizationId = receipt.organizationID
        amountMinor = receipt.amount.minorUnits
        currency = receipt.amount.currency.code
        reference = receipt.reference
        at = receipt.at
        balanceMinor = receipt.balance.minorUnits
    }
}

struct AmountResponse: Content {
    var amountMinor: Int64
    var currency: String

    enum CodingKeys: String, CodingKey {
        case currency
        case amountMinor = "amount_minor"
    }

    init(_ money: Money) {
        amountMinor = money.minorUnits
        currency = money.currency.code
    }
}

struct BalanceResponse: Content {
    var organizationId: UUID
    /// One per currency the organization was ever funded in.
    var balances: [AmountResponse]

    enum CodingKeys: String, CodingKey {
        case balances
        case organizationId = "organization_id"
    }
}

/// The body of `POST /api/v1/payouts/runs`.
struct PayoutRunRequest: Content {
    var period: String
    var minimumMinor: Int64?
    var currency: String?

    static let defaultMinimumMinor: Int64 = 1000

    enum CodingKeys: String, CodingKey {
        case period, currency
        case minimumMinor = "minimum_minor"
    }

    func validated() throws -> (period: PayPeriod, minimum: Money) {
        var errors: [FieldError] = []
        var period: PayPeriod?
        do { period = try PayPeriod(parsing: self.period) } catch { errors.append(FieldError(field: "period", message: error.description)) }
        let currency = try? Currency(code: currency ?? "USD")
        if currency == nil { errors.append(FieldError(field: "currency", message: "expected an ISO 4217 code such as USD, EUR or GBP")) }
        let minimum = minimumMinor ?? Self.defaultMinimumMinor
        if minimum <= 0 { errors.append(FieldError(field: "minimum_minor", message: "expected a positive amount in minor units")) }
        guard errors.isEmpty, let period, let currency else { throw Problem.validation(errors) }
        return (period, Money(minorUnits: minimum, currency: currency))
    }
}

struct PayoutBatchResponse: Content {
    struct Line: Content {
        var expertId: UUID
        var amountMinor: Int64

        enum CodingKeys: String, CodingKey {
            case expertId = "expert_id", amountMinor = "amount_minor"
        }
    }

    var id: String
    var period: String
    var currency: String
    var lines: [Line]
    var totalMinor: Int64
    var status: String
    var paidAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, period, currency, lines, status
        case totalMinor = "total_minor", paidAt = "paid_at"
    }

    init(_ run: PayoutRuns.Run) {
        id = run.batch.id
        period = run.batch.period.description
        currency = run.batch.currency.code
        lines = run.batch.lines.map { Line(expertId: $0.expertID, amountMinor: $0.amount.minorUnits) }
        totalMinor = run.batch.total.minorUnits
        status = run.status.rawValue
        paidAt = run.paidAt
    }
}
