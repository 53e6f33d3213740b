/// Classifications as labelled rows: the item's input fields as columns, then `label` (a
/// single-label project) or `labels` (multi-label), `confidence` and `num_annotators`.
///
/// `confidence` is the consensus confidence for consensus rows, and for one annotator's row
/// the share of the task's annotators who chose the same labels. An input field named like
/// one of these columns is written as `input_<name>` so neither is lost.
struct ClassificationLabels: DeliveryEncoder {
    let options: DeliveryOptions
    /// From the project's configuration: whether answers carry several labels.
    let multiple: Bool

    static let reserved: Set<String> = ["label", "labels", "confidence", "num_annotators", "external_id"]

    func encode(_ task: DeliveryTask) -> EncodedTask {
        if let excluded = task.gate(options) { return EncodedTask(exclusions: [excluded]) }
        let chosen: [(labels: [JSONValue], confidence: Double)]
        switch options.selection {
        case .consensus:
            guard let consensus = task.consensus else { return EncodedTask(exclusions: [.noConsensus]) }
            chosen = [(consensus.result["labels"]?.arrayValue ?? [], consensus.confidence)]
        case .all:
            // Each answer's labels as a set, made once rather than once per pair compared.
            let sets = task.answers.map { Set(($0.value["labels"]?.arrayValue ?? []).compactMap(\.stringValue)) }
            chosen = zip(task.answers, sets).filter { $0.0.selected }.map { answer, labels in
                (answer.value["labels"]?.arrayValue ?? [], Double(sets.count { $0 == labels }) / Double(sets.count))
            }
        }
        let fields = (task.input.objectValue ?? [:]).sorted { $0.key < $1.key }.map { key, value in
            DeliveryRecord.Column(name: Self.reserved.contains(key) ? "input_" + key : key, value: value)
        }
        return EncodedTask(records: chosen.map { row in
            let label = multiple ? DeliveryRecord.Column(name: "labels", value: .array(row.labels))
                : DeliveryRecord.Column(name: "label", value: row.labels.first ?? .null)
            return DeliveryRecord(columns: fields + [
                label,
                .init(name: "confidence", value: .number(row.confidence)),
                .init(name: "num_annotators", value: .integer(task.answers.count)),
                .init(name: "external_id", value: .string(task.externalID)),
            ])
        })
    }
}
