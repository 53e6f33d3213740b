import Vapor

extension Request {
    static let maxIdempotencyKeyLength = 200

    /// The required `Idempotency-Key` header of a request that must not take effect twice;
    /// `purpose` finishes the sentence telling a caller who forgot it why it is needed.
    func idempotencyKey(so purpose: String) throws -> String {
        guard let key = headers.first(name: "Idempotency-Key").map(Self.trimmingWhitespace), !key.isEmpty else {
            throw Problem(
                status: .badRequest, code: "idempotency_key_required", title: "Idempotency-Key required",
                detail: "Send an Idempotency-Key header (any unique string, such as a UUID) so \(purpose).")
        }
        guard key.count <= Self.maxIdempotencyKeyLength else {
            throw Problem.validation(field: "Idempotency-Key", "at most \(Self.maxIdempotencyKeyLength) characters")
        }
        return key
    }

    /// `trimmingCharacters(in: .whitespaces)` without Foundation's copy into an `NSString`:
    /// a header value rarely has any, and this runs on every submit.
    static func trimmingWhitespace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, CharacterSet.whitespaces.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, CharacterSet.whitespaces.contains(last) { scalars.removeLast() }
        return scalars.count == text.unicodeScalars.count ? text : String(scalars)
    }
}
