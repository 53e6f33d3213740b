import CadreCore
import Foundation
import Vapor

/// Skills a resume mentions, proposed for the candidate to confirm.
enum SkillProposals {
    static func propose(for text: String) -> [ProposedSkill] {
        []
    }
}

/// A digest of a resume's normalised text: the same resume on two accounts is a duplicate flag.
enum ResumeFingerprinting {
    static func fingerprint(of text: String) -> String {
        let normalised = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
        return SHA256.hash(data: Data(normalised.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
