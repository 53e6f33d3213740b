import CadreCore
import Foundation
import Vapor

/// The expert's earnings page and the client's spend page, drawn from the same data as
/// `GET /api/v1/me/earnings` and `GET /api/v1/projects/{id}/spend`.
struct PayPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("earnings", use: earnings)
        routes.get("projects", ":projectID", "spend", use: spend)
    }

    @Sendable func earnings(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        let currency = try await PayController.currency(req, expert: current.principal.userID)
        let earnings = try await ExpertEarnings.load(expert: current.user, currency: currency, now: req.now, on: req.db)
        let page = EarningsPage(layout: LayoutContext(title: "Earnings", req: req), earnings: earnings, currency: currency)
        return try await req.view.render("pay/earnings", page).encodeResponse(for: req)
    }

    @Sendable func spend(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let spend = try await ProjectSpend.load(project, now: req.now, on: req.db)
        let page = try SpendPage(layout: LayoutContext(title: "Spend · \(project.name)", req: req), project: ProjectSummary(project), spend: spend)
        return try await req.view.render("pay/spend", page).encodeResponse(for: req)
    }
}

/// Money as pages print it: "1,234.50 USD" with the currency's own decimals.
enum MoneyText {
    static func format(_ minor: Int64, _ code: String) -> String {
        guard let currency = try? Currency(code: code) else { return "\(minor) \(code)" }
        return Money(minorUnits: minor, currency: currency).description
    }
}

struct EarningsPage: Encodable {
    struct Line: Encodable {
        var project: String
        var kind: String
        var amount: String
        var explanation: String
    }
    struct Week: Encodable {
        var period: String
        var hours: String
        var answers: Int
        var earnings: String
        var bonuses: String
        var topUps: String
    }

    var layout: LayoutContext
    var period: String
    var hours: String
    var tasks: Int
    var estimated: String
    var pending: String
    var inPayout: String
    var paid: String
    var payLevel: String
    var lines: [Line]
    var history: [Week]

    init(layout: LayoutContext, earnings: ExpertEarnings, currency: Currency) {
        let code = currency.code
        self.layout = layout
        period = earnings.currentPeriod.period
        hours = PayText.hours(earnings.currentPeriod.activeSeconds)
        tasks = earnings.currentPeriod.tasks
        estimated = MoneyText.format(earnings.currentPeriod.estimatedMinor, code)
        pending = MoneyText.format(earnings.pendingMinor, code)
        inPayout = MoneyText.format(earnings.inPayoutMinor, code)
        paid = MoneyText.format(earnings.paidMinor, code)
        payLevel = earnings.payLevel ?? "standard"
        lines = earnings.currentPeriod.lines.map {
            Line(project: $0.projectName, kind: $0.kind.replacingOccurrences(of: "_", with: " "), amount: MoneyText.format($0.amountMinor, code), explanation: $0.explanation)
        }
        history = earnings.history.map {
            Week(period: $0.period, hours: PayText.hours($0.activeSeconds), answers: $0.acceptedAnswers, earnings: MoneyText.format($0.earningsMinor, code),
                 bonuses: MoneyText.format($0.bonusesMinor, code), topUps: MoneyText.format($0.topUpsMinor, code))
        }
    }
}

struct SpendPage: Encodable {
    var layout: LayoutContext
    var project: ProjectSummary
    var posted: String
    var postedCharge: String
    var feePercent: String
    var unposted: String
    var projected: String
    var remainingAnswers: Int
    var hasBudget: Bool
    var cap: String
    var committed: String
    var remaining: String
    var budgetOpen: Bool
    var reason: String
    var chart: BarChart

    init(layout: LayoutContext, project: ProjectSummary, spend: ProjectSpend) throws {
        let code = spend.currency
        self.layout = layout
        self.project = project
        posted = MoneyText.format(spend.postedExpertCostMinor, code)
        postedCharge = MoneyText.format(spend.postedChargeMinor, code)
        feePercent = PayText.percent(spend.feeBasisPoints)
        unposted = MoneyText.format(spend.unpostedEstimateMinor, code)
        projected = spend.projectedCostToFinishMinor.map { MoneyText.format($0, code) } ?? "—"
        remainingAnswers = spend.remainingAnswers
        hasBudget = spend.budget != nil
        cap = spend.budget.map { MoneyText.format($0.capMinor, code) } ?? ""
        committed = spend.budget.map { MoneyText.format($0.committedChargeMinor, code) } ?? ""
        remaining = spend.budget.map { MoneyText.format($0.remainingMinor, code) } ?? ""
        budgetOpen = spend.budget?.status != "committed"
        reason = spend.budget?.reason ?? ""
        chart = BarChart(spend.burn.map { day in
            let amount = MoneyText.format(day.estimatedCostMinor, code)
            return BarChart.Point(value: day.estimatedCostMinor, tick: String(day.day.dropFirst(5)), title: "\(day.day): \(amount)")
        }, tickEvery: 7)
    }
}
