import Crypto
import Foundation

/// The deterministic train/test split: a task goes to test when the first 8 bytes of the
/// SHA-256 of its `external_id`, read as a fraction of 2⁶⁴, fall below the ratio. The same
/// task lands on the same side in every snapshot and on every machine, and all rows of one
/// task stay on one side, so no prompt leaks from train into test.
struct DatasetSplit {
    let testRatio: Double

    func isTest(_ externalID: String) -> Bool {
        Self.position(of: externalID) < testRatio
    }

    /// Where the id falls in [0, 1).
    static func position(of externalID: String) -> Double {
        let digest = Array(SHA256.hash(data: Data(externalID.utf8)))
        let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(prefix >> 11) / Double(UInt64(1) << 53)
    }
}
