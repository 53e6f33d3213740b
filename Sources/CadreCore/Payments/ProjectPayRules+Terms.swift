import Foundation

extension ProjectPayRules {
    /// Rules from the single-rate pay terms a project is created with today: one hourly rate
    /// for every level, or one per-task rate, with no bonus or floor and rejected answers
    /// paid unless fraud. The currency is checked against the ISO 4217 list here, because
    /// terms only check its spelling.
    public init(terms: PayTerms, projectID: UUID, organizationID: UUID) throws(PayError) {
        let currency: Currency
        do { currency = try Currency(code: terms.currency) } catch { throw .money(error) }
        let amount = Money(minorUnits: terms.amountMinor, currency: currency)
        switch terms.model {
        case .hourly:
            try self.init(projectID: projectID, organizationID: organizationID, currency: currency, hourly: HourlyRates(standard: amount))
        case .perTask:
            try self.init(projectID: projectID, organizationID: organizationID, currency: currency, perAcceptedAnswer: amount)
        }
    }
}
