import Foundation

extension Invoice {
    /// Checks the invoice against the ledger to the cent: recomputing it from the ledger
    /// gives the same lines, its lines add up to its totals, each total is cost plus fee,
    /// and its fee posting is in the ledger with exactly the invoiced fee.
    public func reconcile(with ledger: Ledger) throws(InvoiceError) {
        var differences: [String] = []
        let recomputed = try Invoice.compute(
            organization: organizationID, month: month, currency: currency, feeBasisPoints: feeBasisPoints, ledger: ledger)
        if recomputed.lines != lines { differences.append("project lines differ from the ledger's expert-cost postings") }
        do {
            for line in lines where try line.expertCost.adding(line.platformFee) != line.total {
                differences.append("project \(line.projectID): cost + fee ≠ total")
            }
            if try Money.sum(lines.map(\.expertCost), in: currency) != expertCost { differences.append("expert cost ≠ sum of lines") }
            if try Money.sum(lines.map(\.platformFee), in: currency) != platformFee { differences.append("platform fee ≠ sum of lines") }
            if try expertCost.adding(platformFee) != total { differences.append("total ≠ expert cost + platform fee") }
        } catch {
            throw .money(error)
        }
        let expected: Posting?
        do { expected = try posting() } catch { throw .doesNotReconcile(["fee posting: \(error)"]) }
        switch (expected, ledger.posting(id: id)) {
        case (nil, nil): break
        case (let expected?, let posted?) where expected.isSameEvent(as: posted): break
        case (_?, nil): differences.append("fee posting \(id) is not in the ledger")
        default: differences.append("fee posting \(id) in the ledger differs from the invoiced fee \(platformFee)")
        }
        guard differences.isEmpty else { throw .doesNotReconcile(differences) }
    }

    /// CSV with one row per project and a final total row:
    /// `invoice_id,organization_id,month,project_id,expert_hours,accepted_answers,expert_cost,platform_fee,total,currency`.
    /// Hours have two decimals (rounded half to even from seconds); money is exact.
    public var csv: String {
        let header = ["invoice_id", "organization_id", "month", "project_id", "expert_hours", "accepted_answers",
                      "expert_cost", "platform_fee", "total", "currency"]
        func row(_ project: String, _ usage: WorkUsage, _ cost: Money, _ fee: Money, _ total: Money) -> [String] {
            [id, organizationID.uuidString, month.description, project, PayText.hours(usage.activeSeconds),
             String(usage.acceptedAnswers), cost.decimalString, fee.decimalString, total.decimalString, currency.code]
        }
        let usage = lines.reduce(WorkUsage()) {
            WorkUsage(activeSeconds: $0.activeSeconds + $1.usage.activeSeconds, acceptedAnswers: $0.acceptedAnswers + $1.usage.acceptedAnswers)
        }
        let rows = lines.map { row($0.projectID.uuidString, $0.usage, $0.expertCost, $0.platformFee, $0.total) }
            + [row("TOTAL", usage, expertCost, platformFee, total)]
        return CSVText.document(header: header, rows: rows)
    }
}
