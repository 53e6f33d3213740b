import Foundation
import XCTest

/// The shared reference data (`shared/reference/`) that IRT tests compare against.
enum AssessmentReference {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "no shared/reference folder above \(#filePath); set CADRE_REFERENCE_DIR to point at it"
        }
    }

    /// `CADRE_REFERENCE_DIR` if set, otherwise the first `shared/reference` found walking up
    /// from this file (through symlinks too, so a package that links these sources finds it).
    static func directory(filePath: String = #filePath) throws -> URL {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["CADRE_REFERENCE_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }
        let source = URL(fileURLWithPath: filePath)
        for start in [source, source.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                let candidate = directory.appendingPathComponent("shared/reference", isDirectory: true)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Missing()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory().appendingPathComponent(name), encoding: .utf8)
    }

    /// `item,a,b` rows keyed by item id.
    static func itemParameters(_ name: String) throws -> [String: (a: Double, b: Double)] {
        var parameters: [String: (a: Double, b: Double)] = [:]
        for line in try text(name).split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count >= 3, let a = Double(fields[1]), let b = Double(fields[2]) else { continue }
            parameters[String(fields[0])] = (a, b)
        }
        return parameters
    }

    /// A number from `report.json` at `section.key`.
    static func reportFigure(_ section: String, _ key: String) throws -> Double {
        let data = Data(try text("report.json").utf8)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let figures = try XCTUnwrap(report[section] as? [String: Any])
        return try XCTUnwrap(figures[key] as? Double)
    }

    /// Pearson correlation of two equally long samples.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count && x.count > 1)
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (u, v) in zip(x, y) {
            sxy += (u - meanX) * (v - meanY)
            sxx += (u - meanX) * (u - meanX)
            syy += (v - meanY) * (v - meanY)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
