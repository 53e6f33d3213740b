import Foundation

extension TemplateKind {
    /// Whether a validated answer agrees with a task's known (gold) answer, or nil for kinds
    /// whose answers are free text and cannot be graded automatically.
    ///
    /// The rule per kind is deliberately the one a reviewer would apply: the same choice, the
    /// same label set, the same best response, ratings within one point, the same verdict on
    /// an agent run with most steps labelled alike.
    public func gradeAgainstGold(_ answer: JSONValue, gold: JSONValue) -> Bool? {
        switch self {
        case .pairwise:
            return answer["choice"] == gold["choice"]
        case .classification:
            let given = Set(answer["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let expected = Set(gold["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            return given == expected
        case .ranking:
            return Self.best(answer["ranking"]) == Self.best(gold["ranking"])
        case .rating:
            guard let expected = gold["scores"]?.objectValue, let given = answer["scores"]?.objectValue else { return false }
            return expected.allSatisfy { name, value in
                guard let target = value.doubleValue, let score = given[name]?.doubleValue else { return false }
                return abs(score - target) <= 1
            }
        case .trajectoryReview:
            guard answer["success"] == gold["success"] else { return false }
            let given = Self.stepLabels(answer), expected = Self.stepLabels(gold)
            guard !expected.isEmpty, given.count == expected.count else { return expected.isEmpty && given.isEmpty }
            let same = zip(given, expected).filter { $0 == $1 }.count
            return Double(same) >= 0.8 * Double(expected.count)
        case .demonstration, .correction, .videoDemonstration:
            return nil
        }
    }

    /// The response indices placed first in a ranking, whichever shape it was stored in.
    private static func best(_ ranking: JSONValue?) -> Set<Int> {
        guard let first = ranking?.arrayValue?.first else { return [] }
        if let group = first.arrayValue { return Set(group.compactMap(\.intValue)) }
        return first.intValue.map { [$0] } ?? []
    }

    private static func stepLabels(_ answer: JSONValue) -> [String] {
        (answer["steps"]?.arrayValue ?? []).map { $0.stringValue ?? $0["label"]?.stringValue ?? "" }
    }
}
