import Foundation

extension JSONValue {
    /// What a client is told about a value holding U+0000.
    public static let nulCharacterMessage = "must not contain the NUL character (U+0000)"

    /// The path (`configuration.labels[0]`, `body` for a bare string) of the first member
    /// name or string that contains U+0000, or `nil`. PostgreSQL stores that character in
    /// neither `text` nor `jsonb`, so Cadre refuses it on input, on every database alike.
    /// Members are visited in sorted order, so the same body always names the same field.
    public var pathOfNulCharacter: String? { nulCharacterPath(at: "") }

    private func nulCharacterPath(at path: String) -> String? {
        switch self {
        case .string(let text):
            return text.contains("\u{0}") ? (path.isEmpty ? "body" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.nulCharacterPath(at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                let member = path.isEmpty ? key : "\(path).\(key)"
                if key.contains("\u{0}") { return path.isEmpty ? "body" : path }
                if let found = members[key]?.nulCharacterPath(at: member) { return found }
            }
            return nil
        case .null, .bool, .integer, .number:
            return nil
        }
    }
}
