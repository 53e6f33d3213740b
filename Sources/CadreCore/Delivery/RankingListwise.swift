/// Rankings whole: the prompt, every response in input order, and `ranking` as places from
/// best to worst, each a list of response indices (ties share a place; the consensus order has
/// one response per place). `agreement` is the share of the task's annotators who gave
/// exactly this ranking.
struct RankingListwise: DeliveryEncoder {
    let options: DeliveryOptions

    func encode(_ task: DeliveryTask) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        let input = DeliveryInput(input: task.input, conversational: options.conversational)
        let responses = input.responses.map { input.completion($0) }
        let answered = task.answers.map { RankingPlaces.of(answer: $0.value) }
        return EncodedTask(records: RankingPlaces.rankings(of: task, options.selection).map { places in
            let same = answered.filter { $0 == places }.count
            return DeliveryRecord([
                "prompt": input.promptColumn,
                "responses": .array(responses),
                "ranking": .array(places.map { .array($0.map(JSONValue.integer)) }),
                "agreement": .number(answered.isEmpty ? 0 : Double(same) / Double(answered.count)),
                "num_annotators": .integer(task.answers.count),
                "external_id": .string(task.externalID),
            ])
        })
    }
}
