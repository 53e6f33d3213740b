import Foundation

/// An item of an adaptive test's bank: its identity, calibrated parameters and skill tags.
///
/// Answer keys are deliberately not part of this value: selection and estimation never need
/// them, so nothing built from a `BankItem` can leak one to a candidate.
public struct BankItem: Sendable, Hashable, Codable, Identifiable {
    /// Stable identifier of the item within its bank.
    public var id: String
    /// Calibrated item parameters.
    public var parameters: ItemParameters
    /// Skills of the domain this item measures; content balancing counts the item toward each.
    public var skills: [String]

    /// Creates a bank item.
    public init(id: String, parameters: ItemParameters, skills: [String] = []) {
        self.id = id
        self.parameters = parameters
        self.skills = skills
    }
}

/// How the next item is chosen: maximum Fisher information at θ̂, randomesque exposure
/// control and content balancing across skills.
///
/// Maximum-information selection follows Lord (1980, ch. 10); the randomesque method and
/// the content-balancing procedure are those of Kingsbury & Zara (1989, "Procedures for
/// selecting items for computerized adaptive tests", *Applied Measurement in Education* 2).
public struct ItemSelectionRule: Sendable, Hashable, Codable {
    /// Number of most informative items among which one is drawn at random (randomesque
    /// exposure control). 1 selects the maximum-information item itself.
    public var randomesqueCount: Int
    /// Target share of the test per skill tag. Weights need not sum to one; they are
    /// normalised. Empty disables content balancing.
    public var skillTargets: [String: Double]

    /// Creates a selection rule.
    public init(randomesqueCount: Int = 1, skillTargets: [String: Double] = [:]) {
        precondition(randomesqueCount >= 1, "randomesque count must be at least 1")
        precondition(skillTargets.values.allSatisfy { $0 >= 0 }, "skill targets must be non-negative")
        self.randomesqueCount = randomesqueCount
        self.skillTargets = skillTargets
    }

    /// Indices into `bank` of the items the next one is drawn from, most informative first.
    ///
    /// Items already administered (by index) or seen in an earlier attempt (by id) are never
    /// candidates. When skill targets are set, candidates are restricted to the skill whose
    /// share of the administered items falls furthest below its target and still has items
    /// left; ties in information are broken by bank order so the ranking is reproducible.
    /// - Complexity: O(bank × (skills + log bank)).
    public func candidates(
        in bank: [BankItem],
        at theta: Double,
        administered: [Int],
        excluding seen: Set<String> = []
    ) -> [Int] {
        let used = Set(administered)
        var available = bank.indices.filter { !used.contains($0) && !seen.contains(bank[$0].id) }
        if let skill = mostUnderrepresentedSkill(in: bank, available: available, administered: administered) {
            available = available.filter { bank[$0].skills.contains(skill) }
        }
        let information = available.map { bank[$0].parameters.information(at: theta) }
        let ranked = available.indices.sorted { lhs, rhs in
            information[lhs] != information[rhs] ? information[lhs] > information[rhs] : available[lhs] < available[rhs]
        }
        return ranked.prefix(randomesqueCount).map { available[$0] }
    }

    /// The index into `bank` of the next item, or `nil` when no eligible item is left.
    ///
    /// One of `candidates(in:at:administered:excluding:)` is drawn uniformly with the
    /// caller's generator, so a session replays exactly from the same seed.
    public func selectItem(
        from bank: [BankItem],
        at theta: Double,
        administered: [Int],
        excluding seen: Set<String> = [],
        using generator: inout some RandomNumberGenerator
    ) -> Int? {
        let pool = candidates(in: bank, at: theta, administered: administered, excluding: seen)
        guard !pool.isEmpty else { return nil }
        // Draw even when the pool has one item, so the generator advances the same way
        // whatever the bank looks like, and replays stay aligned.
        return pool[generator.uniformIndex(below: pool.count)]
    }

    /// The targeted skill with the largest shortfall `target − observed share` that still has
    /// an available item (Kingsbury & Zara 1989), or `nil` when balancing does not apply.
    func mostUnderrepresentedSkill(in bank: [BankItem], available: [Int], administered: [Int]) -> String? {
        let totalTarget = skillTargets.values.reduce(0, +)
        guard totalTarget > 0 else { return nil }
        var counts: [String: Int] = [:]
        for index in administered {
            for skill in bank[index].skills { counts[skill, default: 0] += 1 }
        }
        let given = Double(max(administered.count, 1))
        let shortfalls = skillTargets
            .filter { $0.value > 0 }
            .map { skill, target in (skill, target / totalTarget - Double(counts[skill] ?? 0) / given) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (skill, _) in shortfalls where available.contains(where: { bank[$0].skills.contains(skill) }) {
            return skill
        }
        return nil
    }
}
