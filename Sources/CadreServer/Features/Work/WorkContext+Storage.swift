import Fluent
import Synchronization
import Vapor

extension Request {
    /// What leasing and submitting need from the application, read from storage once: the
    /// context is assembled when its parts are set, not on every request (seven storage
    /// lookups, about 2 % of a server's CPU under the work loop).
    var work: WorkContext {
        application.storage[WorkContextKey.self] ?? application.assembledWorkContext
    }

    /// The database for the work loop's statements. Fluent's `req.db` builds a new `Database`
    /// on every call (a configuration lookup under a lock, the driver's wrapper, the request's
    /// history and pagination settings): about 3 % of a server's CPU under the work loop. This
    /// one is made once per event loop; its logger is the application's, so the work loop's
    /// SQL debug lines carry no request id.
    var workDatabase: any Database {
        application.workDatabases.database(on: eventLoop) { application.newWorkDatabase(on: eventLoop) }
    }
}

private struct WorkContextKey: StorageKey { typealias Value = WorkContext }

extension Application {
    fileprivate var assembledWorkContext: WorkContext {
        WorkContext(
            writer: writer, reclaims: reclaimSchedule, leases: liveLeases, frontiers: leaseFrontiers,
            leaseBatches: leaseBatches, submitBatches: submitBatches, goldDraw: goldDraw)
    }

    /// Keeps the assembled context from now on; once every part is set (end of `configure`).
    func keepWorkContext() {
        storage[WorkContextKey.self] = assembledWorkContext
    }

    /// Called by each part's setter: a kept context is assembled again. Parts change only while
    /// the application is being set up (configuration, or a test before its requests), never
    /// while requests read storage.
    func workContextChanged() {
        if storage[WorkContextKey.self] != nil { keepWorkContext() }
    }

    private struct WorkDatabasesKey: StorageKey { typealias Value = WorkDatabases }

    var workDatabases: WorkDatabases {
        get { storage[WorkDatabasesKey.self]! }
        set { storage[WorkDatabasesKey.self] = newValue }
    }

    fileprivate func newWorkDatabase(on eventLoop: any EventLoop) -> any Database {
        databases.database(nil, logger: logger, on: eventLoop, history: nil, pageSizeLimit: fluent.pagination.pageSizeLimit)!
    }
}

/// One `Database` per event loop, made on first use (`Request.workDatabase`).
final class WorkDatabases: Sendable {
    private let byLoop = Mutex<[ObjectIdentifier: any Database]>([:])

    func database(on eventLoop: any EventLoop, make: () -> any Database) -> any Database {
        let key = ObjectIdentifier(eventLoop)
        if let known = byLoop.withLock({ $0[key] }) { return known }
        let made = make()
        return byLoop.withLock { databases in
            if let known = databases[key] { return known }
            databases[key] = made
            return made
        }
    }
}
