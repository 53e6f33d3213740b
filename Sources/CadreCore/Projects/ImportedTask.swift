import Foundation

/// One line of a JSONL task import, validated: the template's input plus Cadre's own fields.
public struct ImportedTask: Equatable, Sendable {
    public var externalID: String
    public var input: JSONValue
    public var priority: Int
    public var metadata: JSONValue?
    /// The known answer of a gold task, validated against the template.
    public var goldAnswer: JSONValue?

    /// Cadre's own members of an import line; everything else is the template's input.
    public static let reservedKeys: Set<String> = ["external_id", "priority", "metadata", "gold_answer"]
    public static let maxExternalIDLength = 200

    /// Validates one line. Problems name the line (`line 12: input.responses[1]`), so a client
    /// fixes a whole file from one answer; `unit` names what a line stands for when the file
    /// was another shape (`task 12` of a Label Studio export).
    public static func parse(line: Data, number: Int, template: ConfiguredTemplate, gold: Bool = false, unit: String = "line") -> Result<ImportedTask, ValidationFailure> {
        let prefix = "\(unit) \(number)"
        let json: JSONValue
        do {
            json = try JSONValue(parsing: line)
        } catch {
            return .failure(ValidationFailure(field: prefix, message: "not valid JSON: \(error.reason) at byte \(error.offset)"))
        }
        if let path = json.pathOfNulCharacter {
            return .failure(ValidationFailure(field: "\(prefix): \(path)", message: JSONValue.nulCharacterMessage))
        }
        guard case .object(var members) = json else {
            return .failure(ValidationFailure(field: prefix, message: "expected a JSON object, got \(json.kindDescription)"))
        }
        var errors: [FieldError] = []
        let externalID = members["external_id"]?.stringValue ?? members["external_id"]?.intValue.map(String.init)
        if let externalID, !externalID.isEmpty, externalID.count <= maxExternalIDLength {
        } else {
            errors.append(FieldError(field: "\(prefix): external_id", message: "required: a string of 1 to \(maxExternalIDLength) characters that identifies the task in your system"))
        }
        var priority = 0
        if let raw = members["priority"], !raw.isNull {
            if let value = raw.intValue, (-1000...1000).contains(value) {
                priority = value
            } else {
                errors.append(FieldError(field: "\(prefix): priority", message: "expected a whole number from -1000 to 1000"))
            }
        }
        let metadata = members["metadata"].flatMap { $0.isNull ? nil : $0 }
        if let metadata, metadata.objectValue == nil {
            errors.append(FieldError(field: "\(prefix): metadata", message: "expected an object"))
        }
        let goldValue = members["gold_answer"]
        for key in reservedKeys { members[key] = nil }
        var input: JSONValue = .null
        var inputValid = false
        do {
            input = try template.validateInput(.object(members))
            inputValid = true
        } catch {
            errors += error.errors.map { FieldError(field: "\(prefix): \($0.field == "body" ? "input" : "input.\($0.field)")", message: $0.message) }
        }
        var goldAnswer: JSONValue?
        if gold {
            if let goldValue, !goldValue.isNull {
                if inputValid {
                    do {
                        goldAnswer = try template.validateAnswer(goldValue, input: input)
                    } catch {
                        errors += error.errors.map { FieldError(field: "\(prefix): gold_answer\($0.field == "body" ? "" : "." + $0.field)", message: $0.message) }
                    }
                }
            } else {
                errors.append(FieldError(field: "\(prefix): gold_answer", message: "required for a gold task: the known answer, in the template's answer format"))
            }
        } else if goldValue != nil {
            errors.append(FieldError(field: "\(prefix): gold_answer", message: "gold tasks are imported at POST /api/v1/projects/{id}/gold"))
        }
        guard errors.isEmpty, let externalID else { return .failure(ValidationFailure(errors)) }
        return .success(ImportedTask(externalID: externalID, input: input, priority: priority, metadata: metadata, goldAnswer: goldAnswer))
    }
}

/// Splits a byte stream into lines as it arrives, without ever holding the whole body.
public struct LineSplitter: Sendable {
    private var pending = Data()
    public private(set) var lineNumber = 0
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 4 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    public enum Failure: Error, Equatable { case lineTooLong(line: Int) }

    /// Feeds a chunk and returns the complete lines it finished, numbered from 1; blank lines
    /// are counted but not returned.
    public mutating func feed(_ chunk: Data) throws(Failure) -> [(number: Int, bytes: Data)] {
        pending.append(chunk)
        var lines: [(Int, Data)] = []
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            let line = trimmed(pending[start..<newline])
            if !line.isEmpty { lines.append((lineNumber, Data(line))) }
            start = pending.index(after: newline)
        }
        pending = Data(pending[start...])
        if pending.count > maxLineBytes { throw .lineTooLong(line: lineNumber + 1) }
        return lines
    }

    /// The last line, if the body did not end with a newline.
    public mutating func finish() -> (number: Int, bytes: Data)? {
        let line = trimmed(pending[...])
        pending = Data()
        guard !line.isEmpty else { return nil }
        lineNumber += 1
        return (lineNumber, Data(line))
    }

    private func trimmed(_ bytes: Data.SubSequence) -> Data.SubSequence {
        var slice = bytes
        while let last = slice.last, last == 0x0D || last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        // A byte-order mark that some editors write at the start of a UTF-8 file.
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        return slice
    }
}
