import CadreCore
import Vapor

/// Weekly payout batches (admins): run a closed week, list and read batches, export one as
/// CSV for the payment processor, and mark it paid once the processor confirms.
struct PayoutsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let runs = routes.grouped("payouts", "runs")
        runs.post(use: run)
        runs.get(use: list)
        runs.get(":batchID", use: show)
        runs.get(":batchID", "csv", use: csv)
        runs.post(":batchID", "paid", use: markPaid)
    }

    /// 201 when the batch was posted now; 200 for a rerun (the batch as first posted) or for
    /// a week in which nobody was owed the minimum (nothing to post).
    @Sendable func run(req: Request) async throws -> Response {
        try req.authorize(.managePayments)
        let (period, minimum) = try req.content.decode(PayoutRunRequest.self).validated()
        let run = try await PayoutRuns.run(period: period, minimum: minimum, now: req.now, writer: req.writer, on: req.db)
        return try await PayoutBatchResponse(run).encodeResponse(status: run.created ? .created : .ok, for: req)
    }

    @Sendable func list(req: Request) async throws -> Page<PayoutBatchResponse> {
        try req.authorize(.managePayments)
        var errors: [FieldError] = []
        let limit = PageRequest.limit(from: req, errors: &errors)
        if !errors.isEmpty { throw Problem.validation(errors) }
        let cursor = req.query[String.self, at: "cursor"].flatMap { $0.isEmpty ? nil : $0 }
        let (runs, next) = try await PayoutRuns.list(limit: limit, after: cursor, on: req.db)
        return Page(items: runs.map(PayoutBatchResponse.init), nextCursor: next)
    }

    @Sendable func show(req: Request) async throws -> PayoutBatchResponse {
        try req.authorize(.managePayments)
        return PayoutBatchResponse(try await PayoutRuns.find(req.parameters.get("batchID") ?? "", on: req.db))
    }

    @Sendable func csv(req: Request) async throws -> Response {
        try req.authorize(.managePayments)
        let run = try await PayoutRuns.find(req.parameters.get("batchID") ?? "", on: req.db)
        return BillingController.csv(run.batch.csv, filename: run.batch.id)
    }

    @Sendable func markPaid(req: Request) async throws -> PayoutBatchResponse {
        try req.authorize(.managePayments)
        return PayoutBatchResponse(try await PayoutRuns.markPaid(req.parameters.get("batchID") ?? "", now: req.now, on: req.db))
    }
}
