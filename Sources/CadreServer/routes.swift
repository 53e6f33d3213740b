import Vapor

/// The route table: the API under `/api/v1` with bearer tokens, the web pages with cookie
/// sessions and CSRF protection, and the operational endpoints at the root.
func routes(_ app: Application) throws {
    try app.register(collection: OperationsController())

    let api = app.grouped("api", "v1").grouped(TokenAuthenticator(kind: .api))
    try api.register(collection: SessionsController())
    try api.register(collection: UsersController())
    try api.register(collection: OrganizationsController())
    try api.register(collection: ProjectsController())
    try api.register(collection: QualificationsController())
    try api.register(collection: TasksController())
    try api.register(collection: AssignmentsController())
    try api.register(collection: ReviewsController())
    try api.register(collection: QualityController())
    try api.register(collection: ApplicationsController())
    try api.register(collection: InterviewsController())
    try api.register(collection: DecisionsController())
    try api.register(collection: RecruitingAdminController())
    try api.register(collection: ExpertSearchController())
    try api.register(collection: PayController())
    try api.register(collection: BillingController())
    try api.register(collection: PayoutsController())
    try api.register(collection: SnapshotsController())

    let web = app.grouped(TokenAuthenticator(kind: .web), CSRFMiddleware())
    try web.register(collection: WebController())
    try web.register(collection: AdminPagesController())
    try web.register(collection: SignUpPageController())
    let pages = web.grouped(RequireSignIn())
    try pages.register(collection: ProjectPagesController())
    try pages.register(collection: ImportPagesController())
    try pages.register(collection: WorkPagesController())
    try pages.register(collection: ReviewPagesController())
    try pages.register(collection: PayPagesController())
    try pages.register(collection: ApplicationPagesController())
    try pages.register(collection: InterviewPagesController())
    try pages.register(collection: CandidateReviewPagesController())
    try pages.register(collection: BillingPagesController())
}
