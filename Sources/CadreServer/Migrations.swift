import Fluent

/// Every migration, in the one order they run (and revert in reverse).
enum CadreMigrations {
    static let all: [any Migration] = [
        CreateOrganizations(),
        CreateUsers(),
        CreateAccessTokens(),
        CreateLoginThrottles(),
        CreateProjects(),
        CreateQualifications(),
        CreateTasks(),
        CreateAssignments(),
        AddQuality(),
        AddRequalificationAndHistory(),
        CreateRecruiting(),
        AddQualificationStandardError(),
        CreateLedger(),
        AddLedgerSequence(),
        AddOrganizationFeeRate(),
        CreateIssuedInvoices(),
        AddPayRules(),
        CreateClipUploads(),
        CreateSnapshots(),
        CreateWebhooks(),
        AddDeliveryIndexes(),
        AddLeaseIndexes(),
    ]
}
