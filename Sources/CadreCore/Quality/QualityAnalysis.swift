/// How `cadre quality aggregate` turns labels into one label per task.
public enum AggregationMethod: String, Sendable, CaseIterable, Codable {
    case majority
    case dawidSkene = "dawid-skene"
    case oneCoin = "one-coin"
}

/// How `cadre quality rank` turns preferences into scores.
public enum RankingMethod: String, Sendable, CaseIterable, Codable {
    /// Input `winner,loser[,tie]`.
    case bradleyTerry = "bradley-terry"
    /// Input one ranking per line, best first, no header.
    case plackettLuce = "plackett-luce"
}

/// The analyses behind `cadre quality`, from a file's bytes to the bytes to print, so the
/// command line, the benchmark and the tests share one path and the command line only
/// reads and writes files.
public enum QualityAnalysis {
    /// `task,worker,label` CSV in; `task,label,confidence` CSV out, sorted by task.
    public static func aggregate(csv: [UInt8], method: AggregationMethod) throws(QualityInputError) -> [UInt8] {
        let table = try LabelTable.parse(csv: csv)
        return table.csv(for: consensus(table.labels, method: method))
    }

    /// The consensus of `labels` by `method` with default settings.
    public static func consensus(_ labels: CrowdLabels, method: AggregationMethod) -> Consensus {
        switch method {
        case .majority: MajorityVote.aggregate(labels)
        case .dawidSkene: DawidSkene().fit(labels).consensus
        case .oneCoin: OneCoinDawidSkene().fit(labels).consensus
        }
    }

    /// Comparisons or rankings in; `item,score,se,ci_low,ci_high` CSV out, best first.
    public static func rank(csv: [UInt8], method: RankingMethod,
                            prior: StrengthPrior = .default) throws(QualityInputError) -> [UInt8] {
        switch method {
        case .bradleyTerry:
            let table = try ComparisonTable.parse(csv: csv)
            return BradleyTerry(prior: prior).fit(table.comparisons).csv(itemNames: table.itemNames)
        case .plackettLuce:
            let table = try RankingTable.parse(csv: csv)
            return PlackettLuce(prior: prior).fit(table.rankings).csv(itemNames: table.itemNames)
        }
    }

    /// `unit,coder,value` CSV in; α and the kappas that are defined for it out.
    public static func agreement(csv: [UInt8], level: MeasurementLevel) throws(QualityInputError) -> AgreementSummary {
        let table = try RatingTable.parse(csv: csv, level: level)
        return AgreementSummary(
            alpha: KrippendorffAlpha.compute(table.data, level: level),
            unitCount: table.data.unitCount,
            fleissKappa: FleissKappa.compute(table.data),
            cohensKappa: CohensKappa.compute(table.data))
    }
}

/// Agreement figures for one set of ratings.
public struct AgreementSummary: Sendable, Equatable {
    public var alpha: AlphaResult
    /// Units named in the input, including those whose values are all missing.
    public var unitCount: Int
    /// Defined only when every rated unit has the same number of ratings.
    public var fleissKappa: Double?
    /// Defined only for exactly two coders.
    public var cohensKappa: Double?

    public init(alpha: AlphaResult, unitCount: Int, fleissKappa: Double?, cohensKappa: Double?) {
        self.alpha = alpha
        self.unitCount = unitCount
        self.fleissKappa = fleissKappa
        self.cohensKappa = cohensKappa
    }

    /// α alone, as the command line prints it; `undefined` when α is.
    public var text: String { alpha.alpha.map { "\($0)" } ?? "undefined" }

    /// One JSON object with α, the counts behind it and the kappas (null when undefined).
    public var json: String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }
        return """
        {"level":"\(alpha.level.rawValue)","alpha":\(number(alpha.alpha)),"units":\(unitCount),\
        "pairable_units":\(alpha.pairableUnitCount),"pairable_values":\(alpha.pairableValueCount),\
        "fleiss_kappa":\(number(fleissKappa)),"cohens_kappa":\(number(cohensKappa))}
        """
    }
}

extension QualityAnalysis {
    /// The share of tasks in `truth` (a `task,label` CSV) whose label in `consensus` (a
    /// `task,label[,…]` CSV) matches; tasks missing from `consensus` count as wrong.
    public static func accuracy(of consensus: [UInt8], truth: [UInt8]) throws(QualityInputError) -> Double {
        var tasks = Interner(), labels = Interner()
        var expected: [Int32] = []
        var matched = 0
        try readTaskLabels(truth) { task, label, _ throws(QualityInputError) in
            let code = tasks.intern(bytes: task)
            if Int(code) == expected.count { expected.append(labels.intern(bytes: label)) }
        }
        var seen = [Bool](repeating: false, count: expected.count)
        try readTaskLabels(consensus) { task, label, _ throws(QualityInputError) in
            guard let code = tasks.code(of: CrowdCSV.string(task)), !seen[Int(code)] else { return }
            seen[Int(code)] = true
            if labels.code(of: CrowdCSV.string(label)) == expected[Int(code)] { matched += 1 }
        }
        return expected.isEmpty ? 0 : Double(matched) / Double(expected.count)
    }

    private static func readTaskLabels(
        _ bytes: [UInt8],
        _ body: (CrowdCSV.Field, CrowdCSV.Field, Int) throws(QualityInputError) -> Void
    ) throws(QualityInputError) {
        var columns: [Int] = []
        var width = 0
        try CrowdCSV.forEachRecord(in: bytes) { (line, fields) throws(QualityInputError) in
            if columns.isEmpty {
                columns = try CrowdCSV.columns(["task", "label"], in: fields, line: line)
                width = fields.count
                return
            }
            guard fields.count == width else { throw .raggedRow(line: line, expected: width, found: fields.count) }
            try body(fields[columns[0]], fields[columns[1]], line)
        }
        guard !columns.isEmpty else { throw .emptyInput }
    }
}
