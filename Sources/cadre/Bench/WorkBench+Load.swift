import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The load phase: every virtual expert loops next → submit until time is up, each on its
/// own kept-alive connection (`ExpertLoop`), all of them on one event loop of this process.
/// The load generator shares the machine with the servers it measures, so it must cost them
/// as little CPU as it can: no task per request, no JSON parser beyond the one id it needs.
struct WorkLoad {
    let fixture: WorkBenchFixture
    let seconds: Double

    func run() async throws -> ExpertRun {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        var runs: [EventLoopFuture<ExpertRun>] = []
        for expert in fixture.experts {
            guard let url = URL(string: expert.baseURL), let host = url.host, let port = url.port, let token = expert.token else {
                throw CadreClient.Failure(status: 0, body: "cannot load \(expert.baseURL) without a host, a port and a token")
            }
            let done = loop.makePromise(of: ExpertRun.self)
            let plan = ExpertLoop.Plan(
                host: "\(host):\(port)", token: token, projectID: fixture.projectID, deadline: deadline)
            let connected = ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ExpertLoop(plan: plan, done: done))
                    }
                }
                .connect(host: host, port: port)
            connected.whenFailure { done.fail($0) }
            runs.append(done.futureResult)
        }
        let finished: Result<[ExpertRun], any Error>
        do { finished = .success(try await EventLoopFuture.whenAllSucceed(runs, on: loop).get()) } catch { finished = .failure(error) }
        try? await group.shutdownGracefully()
        return try finished.get().reduce(into: ExpertRun()) { $0.merge($1) }
    }
}
