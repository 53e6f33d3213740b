import CadreCore
import Vapor

/// What the shared layout needs on every page.
struct LayoutContext: Encodable {
    var title: String
    var csrf: String
    var user: UserResponse?
    var isAdmin: Bool
    var isClient: Bool
    var isExpert: Bool
    /// Candidates and experts both have an application page (experts may apply for more domains).
    var hasApplication: Bool
    var notice: String?
    var error: String?
    /// Page scripts from `Public/js`, loaded deferred (the policy allows no inline script).
    var scripts: [String] = []
    /// Workspaces use the full width of large screens; the top bar follows the page width.
    var wide = false

    init(title: String, req: Request, notice: String? = nil, error: String? = nil) {
        self.title = title
        // Pages outside the CSRF middleware (error pages) still sign out with the cookie's token.
        self.csrf = req.csrfToken.isEmpty ? req.cookies[CSRFMiddleware.cookie]?.string ?? "" : req.csrfToken
        self.user = req.currentUser.map { UserResponse($0.user) }
        let role = req.currentUser?.user.role
        self.isAdmin = role == .admin
        self.isClient = role == .client || role == .admin
        self.isExpert = role == .expert
        self.hasApplication = role == .candidate || role == .expert
        self.notice = notice ?? Notice.message(for: req)
        self.error = error
    }
}

/// Confirmations shown after a redirect. The query carries only a code, so a crafted link
/// cannot make a Cadre page display text of the sender's choosing.
enum Notice: String {
    case organizationCreated = "organization_created"
    case clipsRechecked = "clips_rechecked"
    case snapshotTaken = "snapshot_taken"
    case userCreated = "user_created"
    case projectCreated = "project_created"
    case projectSaved = "project_saved"
    case projectMoved = "project_moved"
    case profileSaved = "profile_saved"
    case resumeSaved = "resume_saved"
    case skillsSaved = "skills_saved"
    case applicationSubmitted = "application_submitted"
    case appealSent = "appeal_sent"
    case candidateDecided = "candidate_decided"
    case appealResolved = "appeal_resolved"

    var message: String {
        switch self {
        case .organizationCreated: return "Organization created."
        case .clipsRechecked: return "Clips waiting for a check were checked again."
        case .snapshotTaken: return "Snapshot taken: its files are ready to download."
        case .userCreated: return "User created."
        case .projectCreated: return "Project created as a draft. Import tasks, then activate it."
        case .projectSaved: return "Project saved."
        case .projectMoved: return "Project state changed."
        case .profileSaved: return "Profile saved."
        case .resumeSaved: return "Resume saved. Check the skills found in it below."
        case .skillsSaved: return "Skills confirmed."
        case .applicationSubmitted: return "Application submitted. You can start your interviews now."
        case .appealSent: return "Appeal sent. An administrator will look at your interview again."
        case .candidateDecided: return "Decision recorded."
        case .appealResolved: return "Appeal resolved."
        }
    }

    static func message(for req: Request) -> String? {
        req.query[String.self, at: "notice"].flatMap(Notice.init(rawValue:))?.message
    }

    /// `path` with this notice attached.
    func on(_ path: String) -> String { "\(path)?notice=\(rawValue)" }
}

struct SignInPage: Encodable {
    var layout: LayoutContext
    var email: String
    /// Shown inside the sign-in card rather than above it.
    var error: String?
}

struct HomePage: Encodable {
    var layout: LayoutContext
    var role: String
    var organizationName: String?
    var organizationCount: Int
    var userCount: Int
    /// A client's projects, or the active projects an expert may work on.
    var projectCount: Int
}

struct AdminPage: Encodable {
    struct Row: Encodable {
        var id: String
        var name: String
        var email: String
        var role: String
        var organization: String
    }

    /// What the admin typed, kept when a form comes back with an error.
    struct Form: Encodable {
        var organizationName = ""
        var email = ""
        var name = ""
        var role = "expert"
        var organizationId = ""
    }

    struct OrganizationChoice: Encodable {
        var id: String
        var name: String
        var selected: Bool
    }

    var layout: LayoutContext
    var organizations: [OrganizationChoice]
    var hasOrganizations: Bool
    var users: [Row]
    var roles: [String]
    var form: Form
    /// Capture: what stops clips from being checked, and how many wait for it.
    var videoToolsProblem: String?
    var uncheckableClips = 0
}
