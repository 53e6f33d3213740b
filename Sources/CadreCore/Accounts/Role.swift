import Foundation

/// What a user is on the platform. Reviewer is not a role: it is a per-project qualification.
public enum Role: String, Codable, CaseIterable, Sendable {
    case admin, client, expert, candidate
}

/// Who is making a request, as the access policy needs to know it.
public struct Principal: Sendable, Equatable {
    public var userID: UUID
    public var role: Role
    /// The client organization the user belongs to (clients only).
    public var organizationID: UUID?

    public init(userID: UUID, role: Role, organizationID: UUID? = nil) {
        self.userID = userID
        self.role = role
        self.organizationID = organizationID
    }
}
