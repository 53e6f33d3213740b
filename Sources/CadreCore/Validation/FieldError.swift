import Foundation

/// One problem with one field of a request, named so a person can fix it.
///
/// `field` is a JSON-pointer-like path (`responses[1].content`, `line 12: input.prompt`);
/// `message` says what was expected.
public struct FieldError: Error, Equatable, Hashable, Sendable, Codable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every problem found while validating one value. Validation collects all of them rather
/// than stopping at the first, so a client fixes a request in one round trip.
public struct ValidationFailure: Error, Equatable, Sendable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(field: String, message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }
}

extension JSONValue {
    /// A whole document such as a bank or taxonomy file; JSON that does not parse is one
    /// problem at field `document`, so callers report it like any other field error.
    static func document(parsing data: Data) throws(ValidationFailure) -> JSONValue {
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw ValidationFailure(field: "document", message: error.description)
        }
    }
}
