/// The scale a value is measured on, which decides how far apart two values are
/// (K. Krippendorff, Content Analysis, 2004, section 11.3.4).
public enum MeasurementLevel: String, Sendable, CaseIterable, Codable {
    /// Categories: two values agree or they do not.
    case nominal
    /// Ranks: distance grows with how many values lie between.
    case ordinal
    /// Numbers whose differences matter: squared difference.
    case interval
    /// Numbers with a true zero: squared difference relative to the sum.
    case ratio
}

/// Krippendorff's reliability data: value `values[i]` was given by coder `coders[i]` to unit
/// `units[i]`. A missing value is simply absent; nominal categories are stored as their
/// category codes.
public struct ReliabilityData: Sendable, Equatable {
    public var unitCount: Int
    public var coderCount: Int
    public var units: [Int32]
    public var coders: [Int32]
    public var values: [Double]

    public init(unitCount: Int, coderCount: Int, units: [Int32], coders: [Int32], values: [Double]) {
        precondition(units.count == coders.count && units.count == values.count, "one unit and coder per value")
        precondition(!units.contains { $0 < 0 || Int($0) >= unitCount }, "unit code out of range")
        precondition(!coders.contains { $0 < 0 || Int($0) >= coderCount }, "coder code out of range")
        precondition(values.allSatisfy(\.isFinite), "values must be finite")
        self.unitCount = unitCount
        self.coderCount = coderCount
        self.units = units
        self.coders = coders
        self.values = values
    }

    /// Builds reliability data from a coders × units matrix, nil marking a missing value, as
    /// the matrices in Krippendorff's papers are printed.
    public init(matrix: [[Double?]]) {
        var units: [Int32] = [], coders: [Int32] = [], values: [Double] = []
        for (coder, row) in matrix.enumerated() {
            for (unit, value) in row.enumerated() {
                guard let value else { continue }
                units.append(Int32(unit))
                coders.append(Int32(coder))
                values.append(value)
            }
        }
        self.init(unitCount: matrix.map(\.count).max() ?? 0, coderCount: matrix.count,
                  units: units, coders: coders, values: values)
    }

    /// The number of values.
    public var count: Int { values.count }

    /// Value indices grouped by unit: the values of unit `u` are
    /// `order[start[u]..<start[u + 1]]`. A counting sort, O(n).
    func groupedByUnit() -> (start: [Int], order: [Int32]) {
        var start = [Int](repeating: 0, count: unitCount + 1)
        for unit in units { start[Int(unit) + 1] += 1 }
        for u in 0..<unitCount { start[u + 1] += start[u] }
        var next = start
        var order = [Int32](repeating: 0, count: count)
        for (index, unit) in units.enumerated() {
            order[next[Int(unit)]] = Int32(index)
            next[Int(unit)] += 1
        }
        return (start, order)
    }
}

/// Ratings read from a `unit,coder,value` CSV file, with the names behind the codes.
public struct RatingTable: Sendable, Equatable {
    public var data: ReliabilityData
    public var unitNames: Interner
    public var coderNames: Interner
    /// For nominal data, the category behind each value code; empty otherwise.
    public var categoryNames: Interner

    /// Parses a CSV file whose header names `unit`, `coder` and `value`. An empty value is a
    /// missing value. For the nominal level values are any strings (categories); for the
    /// other levels they must be numbers.
    ///
    /// - Throws: `QualityInputError` naming the line of the first problem.
    public static func parse(csv bytes: [UInt8], level: MeasurementLevel) throws(QualityInputError) -> RatingTable {
        var unitNames = Interner(), coderNames = Interner(), categories = Interner()
        var units: [Int32] = [], coders: [Int32] = [], values: [Double] = []
        var columns: [Int] = []
        var width = 0, headerLine = 0, rows = 0
        let names = ["unit", "coder", "value"]
        try CrowdCSV.forEachRecord(in: bytes) { (line, fields) throws(QualityInputError) in
            if columns.isEmpty {
                columns = try CrowdCSV.columns(names, in: fields, line: line)
                width = fields.count
                headerLine = line
                units.reserveCapacity(bytes.count / 12)
                coders.reserveCapacity(bytes.count / 12)
                values.reserveCapacity(bytes.count / 12)
                return
            }
            guard fields.count == width else { throw .raggedRow(line: line, expected: width, found: fields.count) }
            rows += 1
            if fields[columns[0]].isEmpty { throw .emptyField(line: line, column: "unit") }
            if fields[columns[1]].isEmpty { throw .emptyField(line: line, column: "coder") }
            // Units and coders are counted even when their value is missing.
            let unit = unitNames.intern(bytes: fields[columns[0]])
            let coder = coderNames.intern(bytes: fields[columns[1]])
            let field = fields[columns[2]]
            guard !field.isEmpty else { return }
            let value: Double
            if level == .nominal {
                value = Double(categories.intern(bytes: field))
            } else {
                guard let number = CrowdCSV.number(field) else {
                    throw .notANumber(line: line, column: "value", value: CrowdCSV.string(field))
                }
                value = number
            }
            units.append(unit)
            coders.append(coder)
            values.append(value)
        }
        guard !columns.isEmpty else { throw .emptyInput }
        guard rows > 0 else { throw .noRows(line: headerLine) }
        let data = ReliabilityData(unitCount: unitNames.count, coderCount: coderNames.count,
                                   units: units, coders: coders, values: values)
        return RatingTable(data: data, unitNames: unitNames, coderNames: coderNames, categoryNames: categories)
    }
}
