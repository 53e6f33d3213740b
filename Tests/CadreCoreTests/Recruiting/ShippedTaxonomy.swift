@testable import CadreCore
import Foundation

/// The skills taxonomy shipped in `Resources/Skills`, found beside the shipped item banks.
enum ShippedTaxonomy {
    static func data() throws -> Data {
        let resources = try ShippedItemBanks.directory().deletingLastPathComponent()
        return try Data(contentsOf: resources.appendingPathComponent("Skills/taxonomy.json"))
    }

    static func load() throws -> SkillsTaxonomy {
        try SkillsTaxonomy(parsing: data())
    }
}
