import CadreCore
import Vapor

/// What the shared layout needs on every page.
struct LayoutContext: Encodable {
    var title: String
    var csrf: String
    var user: UserResponse?
    var isAdmin: Bool
    var notice: String?
    var error: String?

    init(title: String, req: Request, notice: String? = nil, error: String? = nil) {
        self.title = title
        self.csrf = req.csrfToken
        self.user = req.currentUser.map { UserResponse($0.user) }
        self.isAdmin = req.currentUser?.user.role == .admin
        self.notice = notice
        self.error = error
    }
}

struct SignInPage: Encodable {
    var layout: LayoutContext
    var email: String
}

struct HomePage: Encodable {
    var layout: LayoutContext
    var role: String
    var organizationName: String?
    var organizationCount: Int
    var userCount: Int
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
    }

    var layout: LayoutContext
    var organizations: [OrganizationResponse]
    var hasOrganizations: Bool
    var users: [Row]
    var roles: [String]
    var form: Form
}
