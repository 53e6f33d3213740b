@testable import CadreServer
import CadreCore
import Fluent
import XCTest

/// Clients prepay: admins record funding once per idempotency key, and the balance shows
/// what is left; and the stored ledger loads back into the core ledger it was posted from.
final class FundingTests: XCTestCase {
    var t: TestApp!
    var admin = ""
    var organization: Organization!

    override func setUp() async throws {
        t = try await TestApp.make()
        admin = try await t.token(for: try await t.makeUser(.admin))
        organization = try await t.makeOrganization()
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func fund(_ body: [String: Any], key: String?) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/organizations/\(organization.id!)/funding", token: admin, json: body,
                         headers: key.map { ["Idempotency-Key": $0] } ?? [:])
    }

    func testARetriedFundingIsRecordedOnce() async throws {
        let body: [String: Any] = ["amount_minor": 250_000, "currency": "USD", "reference": "wire 2026-11-02"]
        let first = try await fund(body, key: "k-1")
        XCTAssertEqual(first.status, .created, first.body.string)
        XCTAssertEqual(first.json["balance_minor"] as? Int, 250_000)
        t.clock.advance(by: 60)
        let retry = try await fund(body, key: "k-1")
        XCTAssertEqual(retry.status, .ok)
        XCTAssertEqual(retry.jsonObject, first.jsonObject, "the retry answers with the funding as first recorded")
        let different = try await fund(["amount_minor": 1, "currency": "USD", "reference": "x"], key: "k-1")
        XCTAssertEqual(different.status, .conflict)
        XCTAssertEqual(try different.problem().code, "posting_conflict")

        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let balance = try await t.send(.GET, "/api/v1/organizations/\(organization.id!)/balance", token: client)
        let balances = try XCTUnwrap(balance.json["balances"] as? [[String: Any]])
        XCTAssertEqual(balances.map { "\($0["amount_minor"] ?? "") \($0["currency"] ?? "")" }, ["250000 USD"])
    }

    func testFundingNeedsAKeyAndAValidBody() async throws {
        let missingKey = try await fund(["amount_minor": 100, "currency": "USD", "reference": "r"], key: nil)
        XCTAssertEqual(missingKey.status, .badRequest)
        XCTAssertEqual(try missingKey.problem().code, "idempotency_key_required")
        let bad = try await fund(["amount_minor": 0, "currency": "DOLLARS", "reference": " "], key: "k-2")
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertEqual(Set(try bad.problem().errors.map(\.field)), ["amount_minor", "currency", "reference"])
        let missingField = try await fund(["currency": "USD", "reference": "r"], key: "k-3")
        XCTAssertEqual(try missingField.problem().errors.first?.field, "amount_minor")
        let count = try await LedgerPostingRow.query(on: t.app.db).count()
        XCTAssertEqual(count, 0)
    }

    func testTheStoredLedgerLoadsBackInTheOrderItWasPosted() async throws {
        let project = try await t.makeProject(in: organization, state: .active)
        try await t.fund(organization, 10_000)
        let expert = UUID()
        let earning = try await t.earn(4_000, expert: expert, project: project)
        let reversal = try earning.reversal(id: "rev-1", at: t.clock.now, memo: "fraud")
        _ = try await LedgerStore.post(reversal, on: t.app.db)
        try await t.earn(1_500, expert: expert, project: project, kind: .bonus)

        let ledger = try await LedgerStore.load(on: t.app.db)
        XCTAssertEqual(ledger.postings.map(\.kind), [.clientFunding, .earningAccrued, .reversal, .bonus])
        XCTAssertEqual(ledger.posting(id: earning.id), earning)
        XCTAssertEqual(ledger.reversal(of: earning.id), "rev-1")
        XCTAssertNoThrow(try ledger.checkInvariants())
        for (key, balance) in ledger.balances {
            let stored = try await LedgerStore.balance(of: key.account, in: key.currency, on: t.app.db)
            XCTAssertEqual(stored, balance, "\(key.account)")
        }
    }
}
