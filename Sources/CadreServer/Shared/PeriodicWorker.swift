import Synchronization
import Vapor

/// Background work that repeats while `cadre serve` serves (tests run the jobs directly):
/// `job` runs every `interval`, first right after boot when `runAtStart`. A failure is logged
/// and the next round tries again; shutting down cancels the loop.
struct PeriodicWorker: LifecycleHandler {
    let name: String
    let interval: Duration
    var runAtStart = false
    let job: @Sendable (Application) async throws -> Void

    static let hourly: Duration = .seconds(3_600)

    func didBootAsync(_ application: Application) async throws {
        let (name, interval, runAtStart, job) = (name, interval, runAtStart, job)
        let task = Task {
            var first = true
            while !Task.isCancelled {
                if !(first && runAtStart) { try? await Task.sleep(for: interval) }
                first = false
                guard !Task.isCancelled else { return }
                do { try await job(application) } catch { application.logger.warning("\(name) failed: \(String(reflecting: error))") }
            }
        }
        application.workerTasks.running.withLock { $0[name] = task }
    }

    func shutdownAsync(_ application: Application) async {
        application.workerTasks.running.withLock { $0.removeValue(forKey: name) }?.cancel()
    }
}

/// The loops started by `PeriodicWorker`s, by name, so each can be cancelled at shutdown.
final class WorkerTasks: Sendable {
    let running = Mutex<[String: Task<Void, Never>]>([:])
}

extension Application {
    private struct WorkerTasksKey: StorageKey { typealias Value = WorkerTasks }

    /// Lifecycle handlers boot and shut down one after another, so creating it here is safe.
    fileprivate var workerTasks: WorkerTasks {
        if let tasks = storage[WorkerTasksKey.self] { return tasks }
        let tasks = WorkerTasks()
        storage[WorkerTasksKey.self] = tasks
        return tasks
    }
}
