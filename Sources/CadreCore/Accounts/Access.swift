import Foundation

/// Something a principal wants to do, named with the row it touches when there is one.
public enum Action: Sendable, Equatable {
    case readOwnAccount
    case listUsers
    case createUser
    case listOrganizations
    case createOrganization
    case readOrganization(UUID)
    case manageMembers(UUID)
    /// Rename an organization or set its platform fee rate.
    case updateOrganization
    /// Fund organizations, run payout batches, mark them paid, issue invoices: platform operations.
    case managePayments
    /// See an organization's balance and invoices: its own clients.
    case readBilling(organization: UUID)
    /// Create, edit, move, import into or read the progress of a project of this organization.
    case manageProject(organization: UUID)
    /// See a project: its organization's clients, or an expert who qualifies for it.
    case readProject(organization: UUID, expertQualifies: Bool)
    case listProjects
    case grantQualification
    case readQualifications(expert: UUID)
    /// Ask for the next task; only experts work, and only on projects they qualify for.
    case leaseWork
    /// Heartbeat, skip or submit an assignment held by `holder`.
    case workOnAssignment(holder: UUID)
    /// Review a project's submissions: experts holding its reviewer qualification.
    case review(isReviewer: Bool)
    /// Read or change an application and take its interviews: the candidate (or expert) who owns it.
    case manageApplication(owner: UUID)
    /// Decide on candidates, resolve appeals, manage item banks and decision policies, see the funnel.
    case recruit
    /// Search experts: admins see names, clients pseudonyms.
    case searchExperts
}

/// The outcome of an access check.
public enum AccessDecision: Sendable, Equatable {
    case allow
    /// No credentials, or expired ones: 401.
    case unauthenticated
    /// Signed in, but this role may never do this: 403.
    case forbidden
    /// The row belongs to someone else; answering 404 keeps its existence private.
    case notFound
}

/// The one place that decides whether a principal may perform an action.
///
/// Every route asks here; `AccessMatrixTests` walks every route with every role, so a rule
/// changed here shows up as a changed row in that table.
public enum AccessPolicy {
    public static func decide(_ principal: Principal?, _ action: Action) -> AccessDecision {
        guard let principal else { return .unauthenticated }
        if principal.role == .admin { return .allow }
        switch action {
        case .readOwnAccount:
            return .allow
        case .listUsers, .createUser, .createOrganization, .updateOrganization, .managePayments:
            return .forbidden
        case .listOrganizations:
            // Clients list only their own organization; the listing query applies the filter.
            return principal.role == .client ? .allow : .forbidden
        case .readOrganization(let id), .manageMembers(let id), .manageProject(let id), .readBilling(let id):
            guard principal.role == .client else { return .forbidden }
            return principal.organizationID == id ? .allow : .notFound
        case .readProject(let organization, let qualifies):
            switch principal.role {
            case .client: return principal.organizationID == organization ? .allow : .notFound
            case .expert: return qualifies ? .allow : .notFound
            default: return .forbidden
            }
        case .listProjects:
            return principal.role == .candidate ? .forbidden : .allow
        case .grantQualification:
            return .forbidden
        case .readQualifications(let expert):
            return principal.userID == expert ? .allow : .forbidden
        case .leaseWork:
            return principal.role == .expert ? .allow : .forbidden
        case .workOnAssignment(let holder):
            guard principal.role == .expert else { return .forbidden }
            return principal.userID == holder ? .allow : .notFound
        case .review(let isReviewer):
            guard principal.role == .expert else { return .forbidden }
            return isReviewer ? .allow : .forbidden
        case .manageApplication(let owner):
            guard principal.role == .candidate || principal.role == .expert else { return .forbidden }
            return principal.userID == owner ? .allow : .notFound
        case .recruit:
            return .forbidden
        case .searchExperts:
            return principal.role == .client ? .allow : .forbidden
        }
    }
}
