import ArgumentParser
import CadreCore
import Foundation

extension AssessCommand {
    /// `cadre assess calibrate FILE.csv`: item parameters from scored responses.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Fit 2PL item parameters to person,item,correct responses by marginal maximum likelihood.",
            discussion: """
                Input: CSV with the header person,item,correct and 0/1 scores. Output: CSV \
                item,a,b,n sorted by item, where n is the item's number of responses. Bock–Aitkin \
                EM on girth's 41-node Gauss–Legendre grid with a standard normal population.
                """
        )

        /// IRT models the calibration can fit.
        enum Model: String, ExpressibleByArgument, CaseIterable {
            case twoParameter = "2pl"
        }

        @Argument(help: "Responses as person,item,correct CSV.")
        var file: String

        @Option(help: "The IRT model to fit.")
        var model: Model = .twoParameter

        func run() throws {
            let data = try AssessCommand.read(file)
            let table: ResponseTable
            do {
                table = try ResponseTable(csv: String(decoding: data, as: UTF8.self))
            } catch {
                throw AssessCommand.fail("\(file): \(error)")
            }
            guard table.count > 0 else { throw AssessCommand.fail("\(file): no responses after the header") }
            let calibration = ItemCalibration.estimate2PL(from: table)
            FileHandle.standardOutput.write(Data(Self.csv(calibration).utf8))
            if !calibration.converged {
                FileHandle.standardError.write(Data("warning: EM stopped after \(calibration.cycles) cycles without meeting its tolerance\n".utf8))
            }
        }

        /// `item,a,b,n` rows sorted by item id.
        static func csv(_ calibration: ItemCalibration) -> String {
            var text = "item,a,b,n\n"
            let order = calibration.itemIDs.indices.sorted { calibration.itemIDs[$0] < calibration.itemIDs[$1] }
            for index in order {
                let parameters = calibration.parameters[index]
                text += "\(calibration.itemIDs[index]),\(fixed(parameters.discrimination, 6)),\(fixed(parameters.difficulty, 6)),\(calibration.responseCounts[index])\n"
            }
            return text
        }
    }
}
