/// Scored responses of many persons to many items, integer-coded in flat arrays.
///
/// Calibration runs over thousands of persons and hundreds of items, so responses are kept as
/// three parallel arrays of small integers rather than as values holding strings; the string
/// identifiers are kept once, in `personIDs` and `itemIDs`, indexed by those codes.
public struct ResponseTable: Sendable, Equatable {
    /// Person identifiers; a person's code is its index here.
    public private(set) var personIDs: [String] = []
    /// Item identifiers; an item's code is its index here.
    public private(set) var itemIDs: [String] = []
    /// Person code of each response.
    public private(set) var persons: [Int32] = []
    /// Item code of each response.
    public private(set) var items: [Int32] = []
    /// 1 for a correct response, 0 otherwise.
    public private(set) var scores: [UInt8] = []

    private var personCodes: [String: Int32] = [:]
    private var itemCodes: [String: Int32] = [:]

    /// An empty table.
    public init() {}

    /// Number of responses.
    public var count: Int { scores.count }

    /// Adds one response, coding new persons and items in order of first appearance.
    public mutating func append(person: String, item: String, correct: Bool) {
        persons.append(Self.code(of: person, in: &personCodes, ids: &personIDs))
        items.append(Self.code(of: item, in: &itemCodes, ids: &itemIDs))
        scores.append(correct ? 1 : 0)
    }

    /// Reads a `person,item,correct` table with a header line and `0`/`1` scores.
    ///
    /// Blank lines, CRLF line ends and spaces around fields are accepted; anything else
    /// malformed is reported with its 1-based line number.
    /// - Complexity: O(characters), one pass over the UTF-8 bytes.
    public init(csv: String) throws(AssessmentError) {
        var text = csv
        let parsed: Result<ResponseTable, AssessmentError> = text.withUTF8 { bytes in
            Result { () throws(AssessmentError) in try Self.parse(bytes) }
        }
        self = try parsed.get()
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(AssessmentError) -> ResponseTable {
        typealias Field = UnsafeBufferPointer<UInt8>
        var table = ResponseTable()
        var lineNumber = 0, start = 0
        var sawHeader = false
        // Tables are usually sorted by person: reusing the previous line's code saves a
        // String and a hash lookup on most lines.
        var previousPerson: (field: Field, code: Int32)?
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            let line = Field(rebasing: bytes[start..<end])
            start = end + 1
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Field(rebasing: $0).trimmed }
            if fields.count == 1 && fields[0].isEmpty { continue }
            if !sawHeader {
                sawHeader = true
                guard fields.map({ String(decoding: $0, as: UTF8.self) }) == ["person", "item", "correct"] else {
                    throw .malformedHeader(found: String(decoding: line.trimmed, as: UTF8.self))
                }
                continue
            }
            guard fields.count == 3 else {
                throw .malformedLine(line: lineNumber, reason: "expected 3 fields (person,item,correct), found \(fields.count)")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .malformedLine(line: lineNumber, reason: "person and item must not be empty")
            }
            guard fields[2].count == 1, fields[2][0] == UInt8(ascii: "0") || fields[2][0] == UInt8(ascii: "1") else {
                throw .malformedLine(line: lineNumber, reason: "correct must be 0 or 1, found \"\(String(decoding: fields[2], as: UTF8.self))\"")
            }
            let person: Int32
            if let previous = previousPerson, previous.field.elementsEqual(fields[0]) {
                person = previous.code
            } else {
                person = code(of: String(decoding: fields[0], as: UTF8.self), in: &table.personCodes, ids: &table.personIDs)
                previousPerson = (fields[0], person)
            }
            table.persons.append(person)
            table.items.append(code(of: String(decoding: fields[1], as: UTF8.self), in: &table.itemCodes, ids: &table.itemIDs))
            table.scores.append(fields[2][0] == UInt8(ascii: "1") ? 1 : 0)
        }
        guard sawHeader else { throw .malformedHeader(found: "") }
        return table
    }

    private static func code(of id: String, in codes: inout [String: Int32], ids: inout [String]) -> Int32 {
        if let code = codes[id] { return code }
        let code = Int32(ids.count)
        codes[id] = code
        ids.append(id)
        return code
    }
}

private extension UnsafeBufferPointer<UInt8> {
    /// The bytes without surrounding spaces and carriage returns (CRLF line ends).
    var trimmed: UnsafeBufferPointer<UInt8> {
        var lower = startIndex, upper = endIndex
        while lower < upper && (self[lower] == UInt8(ascii: " ") || self[lower] == UInt8(ascii: "\r")) { lower += 1 }
        while upper > lower && (self[upper - 1] == UInt8(ascii: " ") || self[upper - 1] == UInt8(ascii: "\r")) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: self[lower..<upper])
    }
}
