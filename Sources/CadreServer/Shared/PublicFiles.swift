import Vapor

/// Serves `Public/` — but not for `/api/…` routes, which never name a file. Vapor's file
/// middleware asks the file system about every path it sees, off the event loop; the API is
/// most of the traffic and has no files to find.
struct PublicFiles: Middleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Routing has run: an API route's first component says it all. `url.path` and
        // `url.string` would rebuild the URI's text on every request.
        if request.route?.path.first == .constant("api") { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
