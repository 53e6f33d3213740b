import Vapor

/// Secrets made here: session and API tokens, CSRF tokens, generated passwords.
enum RandomToken {
    /// 256 random bits as unpadded base64url: 43 characters, safe in headers, cookies and URLs.
    static func urlSafe() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
