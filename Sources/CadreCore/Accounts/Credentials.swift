import Foundation

/// Rules for passwords chosen by people (and by the demo seed).
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 200

    /// Problems with a proposed password, empty when it is acceptable.
    public static func problems(with password: String) -> [String] {
        if password.count < minimumLength { return ["must be at least \(minimumLength) characters"] }
        if password.count > maximumLength { return ["must be at most \(maximumLength) characters"] }
        return []
    }
}

/// Email addresses as Cadre stores them: trimmed and lower-cased, so sign-in is
/// case-insensitive and uniqueness holds on every database.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A deliberately loose check (one `@`, a dot in the domain, no spaces, ≤ 254
    /// characters): the only real proof of an address is mail reaching it.
    public static func isPlausible(_ raw: String) -> Bool {
        let email = normalize(raw)
        guard email.count <= 254, !email.contains(" ") else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }
}
