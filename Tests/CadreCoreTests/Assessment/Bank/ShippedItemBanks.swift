import Foundation

/// The item banks shipped in `Resources/ItemBanks`, found from this file's location.
enum ShippedItemBanks {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "no Resources/ItemBanks beside a Package.swift above \(#filePath); set CADRE_RESOURCES_DIR to the Resources folder"
        }
    }

    /// The six domains the interview ships with.
    static let domains = ["software-engineering", "mathematics", "physics", "medicine", "law", "finance"]

    /// `CADRE_RESOURCES_DIR/ItemBanks` if the variable is set; otherwise `Resources/ItemBanks`
    /// in the first directory holding a `Package.swift` found walking up from this file, first
    /// as written and then with symlinks resolved (a package may link these sources in).
    static func directory(filePath: String = #filePath) throws -> URL {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["CADRE_RESOURCES_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true).appendingPathComponent("ItemBanks", isDirectory: true)
        }
        let source = URL(fileURLWithPath: filePath)
        for start in [source, source.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                let banks = directory.appendingPathComponent("Resources/ItemBanks", isDirectory: true)
                if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                   fileManager.fileExists(atPath: banks.path) {
                    return banks
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Missing()
    }

    /// The bytes of `<domain>.json`.
    static func data(_ domain: String) throws -> Data {
        try Data(contentsOf: directory().appendingPathComponent("\(domain).json"))
    }
}
