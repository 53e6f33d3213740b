import Foundation

/// After the load: read every expert's history back and check what must always hold.
struct WorkInvariants {
    struct Report {
        var storedAnswers = 0
        var violations: [String] = []
    }

    let fixture: WorkBenchFixture

    func check(_ run: ExpertRun) async throws -> Report {
        var report = Report()
        var answered: [String: String] = [:]          // assignment id → state
        var turns = Set<String>()                      // task id + expert
        var perTask: [String: Int] = [:]               // task id → live or accepted answers
        for (index, expert) in fixture.experts.enumerated() {
            var cursor: String?
            repeat {
                let page = try await expert.object(.GET, "/api/v1/assignments?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""))
                for item in page["items"] as? [[String: Any]] ?? [] {
                    guard let id = item["id"] as? String, let state = item["state"] as? String,
                          let task = (item["task"] as? [String: Any])?["id"] as? String else { continue }
                    if answered[id] != nil { report.violations.append("assignment \(id) listed twice") }
                    answered[id] = state
                    if state != "expired" {
                        if !turns.insert("\(task)/\(index)").inserted { report.violations.append("expert \(index) twice on task \(task)") }
                        if ["leased", "submitted", "accepted"].contains(state) { perTask[task, default: 0] += 1 }
                    }
                }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
        }
        for (task, count) in perTask where count > fixture.answersPerTask {
            report.violations.append("task \(task) has \(count) answers, more than k = \(fixture.answersPerTask)")
        }
        for id in run.acknowledged where answered[id] != "accepted" && answered[id] != "submitted" {
            report.violations.append("acknowledged submission \(id) is \(answered[id] ?? "missing")")
        }
        if Set(run.acknowledged).count != run.acknowledged.count { report.violations.append("an assignment was acknowledged twice") }
        report.storedAnswers = answered.values.filter { $0 == "accepted" || $0 == "submitted" }.count
        if report.storedAnswers != run.acknowledged.count {
            report.violations.append("\(report.storedAnswers) answers stored but \(run.acknowledged.count) acknowledged")
        }
        return report
    }
}

struct WorkBenchReport {
    let run: ExpertRun
    let wall: Double
    let invariants: WorkInvariants.Report
    let memory: [Double]

    var text: String {
        let cycles = Double(run.acknowledged.count) / wall
        var lines = [
            String(format: "cycles (next + submit): %d in %.1f s = %.0f/s", run.acknowledged.count, wall, cycles),
            String(format: "next:   p50 %.1f ms  p99 %.1f ms  (%d calls)", run.next.percentile(50), run.next.percentile(99), run.next.count),
            String(format: "submit: p50 %.1f ms  p99 %.1f ms  (%d calls)", run.submit.percentile(50), run.submit.percentile(99), run.submit.count),
        ]
        if !memory.isEmpty { lines.append("server peak memory: " + memory.map { String(format: "%.0f MiB", $0) }.joined(separator: ", ")) }
        lines.append("failed calls: \(run.failures.count)" + (run.failures.first.map { " (first: \($0))" } ?? ""))
        lines.append(invariants.violations.isEmpty
            ? "invariants: hold (\(invariants.storedAnswers) answers stored, each acknowledged once, none over k, no expert twice on a task)"
            : "INVARIANTS VIOLATED:\n  " + invariants.violations.prefix(20).joined(separator: "\n  "))
        return lines.joined(separator: "\n")
    }
}
