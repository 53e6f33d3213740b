import Foundation

extension ProjectPayRules {
    /// Rules from a project's pay terms. The currency is checked against the ISO 4217 list
    /// here, because terms only check its spelling.
    public init(terms: PayTerms, projectID: UUID, organizationID: UUID) throws(PayError) {
        let currency: Currency
        do { currency = try Currency(code: terms.currency) } catch { throw .money(error) }
        func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: currency) }
        let options = terms.options
        let hourly = terms.model.paysHourly
            ? HourlyRates(standard: money(terms.amountMinor), byLevel: options.hourlyRatesByLevel.mapValues(money))
            : nil
        let perTask: Money? = switch terms.model {
        case .hourly: nil
        case .perTask: money(terms.amountMinor)
        case .hourlyAndPerTask: money(options.perTaskMinor ?? 0)
        }
        try self.init(
            projectID: projectID, organizationID: organizationID, currency: currency, hourly: hourly,
            perAcceptedAnswer: perTask,
            qualityBonus: options.bonus.map { QualityBonus(rateBasisPoints: $0.rateBasisPoints, barBasisPoints: $0.barBasisPoints) },
            hourlyFloor: options.hourlyFloorMinor.map(money), rejectedTime: options.rejectedTime)
    }
}
