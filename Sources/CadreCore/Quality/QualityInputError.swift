/// A problem with a crowd-data file, pointing at the line a person has to fix.
///
/// Every case carries a 1-based line number so that the command line and the server can say
/// exactly where the file went wrong; `description` is the sentence they show.
public enum QualityInputError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file has no header row at all (only blank lines, or nothing).
    case emptyInput
    /// A header but no data rows after it; `line` is the header's line.
    case noRows(line: Int)
    /// The header does not name a column the format needs.
    case missingColumn(String, line: Int)
    /// A row with a different number of fields from the header.
    case raggedRow(line: Int, expected: Int, found: Int)
    /// A field that must be a finite number and is not.
    case notANumber(line: Int, column: String, value: String)
    /// A field that must not be empty (an id or a label) is.
    case emptyField(line: Int, column: String)
    /// A field that must be `0`, `1`, `true`, `false` or empty is something else.
    case notAFlag(line: Int, column: String, value: String)
    /// A quoted field that never closes; `line` is where it opened.
    case unterminatedQuote(line: Int)
    /// A closing quote followed by something other than a separator.
    case textAfterQuote(line: Int)
    /// The same item twice in one ranking, or an item compared with itself.
    case repeatedItem(line: Int, item: String)

    /// The line the problem is on.
    public var line: Int {
        switch self {
        case .emptyInput: 1
        case .noRows(let line), .missingColumn(_, let line), .raggedRow(let line, _, _),
             .notANumber(let line, _, _), .emptyField(let line, _), .notAFlag(let line, _, _),
             .unterminatedQuote(let line), .textAfterQuote(let line), .repeatedItem(let line, _):
            line
        }
    }

    public var description: String {
        switch self {
        case .emptyInput:
            "line 1: the file is empty; expected a header row"
        case .noRows(let line):
            "line \(line): a header but no data rows"
        case .missingColumn(let name, let line):
            "line \(line): missing column '\(name)' in the header"
        case .raggedRow(let line, let expected, let found):
            "line \(line): expected \(expected) fields like the header, found \(found)"
        case .notANumber(let line, let column, let value):
            "line \(line): '\(column)' must be a number, found '\(value)'"
        case .emptyField(let line, let column):
            "line \(line): '\(column)' is empty"
        case .notAFlag(let line, let column, let value):
            "line \(line): '\(column)' must be 0 or 1, found '\(value)'"
        case .unterminatedQuote(let line):
            "line \(line): a quoted field is never closed"
        case .textAfterQuote(let line):
            "line \(line): text after a closing quote"
        case .repeatedItem(let line, let item):
            "line \(line): '\(item)' appears more than once"
        }
    }
}
