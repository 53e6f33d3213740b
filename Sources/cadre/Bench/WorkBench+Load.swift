import Foundation

/// The load phase: every virtual expert loops next → submit until time is up.
struct WorkLoad {
    let fixture: WorkBenchFixture
    let seconds: Double

    static let labels = ["positive", "negative", "neutral"]

    func run() async throws -> ExpertRun {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let projectID = fixture.projectID
        return try await withThrowingTaskGroup(of: ExpertRun.self) { group in
            for expert in fixture.experts {
                group.addTask { try await Self.loop(expert, projectID: projectID, until: deadline) }
            }
            var total = ExpertRun()
            for try await run in group { total.merge(run) }
            return total
        }
    }

    private static func loop(_ expert: CadreClient, projectID: String, until deadline: UInt64) async throws -> ExpertRun {
        var run = ExpertRun()
        while DispatchTime.now().uptimeNanoseconds < deadline {
            var started = DispatchTime.now().uptimeNanoseconds
            let (status, body) = try await expert.send(.POST, "/api/v1/projects/\(projectID)/assignments/next")
            run.next.record(elapsed(since: started))
            if status == 204 { break }
            guard status == 200 || status == 201,
                  let lease = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let id = lease["id"] as? String
            else {
                run.failures.append("next: HTTP \(status) \(String(decoding: body.prefix(200), as: UTF8.self))")
                continue
            }
            started = DispatchTime.now().uptimeNanoseconds
            let (submitted, answer) = try await expert.send(
                .POST, "/api/v1/assignments/\(id)/submit", json: ["answer": ["label": labels.randomElement()!]],
                headers: [("Idempotency-Key", id)])
            run.submit.record(elapsed(since: started))
            if submitted == 200 || submitted == 201 {
                run.acknowledged.append(id)
            } else {
                run.failures.append("submit: HTTP \(submitted) \(String(decoding: answer.prefix(200), as: UTF8.self))")
            }
        }
        return run
    }
}
