/// Reading rankings as places (best first, each a list of tied response indices).
enum RankingPlaces {
    /// The places of a stored ranking answer (`[[0], [2, 1]]`, bare indices allowed).
    static func of(answer: JSONValue) -> [[Int]] {
        (answer["ranking"]?.arrayValue ?? []).map { place in
            place.arrayValue?.compactMap(\.intValue) ?? place.intValue.map { [$0] } ?? []
        }
    }

    /// The places of a consensus: its strict `order`, one response per place.
    static func of(consensus: JSONValue) -> [[Int]] {
        (consensus["order"]?.arrayValue ?? []).compactMap(\.intValue).map { [$0] }
    }

    /// Whether `places` put response `better` strictly ahead of `worse`.
    static func prefers(_ places: [[Int]], _ better: Int, over worse: Int) -> Bool {
        guard let first = places.firstIndex(where: { $0.contains(better) }),
              let second = places.firstIndex(where: { $0.contains(worse) }) else { return false }
        return first < second
    }

    /// The rankings to write: the consensus order, or each selected answer's places.
    static func rankings(of task: DeliveryTask, _ selection: AnswerSelection) -> [[[Int]]] {
        switch selection {
        case .consensus: return task.consensus.map { [of(consensus: $0.result)] } ?? []
        case .all: return task.selectedAnswers.map(of(answer:))
        }
    }
}
