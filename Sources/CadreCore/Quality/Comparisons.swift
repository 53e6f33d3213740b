/// Pairwise preferences, integer-coded: in comparison `i`, item `winners[i]` beat item
/// `losers[i]`, or, when `ties[i]` is true, the two were judged equal.
public struct PairwiseComparisons: Sendable, Equatable {
    public var itemCount: Int
    public var winners: [Int32]
    public var losers: [Int32]
    /// One flag per comparison, or empty when there are no ties.
    public var ties: [Bool]

    public init(itemCount: Int, winners: [Int32], losers: [Int32], ties: [Bool] = []) {
        precondition(winners.count == losers.count, "one loser per winner")
        precondition(ties.isEmpty || ties.count == winners.count, "one tie flag per comparison")
        precondition(!winners.contains { $0 < 0 || Int($0) >= itemCount }, "item code out of range")
        precondition(!losers.contains { $0 < 0 || Int($0) >= itemCount }, "item code out of range")
        self.itemCount = itemCount
        self.winners = winners
        self.losers = losers
        self.ties = ties
    }

    /// The number of comparisons.
    public var count: Int { winners.count }
}

/// Rankings of items, best first, stored back to back: ranking `r` is
/// `items[start[r]..<start[r + 1]]`. A ranking may cover any subset of the items (a partial
/// ranking); items outside it are simply not part of that ranking's choices.
public struct Rankings: Sendable, Equatable {
    public var itemCount: Int
    public var items: [Int32]
    public var start: [Int]

    public init(itemCount: Int, items: [Int32], start: [Int]) {
        precondition(start.first == 0 && start.last == items.count, "start must run from 0 to items.count")
        precondition(!items.contains { $0 < 0 || Int($0) >= itemCount }, "item code out of range")
        self.itemCount = itemCount
        self.items = items
        self.start = start
    }

    /// Creates rankings from one array of item codes per ranking, best first.
    public init(itemCount: Int, rankings: [[Int32]]) {
        var start = [0]
        for ranking in rankings { start.append(start.last! + ranking.count) }
        self.init(itemCount: itemCount, items: rankings.flatMap { $0 }, start: start)
    }

    /// The number of rankings.
    public var count: Int { start.count - 1 }
}

/// Pairwise comparisons read from CSV, with item names.
public struct ComparisonTable: Sendable, Equatable {
    public var comparisons: PairwiseComparisons
    public var itemNames: Interner

    /// Parses a CSV file whose header names `winner` and `loser`, and optionally `tie`
    /// (`1` or `true` for a tie; `0`, `false` or empty otherwise).
    ///
    /// - Throws: `QualityInputError` naming the line of the first problem.
    public static func parse(csv bytes: [UInt8]) throws(QualityInputError) -> ComparisonTable {
        var names = Interner()
        var winners: [Int32] = [], losers: [Int32] = [], ties: [Bool] = []
        var columns: [Int] = [], tieColumn: Int? = nil
        var width = 0, headerLine = 0, anyTie = false
        try CrowdCSV.forEachRecord(in: bytes) { (line, fields) throws(QualityInputError) in
            if columns.isEmpty {
                columns = try CrowdCSV.columns(["winner", "loser"], in: fields, line: line)
                tieColumn = fields.firstIndex { CrowdCSV.matches($0, "tie") }
                width = fields.count
                headerLine = line
                return
            }
            guard fields.count == width else { throw .raggedRow(line: line, expected: width, found: fields.count) }
            if fields[columns[0]].isEmpty { throw .emptyField(line: line, column: "winner") }
            if fields[columns[1]].isEmpty { throw .emptyField(line: line, column: "loser") }
            let winner = names.intern(bytes: fields[columns[0]])
            let loser = names.intern(bytes: fields[columns[1]])
            if winner == loser { throw .repeatedItem(line: line, item: names.name(winner)) }
            winners.append(winner)
            losers.append(loser)
            if let tieColumn {
                let tie = try flag(fields[tieColumn], line: line)
                anyTie = anyTie || tie
                ties.append(tie)
            }
        }
        guard !columns.isEmpty else { throw .emptyInput }
        guard !winners.isEmpty else { throw .noRows(line: headerLine) }
        let comparisons = PairwiseComparisons(itemCount: names.count, winners: winners, losers: losers,
                                              ties: anyTie ? ties : [])
        return ComparisonTable(comparisons: comparisons, itemNames: names)
    }

    private static func flag(_ field: CrowdCSV.Field, line: Int) throws(QualityInputError) -> Bool {
        if field.isEmpty || CrowdCSV.matches(field, "0") || CrowdCSV.matches(field, "false") { return false }
        if CrowdCSV.matches(field, "1") || CrowdCSV.matches(field, "true") { return true }
        throw .notAFlag(line: line, column: "tie", value: CrowdCSV.string(field))
    }
}

/// Rankings read from a CSV file with one ranking per line, items best first, and no header.
public struct RankingTable: Sendable, Equatable {
    public var rankings: Rankings
    public var itemNames: Interner

    /// Parses one ranking per line. Empty fields (such as trailing commas in a file of
    /// rankings of different lengths) are skipped.
    ///
    /// - Throws: `QualityInputError` for an empty file or an item ranked twice on one line.
    public static func parse(csv bytes: [UInt8]) throws(QualityInputError) -> RankingTable {
        var names = Interner()
        var items: [Int32] = [], start = [0]
        var seen: [Int] = []
        try CrowdCSV.forEachRecord(in: bytes) { (line, fields) throws(QualityInputError) in
            let first = items.count
            for field in fields where !field.isEmpty {
                let item = names.intern(bytes: field)
                if seen.count <= Int(item) { seen.append(contentsOf: repeatElement(-1, count: Int(item) + 1 - seen.count)) }
                if seen[Int(item)] == line { throw .repeatedItem(line: line, item: names.name(item)) }
                seen[Int(item)] = line
                items.append(item)
            }
            if items.count > first { start.append(items.count) }
        }
        guard !items.isEmpty else { throw .emptyInput }
        return RankingTable(rankings: Rankings(itemCount: names.count, items: items, start: start), itemNames: names)
    }
}
