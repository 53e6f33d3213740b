import CadreCore
import Vapor

/// An invoice as the API shows it: the core `Invoice` with project names and its status.
struct InvoiceResponse: Content {
    struct Line: Content {
        var projectId: UUID
        var projectName: String
        /// Two decimals, rounded half to even from `active_seconds`.
        var expertHours: String
        var activeSeconds: Int64
        var acceptedAnswers: Int
        var expertCostMinor: Int64
        var platformFeeMinor: Int64
        var totalMinor: Int64

        enum CodingKeys: String, CodingKey {
            case projectId = "project_id", projectName = "project_name", expertHours = "expert_hours"
            case activeSeconds = "active_seconds", acceptedAnswers = "accepted_answers", expertCostMinor = "expert_cost_minor"
            case platformFeeMinor = "platform_fee_minor", totalMinor = "total_minor"
        }
    }

    var id: String
    var organizationId: UUID
    var organizationName: String
    var month: String
    var currency: String
    var feeBasisPoints: Int
    var status: String
    var monthClosed: Bool
    var issuedAt: Date?
    var lines: [Line]
    var expertCostMinor: Int64
    var platformFeeMinor: Int64
    var totalMinor: Int64
    var discrepancies: [String]

    enum CodingKeys: String, CodingKey {
        case id, month, currency, status, lines, discrepancies
        case organizationId = "organization_id", organizationName = "organization_name", feeBasisPoints = "fee_basis_points"
        case monthClosed = "month_closed", issuedAt = "issued_at", expertCostMinor = "expert_cost_minor"
        case platformFeeMinor = "platform_fee_minor", totalMinor = "total_minor"
    }

    init(_ statement: Invoicing.Statement) {
        let invoice = statement.invoice
        id = invoice.id
        organizationId = invoice.organizationID
        organizationName = statement.organizationName
        month = invoice.month.description
        currency = invoice.currency.code
        feeBasisPoints = invoice.feeBasisPoints
        status = statement.status.rawValue
        monthClosed = statement.monthClosed
        issuedAt = statement.issuedAt
        lines = invoice.lines.map { line in
            Line(projectId: line.projectID, projectName: statement.projectName(line.projectID),
                 expertHours: PayText.hours(line.usage.activeSeconds), activeSeconds: line.usage.activeSeconds,
                 acceptedAnswers: line.usage.acceptedAnswers, expertCostMinor: line.expertCost.minorUnits,
                 platformFeeMinor: line.platformFee.minorUnits, totalMinor: line.total.minorUnits)
        }
        expertCostMinor = invoice.expertCost.minorUnits
        platformFeeMinor = invoice.platformFee.minorUnits
        totalMinor = invoice.total.minorUnits
        discrepancies = statement.discrepancies
    }
}

/// One month in an organization's list of invoices.
struct InvoiceSummary: Content {
    var month: String
    var currency: String
    var status: String
    var monthClosed: Bool
    var expertCostMinor: Int64
    var platformFeeMinor: Int64
    var totalMinor: Int64

    enum CodingKeys: String, CodingKey {
        case month, currency, status
        case monthClosed = "month_closed", expertCostMinor = "expert_cost_minor"
        case platformFeeMinor = "platform_fee_minor", totalMinor = "total_minor"
    }

    init(_ statement: Invoicing.Statement) {
        month = statement.invoice.month.description
        currency = statement.invoice.currency.code
        status = statement.status.rawValue
        monthClosed = statement.monthClosed
        expertCostMinor = statement.invoice.expertCost.minorUnits
        platformFeeMinor = statement.invoice.platformFee.minorUnits
        totalMinor = statement.invoice.total.minorUnits
    }
}
