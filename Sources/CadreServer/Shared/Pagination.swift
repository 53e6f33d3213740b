import CadreCore
import Fluent
import Vapor

/// `?limit=&cursor=` for every list endpoint. Ids are time-ordered, so the stable order is the
/// id order and the cursor is the last id of the previous page.
struct PageRequest: Sendable {
    static let defaultLimit = 50
    static let maximumLimit = 200

    var limit: Int
    var after: UUID?

    init(limit: Int = PageRequest.defaultLimit, after: UUID? = nil) {
        self.limit = limit
        self.after = after
    }

    init(from req: Request) throws {
        var errors: [FieldError] = []
        limit = Self.limit(from: req, errors: &errors)
        if let raw = req.query[String.self, at: "cursor"], !raw.isEmpty {
            if let id = UUID(uuidString: raw) {
                after = id
            } else {
                errors.append(FieldError(field: "cursor", message: "expected the next_cursor of a previous page"))
            }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// `?limit=`, for lists whose cursor is not an id (payout batches are named by period).
    static func limit(from req: Request, errors: inout [FieldError]) -> Int {
        guard let raw = req.query[String.self, at: "limit"] else { return defaultLimit }
        if let value = Int(raw), (1...maximumLimit).contains(value) { return value }
        errors.append(FieldError(field: "limit", message: "expected an integer from 1 to \(maximumLimit), got '\(raw)'"))
        return defaultLimit
    }

    /// Runs `query` for one page, ordered by id.
    func fetch<M: Model>(_ query: QueryBuilder<M>) async throws -> (items: [M], nextCursor: String?) where M.IDValue == UUID {
        if let after { query.filter(\M._$id > after) }
        let rows = try await query.sort(\M._$id, .ascending).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last?.id?.uuidString : nil
        return (page, next)
    }
}

/// One page of a list, with the cursor for the next page (absent on the last page).
struct Page<Item: Content>: Content {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}
