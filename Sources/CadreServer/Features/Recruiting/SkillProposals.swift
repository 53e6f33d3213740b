import CadreCore
import Vapor

/// The skills taxonomy shipped in `Resources/Skills/taxonomy.json`, read once per process.
actor SkillsCatalog {
    private var extractor: SkillExtractor?
    private let file: URL

    init(file: URL) { self.file = file }

    /// The skills a resume mentions, by domain, for the candidate to confirm.
    func propose(for resume: String) throws -> SkillExtraction {
        if extractor == nil {
            extractor = SkillExtractor(taxonomy: try SkillsTaxonomy(parsing: Data(contentsOf: file)))
        }
        return extractor!.extract(from: resume)
    }
}

extension Application {
    private struct SkillsKey: StorageKey { typealias Value = SkillsCatalog }

    var skills: SkillsCatalog {
        if let catalog = storage[SkillsKey.self] { return catalog }
        let catalog = SkillsCatalog(file: URL(fileURLWithPath: directory.resourcesDirectory).appendingPathComponent("Skills/taxonomy.json"))
        storage[SkillsKey.self] = catalog
        return catalog
    }
}
