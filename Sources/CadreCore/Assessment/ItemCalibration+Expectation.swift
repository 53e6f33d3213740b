import Dispatch
import Foundation

/// Responses regrouped by person (compressed rows), so the E-step reads each person's
/// responses contiguously.
struct PersonMajorResponses: Sendable {
    let personCount: Int
    let itemCount: Int
    /// Responses of person `i` are at `offsets[i]..<offsets[i + 1]`.
    let offsets: [Int]
    /// `2 · item + score`, the row of the log-probability table for each response.
    let rows: [Int32]

    init(_ table: ResponseTable) {
        personCount = table.personIDs.count
        itemCount = table.itemIDs.count
        // Counting sort by person: O(responses), stable.
        var offsets = [Int](repeating: 0, count: personCount + 1)
        for person in table.persons { offsets[Int(person) + 1] += 1 }
        for i in 0..<personCount { offsets[i + 1] += offsets[i] }
        var next = Array(offsets.dropLast())
        var rows = [Int32](repeating: 0, count: table.count)
        for r in 0..<table.count {
            let person = Int(table.persons[r])
            rows[next[person]] = 2 * table.items[r] + Int32(table.scores[r])
            next[person] += 1
        }
        self.offsets = offsets
        self.rows = rows
    }
}

/// Expected counts of the E-step, laid out like the log-probability table: the row
/// `2j + 1` holds r̄ⱼₖ (expected correct responses to item j at node k) and the row `2j` the
/// expected incorrect ones, so n̄ⱼₖ is their sum. Rows are padded to whole SIMD vectors.
struct ExpectedCounts {
    let rowStride: Int
    let values: [Double]
    let logLikelihood: Double

    func correct(item: Int, node: Int) -> Double { values[(2 * item + 1) * rowStride + node] }
    func incorrect(item: Int, node: Int) -> Double { values[2 * item * rowStride + node] }
}

/// Mutable memory shared by E-step workers that write disjoint parts of it.
private struct DisjointBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}

/// Quadrature nodes are processed four at a time: the E-step is a long run of short vector
/// additions, which the compiler does not vectorise on its own through buffer pointers.
private typealias NodeVector = SIMD4<Double>

extension PersonMajorResponses {
    /// The E-step of Bock & Aitkin (1981): each person's posterior over the nodes, summed into
    /// expected counts per item and node, and the marginal log-likelihood.
    ///
    /// Persons are split into `parallelism` contiguous chunks, each summing into its own
    /// accumulator; the chunks are then added in order, so results are reproducible.
    func expectedCounts(
        slopes: [Double], intercepts: [Double], nodes: [Double], logPrior: [Double], parallelism: Int
    ) -> ExpectedCounts {
        let lanes = NodeVector.scalarCount
        let width = (nodes.count + lanes - 1) / lanes
        let tableSize = 2 * itemCount * width
        // ln P and ln(1 − P) per item and node, computed once per cycle rather than per
        // response; padding nodes get probability 1 so they add nothing.
        var table = [NodeVector](repeating: .zero, count: tableSize)
        for item in 0..<itemCount {
            for k in nodes.indices {
                let z = slopes[item] * nodes[k] + intercepts[item]
                table[(2 * item + 1) * width + k / lanes][k % lanes] = Self.logSigmoid(z)
                table[2 * item * width + k / lanes][k % lanes] = Self.logSigmoid(-z)
            }
        }
        // Padding nodes get no prior mass, hence no posterior mass.
        var prior = [NodeVector](repeating: NodeVector(repeating: -.infinity), count: width)
        for k in logPrior.indices { prior[k / lanes][k % lanes] = logPrior[k] }
        let logTable = table, logPriorVectors = prior
        let chunks = max(1, min(parallelism, personCount / 256))
        var partial = [NodeVector](repeating: .zero, count: chunks * tableSize)
        var partialLogLikelihood = [Double](repeating: 0, count: chunks)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            partialLogLikelihood.withUnsafeMutableBufferPointer { logLikelihoodBuffer in
                let sums = DisjointBuffer(base: partialBuffer.baseAddress!)
                let totals = DisjointBuffer(base: logLikelihoodBuffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let persons = (personCount * chunk / chunks)..<(personCount * (chunk + 1) / chunks)
                    totals.base[chunk] = accumulate(
                        persons: persons, logTable: logTable, logPrior: logPriorVectors,
                        into: sums.base + chunk * tableSize
                    )
                }
            }
        }
        var values = [Double](repeating: 0, count: tableSize * lanes)
        for chunk in 0..<chunks {
            for i in 0..<tableSize {
                let vector = partial[chunk * tableSize + i]
                for lane in 0..<lanes { values[i * lanes + lane] += vector[lane] }
            }
        }
        return ExpectedCounts(rowStride: width * lanes, values: values, logLikelihood: partialLogLikelihood.reduce(0, +))
    }

    /// Adds the posteriors of `persons` into `sums` and returns their marginal log-likelihood.
    private func accumulate(
        persons: Range<Int>, logTable: [NodeVector], logPrior: [NodeVector], into sums: UnsafeMutablePointer<NodeVector>
    ) -> Double {
        let width = logPrior.count
        var posterior = [NodeVector](repeating: .zero, count: width)
        var logLikelihood = 0.0
        logTable.withUnsafeBufferPointer { table in
            rows.withUnsafeBufferPointer { rows in
                posterior.withUnsafeMutableBufferPointer { post in
                    for person in persons {
                        let responses = offsets[person]..<offsets[person + 1]
                        if responses.isEmpty { continue }
                        for c in 0..<width { post[c] = logPrior[c] }
                        for r in responses {
                            let row = Int(rows[r]) * width
                            for c in 0..<width { post[c] += table[row + c] }
                        }
                        var peak = -Double.infinity
                        for c in 0..<width { peak = max(peak, post[c].max()) }
                        var total = 0.0
                        for c in 0..<width {
                            for lane in 0..<NodeVector.scalarCount {
                                post[c][lane] = exp(post[c][lane] - peak)
                            }
                            total += post[c].sum()
                        }
                        logLikelihood += peak + log(total)
                        let scale = 1 / total
                        for c in 0..<width { post[c] *= scale }
                        for r in responses {
                            let row = sums + Int(rows[r]) * width
                            for c in 0..<width { row[c] += post[c] }
                        }
                    }
                }
            }
        }
        return logLikelihood
    }

    /// ln σ(z), without overflow for large |z|.
    static func logSigmoid(_ z: Double) -> Double {
        z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z))
    }
}
