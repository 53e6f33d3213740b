import ArgumentParser
import CadreCore
import Foundation

extension AssessCommand {
    /// `cadre assess import-bank FILE.json`: checks a bank here, then stores it on a running
    /// Cadre as a new version of its domain's bank (new interviews use it; earlier ones keep theirs).
    struct ImportBank: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-bank",
            abstract: "Add an item bank, or a new version of one, to a running Cadre (admins)."
        )

        @Option(help: "Cadre's address.") var server = "http://127.0.0.1:8080"
        @Option(help: "An admin's bearer token (or set CADRE_TOKEN; POST /api/v1/sessions returns one).") var token: String?
        @Argument(help: "The bank file (JSON), as `cadre assess validate-bank` checks it.") var file: String

        func run() async throws {
            guard let token = token ?? ProcessInfo.processInfo.environment["CADRE_TOKEN"] else {
                throw ValidationError("Give --token or set CADRE_TOKEN.")
            }
            let bank = try AssessCommand.bank(at: file)
            let data = try AssessCommand.read(file)
            let client = CadreClient(baseURL: server, token: token)
            let (status, body) = try await client.send(.POST, "/api/v1/item-banks", body: .bytes(.init(data: data)),
                                                       headers: [("Content-Type", "application/json")])
            guard (200..<300).contains(status) else {
                FileHandle.standardError.write(Data(ImportReport.describeFailure(status: status, body: body).utf8))
                throw status == 422 || status == 409 ? AssessCommand.badInput : ExitCode(1)
            }
            print("Stored \(bank.domainName) version \(bank.version): \(bank.items.count) items, \(bank.scenarios.count) scenarios.")
        }
    }
}
