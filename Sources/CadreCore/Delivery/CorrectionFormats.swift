/// Written responses as SFT conversations: the prompt's messages, then the expert's text —
/// a demonstration's `response` or a correction's `corrected` — as the assistant's turn.
struct ConversationSFT: DeliveryEncoder {
    /// The answer member holding the assistant's turn.
    let replyField: String

    func encode(_ task: DeliveryTask) -> EncodedTask {
        let input = DeliveryInput(input: task.input, conversational: true)
        return EncodedTask(records: task.selectedAnswers.compactMap { answer in
            answer[replyField]?.stringValue.map { reply in
                DeliveryRecord(["messages": input.conversation(endingWith: reply), "external_id": .string(task.externalID)])
            }
        })
    }
}

/// Corrections as DPO rows: the corrected response is preferred to the model's original.
/// A correction that changed nothing prefers nothing and is counted as `unchanged`.
struct CorrectionDPO: DeliveryEncoder {
    let options: DeliveryOptions

    func encode(_ task: DeliveryTask) -> EncodedTask {
        let input = DeliveryInput(input: task.input, conversational: options.conversational)
        let original = input.singleResponse ?? ""
        var encoded = EncodedTask()
        for answer in task.selectedAnswers {
            guard let corrected = answer["corrected"]?.stringValue else { continue }
            guard corrected != original else {
                encoded.exclusions.append(.unchanged)
                continue
            }
            encoded.records.append(DeliveryRecord([
                "prompt": input.promptColumn,
                "chosen": input.completion(corrected),
                "rejected": input.completion(original),
                "edit_distance": .integer(EditDistance.levenshtein(original, corrected)),
                "error_categories": .array((answer["error_categories"]?.arrayValue ?? []).filter { $0.stringValue != nil }),
                "external_id": .string(task.externalID),
            ]))
        }
        return encoded
    }
}
