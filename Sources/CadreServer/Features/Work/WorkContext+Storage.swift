import Fluent
import Synchronization
import Vapor

extension Request {
    /// What leasing and submitting need from the application, in one storage lookup.
    var work: WorkContext { application.work }

    /// The database for the work loop's statements. Fluent's `req.db` builds a new `Database`
    /// on every call (a configuration lookup under a lock, the driver's wrapper, the request's
    /// history and pagination settings): about 3 % of a server's CPU under the work loop. This
    /// one is made once per event loop; its logger is the application's, so the work loop's
    /// SQL debug lines carry no request id.
    var workDatabase: any Database {
        application.workDatabases.database(on: eventLoop) { application.newWorkDatabase(on: eventLoop) }
    }
}

extension Application {
    private struct WorkContextKey: StorageKey { typealias Value = WorkContext }

    /// The work loop's parts, stored as one value (set at configuration): a request reads them
    /// with one storage lookup instead of seven. `writer`, `liveLeases`, `leaseFrontiers` and
    /// the others are views of it, so a test that replaces one part replaces it here.
    var work: WorkContext {
        get { storage[WorkContextKey.self]! }
        set { storage[WorkContextKey.self] = newValue }
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
