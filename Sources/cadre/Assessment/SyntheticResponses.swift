import CadreCore
import Foundation

/// A complete persons × items table of 2PL responses with known parameters, drawn from a
/// seeded generator so the same seed writes the same bytes on every machine.
///
/// Abilities are N(0, 1), the scale calibration fixes; slopes U(0.5, 2.0) and difficulties
/// N(0, 1) clipped to ±2.5 span the items a real bank holds.
struct SyntheticResponses {
    let abilities: [Double]
    let items: [ItemParameters]
    private let seed: UInt64

    init(persons: Int, items count: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        items = (0..<count).map { _ in
            ItemParameters(discrimination: 0.5 + 1.5 * random.unit(), difficulty: min(max(random.normal(), -2.5), 2.5))
        }
        abilities = (0..<persons).map { _ in random.normal() }
        self.seed = seed
    }

    /// `person,item,correct` rows, person by person, as a response export is usually sorted.
    func responsesCSV() -> [UInt8] {
        // Answers use their own stream, so changing the table's size leaves parameters alone.
        var random = SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        let itemNames = items.indices.map { Array("q\($0),".utf8) }
        var bytes = Array("person,item,correct\n".utf8)
        bytes.reserveCapacity(abilities.count * items.count * 16)
        for (person, theta) in abilities.enumerated() {
            let personName = Array("p\(person),".utf8)
            for (index, item) in items.enumerated() {
                bytes += personName
                bytes += itemNames[index]
                bytes.append(random.unit() < item.probabilityCorrect(at: theta) ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "\n"))
            }
        }
        return bytes
    }

    /// `item,a,b` rows of the generating parameters.
    func truthCSV() -> String {
        "item,a,b\n" + items.enumerated().map { "q\($0),\($1.discrimination),\($1.difficulty)\n" }.joined()
    }
}

private extension SplitMix64 {
    /// A uniform draw in [0, 1) from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal draw by the Box–Muller transform (Box & Muller 1958).
    mutating func normal() -> Double {
        let u = 1 - unit(), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
