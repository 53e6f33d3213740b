import Foundation
import NIOPosix
import Synchronization

/// The thread and the connection direct writes run on. The connection opens on first use
/// (after migrations, so its statements compile against the final schema) and lives as long
/// as the application.
final class DirectLane: Sendable {
    let path: String
    /// One thread: a group's statements run back to back without a hand-off between them.
    private let thread = NIOThreadPool(numberOfThreads: 1)
    /// Touched only on `thread`.
    private nonisolated(unsafe) var connection: DirectConnection?

    init(path: String) {
        self.path = path
        thread.start()
    }

    /// Runs `work` on the lane's thread with the connection.
    func run<T: Sendable>(_ work: @escaping @Sendable (DirectConnection) throws -> T) async throws -> T {
        try await thread.runIfActive { [self] in
            if connection == nil { connection = try DirectConnection(path: path) }
            return try work(connection!)
        }
    }

    /// Closes the connection and stops the thread.
    func shutdown() async {
        _ = try? await thread.runIfActive { [self] in connection = nil }
        try? await thread.shutdownGracefully()
    }
}

extension DatabaseWriter {
    /// Runs a group of direct writes in one transaction on the lane's thread, as the Fluent
    /// lane does: without savepoints first, and if a body failed in a group of several, rolled
    /// back and run again with a savepoint each.
    func commitDirect(_ bodies: [@Sendable (DirectConnection, TransactionMemo) -> Outcome], fail: [@Sendable (any Error) -> Void], on lane: DirectLane) async {
        do {
            let deliveries = try await lane.run { connection in
                if let deliveries = try Self.runDirect(bodies, on: connection, savepoints: false) { return deliveries }
                return try Self.runDirect(bodies, on: connection, savepoints: true)!
            }
            deliveries.forEach { $0(nil) }
        } catch {
            // Nothing of this group was committed: every caller learns so.
            fail.forEach { $0(error) }
        }
    }

    /// The group's deliveries once committed; nil (rolled back) if a body failed, without
    /// savepoints, in a group of several.
    private static func runDirect(
        _ bodies: [@Sendable (DirectConnection, TransactionMemo) -> Outcome], on connection: DirectConnection, savepoints: Bool
    ) throws -> [@Sendable ((any Error)?) -> Void]? {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let memo = TransactionMemo()
            var deliveries: [@Sendable ((any Error)?) -> Void] = []
            var failed = false
            for body in bodies {
                if savepoints { try connection.execute("SAVEPOINT cadre_write") }
                let (succeeded, deliver) = body(connection, savepoints ? TransactionMemo() : memo)
                if !succeeded {
                    if savepoints {
                        try connection.execute("ROLLBACK TO cadre_write")
                    } else if bodies.count > 1 {
                        try connection.execute("ROLLBACK")
                        return nil
                    } else {
                        failed = true  // Alone: rolling back undoes only its own work.
                    }
                }
                if savepoints { try connection.execute("RELEASE cadre_write") }
                deliveries.append(deliver)
            }
            try connection.execute(failed ? "ROLLBACK" : "COMMIT")
            return deliveries
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
