/// Rankings as DPO preference rows: every pair a ranking implies (a response ahead of another
/// one), or with `adjacentPairsOnly` only pairs from neighbouring places. Responses tied in a
/// place give no pair.
///
/// `margin` is how many places apart the two responses are; `agreement` the share of the
/// task's annotators who put them in the same order.
struct RankingDPO: DeliveryEncoder {
    let options: DeliveryOptions

    func encode(_ task: DeliveryTask) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        let input = DeliveryInput(input: task.input, conversational: options.conversational)
        let responses = input.responses
        let answered = task.answers.map { RankingPlaces.of(answer: $0.value) }
        var encoded = EncodedTask()
        for places in RankingPlaces.rankings(of: task, options.selection) {
            var pairs = 0
            for (upper, winners) in places.enumerated() {
                for lower in (upper + 1)..<places.count where !options.adjacentPairsOnly || lower == upper + 1 {
                    for winner in winners where winner < responses.count {
                        for loser in places[lower] where loser < responses.count {
                            pairs += 1
                            let agreeing = answered.filter { RankingPlaces.prefers($0, winner, over: loser) }.count
                            encoded.records.append(DeliveryRecord([
                                "prompt": input.promptColumn,
                                "chosen": input.completion(responses[winner]),
                                "rejected": input.completion(responses[loser]),
                                "margin": .number(Double(lower - upper)),
                                "agreement": .number(answered.isEmpty ? 0 : Double(agreeing) / Double(answered.count)),
                                "num_annotators": .integer(task.answers.count),
                                "external_id": .string(task.externalID),
                            ]))
                        }
                    }
                }
            }
            if pairs == 0 { encoded.exclusions.append(.noPairs) }
        }
        return encoded
    }
}
