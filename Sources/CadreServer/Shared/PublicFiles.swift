import Vapor

/// Serves `Public/` — but not for `/api/…` paths, which never name a file. Vapor's file
/// middleware asks the file system about every path it sees, off the event loop; the API is
/// most of the traffic and has no files to find.
struct PublicFiles: Middleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // The raw target, not `url.path`, which parses the URI again on every call.
        if request.url.string.hasPrefix("/api/") { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
