import Fluent
import Vapor

/// The answers the work loop needs on every request and that rarely change, kept for
/// `CadreConfiguration.readCacheSeconds`: who holds a token, what an expert is qualified for,
/// a project's settings and state, and who is paused from a project.
///
/// Every Fluent write of those rows in this instance — through any code path — removes the
/// affected entries (`CacheInvalidation`), so revoking a token or pausing a project takes
/// effect here at once. With several instances, another instance keeps its copy for at most
/// `readCacheSeconds`: a revoked token or a paused project can still be used there for that long.
///
/// Cached models are shared by concurrent requests: code that reads them never mutates them.
final class ReadCaches: Sendable {
    /// `"kind:token-hash"` → the signed-in user.
    let signedIn: ShortLivedCache<String, CurrentUser>
    /// Expert id → qualifications.
    let expertProfiles: ShortLivedCache<UUID, ExpertProfile>
    /// Project id → the project row.
    let projects: ShortLivedCache<UUID, Project>
    /// Project id → the experts paused from it, with the reason shown to them.
    let pausedExperts: ShortLivedCache<UUID, [UUID: String]>

    init(lifetime: TimeInterval) {
        signedIn = ShortLivedCache(lifetime: lifetime)
        expertProfiles = ShortLivedCache(lifetime: lifetime)
        projects = ShortLivedCache(lifetime: lifetime)
        pausedExperts = ShortLivedCache(lifetime: lifetime)
    }

    /// Registers the model middlewares that keep the caches honest; after the database.
    func install(on app: Application) {
        let middleware = app.databases.middleware
        // A new token or project cannot be cached yet: absence is never cached.
        middleware.use(CacheInvalidation<AccessToken> { [signedIn] token, write in
            guard write != .create else { return nil }
            let key = TokenAuthenticator.cacheKey(kind: token.kind, hash: token.tokenHash)
            return CacheWrite(signedIn, key)
        })
        middleware.use(CacheInvalidation<User> { [signedIn] user, write in
            // A new user has no sessions yet.
            guard write != .create else { return nil }
            let id = user.id
            return CacheWrite(removing: { signedIn.removeAll { _, current in current.user.id == id } })
        })
        middleware.use(CacheInvalidation<Qualification> { [expertProfiles] qualification, _ in
            let expertID = qualification.$user.id
            return CacheWrite(expertProfiles, expertID)
        })
        middleware.use(CacheInvalidation<Project> { [projects] project, write in
            guard write != .create, let id = project.id else { return nil }
            return CacheWrite(projects, id)
        })
        middleware.use(CacheInvalidation<ExpertStanding> { [pausedExperts] standing, write in
            // Standings are saved with every gold answer; only a pause or a reinstatement that
            // the cached set does not show matters. (A set being loaded during the save may
            // miss it: that staleness lasts one lifetime at most.)
            let projectID = standing.$project.id
            guard let cached = pausedExperts.cachedValue(for: projectID) else { return nil }
            let shown = cached[standing.$expert.id]
            if write != .delete, shown == (standing.paused ? standing.pauseReason ?? "" : nil) { return nil }
            return CacheWrite(pausedExperts, projectID)
        })
    }
}

/// Around every create, update and delete of `M`, asks `invalidation` which entries the write
/// affects, and removes them before the write, so no request trusts the old value while it
/// runs, and again after it, so a value read in between is dropped too.
///
/// A write outside a transaction has committed when it returns, so its entries may be cached
/// again at once; one inside a transaction may not have, so they are held for one lifetime
/// (`ShortLivedCache.endWrite`). Without that difference, a project just activated was read
/// from the database on every request to this instance for one lifetime.
struct CacheInvalidation<M: Model>: ModelMiddleware {
    enum Write { case create, update, delete }

    let invalidation: @Sendable (M, Write) -> CacheWrite?

    func create(model: M, on db: any Database, next: any AnyModelResponder) -> EventLoopFuture<Void> {
        around(invalidation(model, .create), db) { next.create(model, on: db) }
    }

    func update(model: M, on db: any Database, next: any AnyModelResponder) -> EventLoopFuture<Void> {
        around(invalidation(model, .update), db) { next.update(model, on: db) }
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyModelResponder) -> EventLoopFuture<Void> {
        around(invalidation(model, .delete), db) { next.delete(model, force: force, on: db) }
    }

    private func around(_ cached: CacheWrite?, _ db: any Database, _ write: () -> EventLoopFuture<Void>) -> EventLoopFuture<Void> {
        guard let cached else { return write() }
        let committed = !db.inTransaction && !DatabaseWriter.runsGroup
        cached.begin()
        return write().always { _ in cached.end(committed) }
    }
}

/// What a write does to a cache around itself: see `CacheInvalidation`.
struct CacheWrite: Sendable {
    let begin: @Sendable () -> Void
    let end: @Sendable (_ committed: Bool) -> Void

    /// One key's entry.
    init<Key, Value>(_ cache: ShortLivedCache<Key, Value>, _ key: Key) {
        begin = { cache.beginWrite(key) }
        end = { cache.endWrite(key, committed: $0) }
    }

    /// A sweeping removal, the same before and after the write (it holds the cache for one
    /// lifetime whether or not the write committed).
    init(removing remove: @escaping @Sendable () -> Void) {
        begin = remove
        end = { _ in remove() }
    }
}

extension Application {
    private struct ReadCachesKey: StorageKey { typealias Value = ReadCaches }

    var readCaches: ReadCaches {
        get { storage[ReadCachesKey.self]! }
        set { storage[ReadCachesKey.self] = newValue }
    }
}

extension Request {
    var readCaches: ReadCaches { application.readCaches }
}
