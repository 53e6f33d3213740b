import Foundation

/// Synthetic crowd data with known truth, for benchmarks and tests at scale. Everything is
/// drawn from a seeded generator, so the same seed writes the same bytes on every machine.
public enum SyntheticCrowd {
    /// SplitMix64 (G. Steele, D. Lea and C. Flood, "Fast splittable pseudorandom number
    /// generators", OOPSLA 2014): tiny, fast and good enough to simulate crowds.
    public struct Generator: RandomNumberGenerator, Sendable {
        private var state: UInt64

        public init(seed: UInt64) { state = seed }

        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A standard normal draw (Box–Muller).
        public mutating func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
            let v = Double.random(in: 0..<1, using: &self)
            return sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
        }
    }

    /// Labels for `tasks` tasks, each labelled by `labelsPerTask` distinct workers out of
    /// `workers`. Worker accuracy is uniform on [0.5, 0.95]; a wrong label is one of the other
    /// classes at random. Rows are shuffled as a real export would be.
    ///
    /// - Returns: `task,worker,label` CSV and `task,label` truth CSV.
    public static func labels(tasks: Int, workers: Int, classes: Int, labelsPerTask: Int,
                              seed: UInt64) -> (labels: [UInt8], truth: [UInt8]) {
        precondition(labelsPerTask <= workers && classes >= 2)
        var random = Generator(seed: seed)
        let accuracy = (0..<workers).map { _ in Double.random(in: 0.5...0.95, using: &random) }
        var rows: [(task: Int32, worker: Int32, label: Int32)] = []
        rows.reserveCapacity(tasks * labelsPerTask)
        var truth: [UInt8] = Array("task,label\n".utf8)
        var chosen: [Int] = []
        for task in 0..<tasks {
            let trueClass = Int.random(in: 0..<classes, using: &random)
            truth += Array("t\(task),c\(trueClass)\n".utf8)
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < labelsPerTask {
                let worker = Int.random(in: 0..<workers, using: &random)
                if !chosen.contains(worker) { chosen.append(worker) }
            }
            for worker in chosen {
                var label = trueClass
                if Double.random(in: 0..<1, using: &random) >= accuracy[worker] {
                    label = (trueClass + Int.random(in: 1..<classes, using: &random)) % classes
                }
                rows.append((Int32(task), Int32(worker), Int32(label)))
            }
        }
        rows.shuffle(using: &random)
        var csv: [UInt8] = Array("task,worker,label\n".utf8)
        csv.reserveCapacity(rows.count * 20)
        for row in rows { csv += Array("t\(row.task),w\(row.worker),c\(row.label)\n".utf8) }
        return (csv, truth)
    }

    /// `comparisons` Bradley–Terry comparisons between random pairs of `items` items whose
    /// log-strengths are standard normal.
    ///
    /// - Returns: `winner,loser` CSV and `item,strength` truth CSV.
    public static func comparisons(items: Int, comparisons: Int, seed: UInt64) -> (pairs: [UInt8], truth: [UInt8]) {
        precondition(items >= 2)
        var random = Generator(seed: seed)
        let strength = (0..<items).map { _ in random.normal() }
        var truth: [UInt8] = Array("item,strength\n".utf8)
        for (item, value) in strength.enumerated() { truth += Array("m\(item),\(value)\n".utf8) }
        var csv: [UInt8] = Array("winner,loser\n".utf8)
        csv.reserveCapacity(comparisons * 14)
        for _ in 0..<comparisons {
            let a = Int.random(in: 0..<items, using: &random)
            var b = Int.random(in: 0..<(items - 1), using: &random)
            if b >= a { b += 1 }
            let aWins = Double.random(in: 0..<1, using: &random) < 1 / (1 + exp(strength[b] - strength[a]))
            csv += Array((aWins ? "m\(a),m\(b)\n" : "m\(b),m\(a)\n").utf8)
        }
        return (csv, truth)
    }

    /// Ratings on a 1–5 scale of `units` units by `coders` coders, each value missing with
    /// probability `missing`: the unit's true rating plus normal noise of SD 0.8, rounded and
    /// clamped. Missing values get no row, as in the reference data.
    public static func ratings(units: Int, coders: Int, missing: Double, seed: UInt64) -> [UInt8] {
        var random = Generator(seed: seed)
        var csv: [UInt8] = Array("unit,coder,value\n".utf8)
        csv.reserveCapacity(units * coders * 12)
        for unit in 0..<units {
            let truth = Double(Int.random(in: 1...5, using: &random))
            for coder in 0..<coders {
                if Double.random(in: 0..<1, using: &random) < missing { continue }
                let value = min(5, max(1, (truth + 0.8 * random.normal()).rounded()))
                csv += Array("u\(unit),r\(coder),\(Int(value))\n".utf8)
            }
        }
        return csv
    }
}
