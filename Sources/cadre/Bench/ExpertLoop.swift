import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One virtual expert on one HTTP/1.1 connection: `next`, then `submit` of a random label
/// with the assignment id as its `Idempotency-Key`, and again, until the deadline passes or
/// the project has no work left (204). Every call's latency and outcome goes into its run.
final class ExpertLoop: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    struct Plan {
        var host: String
        var token: String
        var projectID: String
        var deadline: UInt64
    }

    private enum Call {
        case next
        case submit(assignmentID: String)
    }

    static let labels = ["positive", "negative", "neutral"]

    private let plan: Plan
    private let done: EventLoopPromise<ExpertRun>
    private var run = ExpertRun()
    private var call = Call.next
    private var started: UInt64 = 0
    private var status = 0
    private var body = ByteBuffer()
    private var finished = false

    init(plan: Plan, done: EventLoopPromise<ExpertRun>) {
        self.plan = plan
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        send(.next, context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            answered(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, error: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, error: finished ? nil : ChannelError.ioOnClosedChannel)
    }

    private func answered(context: ChannelHandlerContext) {
        let latency = elapsed(since: started)
        switch call {
        case .next:
            run.next.record(latency)
            if status == 204 { return finish(context: context, error: nil) }
            guard status == 200 || status == 201, let id = Self.assignmentID(in: body) else {
                run.failures.append("next: HTTP \(status) \(body.getString(at: body.readerIndex, length: min(200, body.readableBytes)) ?? "")")
                return goOn(context: context)
            }
            send(.submit(assignmentID: id), context: context)
        case .submit(let id):
            run.submit.record(latency)
            if status == 200 || status == 201 {
                run.acknowledged.append(id)
            } else {
                run.failures.append("submit: HTTP \(status) \(body.getString(at: body.readerIndex, length: min(200, body.readableBytes)) ?? "")")
            }
            goOn(context: context)
        }
    }

    private func goOn(context: ChannelHandlerContext) {
        if DispatchTime.now().uptimeNanoseconds < plan.deadline {
            send(.next, context: context)
        } else {
            finish(context: context, error: nil)
        }
    }

    private func send(_ call: Call, context: ChannelHandlerContext) {
        self.call = call
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: plan.host)
        headers.add(name: "Authorization", value: "Bearer \(plan.token)")
        let uri: String
        var payload: ByteBuffer?
        switch call {
        case .next:
            uri = "/api/v1/projects/\(plan.projectID)/assignments/next"
            headers.add(name: "Content-Length", value: "0")
        case .submit(let id):
            uri = "/api/v1/assignments/\(id)/submit"
            let json = #"{"answer":{"label":"\#(Self.labels.randomElement()!)"}}"#
            payload = context.channel.allocator.buffer(string: json)
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(json.utf8.count))
            headers.add(name: "Idempotency-Key", value: id)
        }
        started = DispatchTime.now().uptimeNanoseconds
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: uri, headers: headers))), promise: nil)
        if let payload { context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func finish(context: ChannelHandlerContext, error: (any Error)?) {
        guard !finished else { return }
        finished = true
        if let error { done.fail(error) } else { done.succeed(run) }
        context.close(promise: nil)
    }

    /// The assignment's `id`: the response's top-level field, decoded without the rest.
    private static func assignmentID(in body: ByteBuffer) -> String? {
        struct Lease: Decodable { var id: String }
        return try? JSONDecoder().decode(Lease.self, from: body).id
    }
}
