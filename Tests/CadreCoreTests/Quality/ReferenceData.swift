import Foundation
import XCTest

/// The reference data in `shared/reference`: synthetic crowd data with known truth and what
/// the established Python libraries answer on it.
///
/// Found from `CADRE_REFERENCE_DIR`, or by walking up from this file (symlinks resolved
/// and not) to the first folder with a `shared/reference` beside it, so the tests work from
/// the repository, from a clone next to `shared/`, and from packages that link these files.
enum ReferenceData {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func directory(file: String = #filePath) throws -> URL {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["CADRE_REFERENCE_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let here = URL(fileURLWithPath: file)
        for start in [here.resolvingSymlinksInPath(), here] {
            var folder = start.deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("shared/reference")
                if fileManager.fileExists(atPath: candidate.appendingPathComponent("report.json").path) {
                    return candidate
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw Missing(description: "no shared/reference beside any folder above \(file); set CADRE_REFERENCE_DIR")
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try directory().appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    /// A two-column CSV file as a dictionary from the first column to the second, read with
    /// plain string splitting so the check does not depend on the parser under test.
    static func column(_ name: String) throws -> [String: String] {
        let text = String(decoding: try bytes(name), as: UTF8.self)
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            result[String(fields[0])] = String(fields[1])
        }
        return result
    }

    /// `report.json` as nested dictionaries.
    static func report() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(try bytes("report.json")))
        return try XCTUnwrap(object as? [String: Any])
    }

    static func reported(_ section: String, _ key: String) throws -> Double {
        let values = try XCTUnwrap(try report()[section] as? [String: Any], "report.json has no \(section)")
        return try XCTUnwrap(values[key] as? Double, "report.json has no \(section).\(key)")
    }
}

/// Spearman's rank correlation (no ties expected in continuous scores).
func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: v.count)
        for (rank, index) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[index] = Double(rank) }
        return r
    }
    let (a, b) = (ranks(x), ranks(y))
    let n = Double(x.count)
    let d2 = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    return 1 - 6 * d2 / (n * (n * n - 1))
}
