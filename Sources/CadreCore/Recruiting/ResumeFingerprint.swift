/// What two accounts' resumes have in common without keeping the resumes side by side: an
/// exact digest of the normalised text, and a MinHash signature of its word shingles for
/// near-duplicates (the same resume with a changed name or date).
///
/// Normalisation folds case and diacritics and keeps only words (runs of letters and digits)
/// separated by single spaces, so re-exporting a PDF, re-flowing lines or changing
/// punctuation does not change the digest.
///
/// The digest is 128-bit FNV-1a (Fowler, Noll & Vo; offset basis and prime from the FNV
/// specification, draft-eastlake-fnv) over the UTF-8 bytes of the normalised text, printed as
/// 32 lowercase hex digits. It is a key for spotting the same text, not a cryptographic hash:
/// someone who wants a collision can make one, and that is not the threat here.
public struct ResumeFingerprint: Sendable, Hashable, Codable {
    /// 32 lowercase hex digits; equal for resumes whose normalised text is equal.
    public var digest: String
    /// MinHash signature of the normalised text's 3-word shingles.
    public var signature: MinHashSignature

    /// Similarity at or above which two resumes are flagged as near-duplicates: resumes of
    /// one person rewritten for another share far fewer 3-word runs.
    public static let nearDuplicateThreshold = 0.8

    /// Fingerprints `resume`. Signatures compare only between fingerprints made with the same
    /// `hasher` (the default one is fixed).
    public init(resume: String, hasher: MinHasher = MinHasher()) {
        let normalised = Self.normalised(resume)
        digest = Self.hexDigest(of: normalised)
        signature = hasher.signature(ofText: normalised, width: 3)
    }

    /// The normalised text the fingerprint is taken of.
    public static func normalised(_ text: String) -> String {
        ShingleSet.words(in: ResumeText.fold(text)).joined(separator: " ")
    }

    /// Whether the normalised texts are the same (up to a 2⁻¹²⁸-scale chance collision); two
    /// empty resumes are not duplicates of each other.
    public func isDuplicate(of other: ResumeFingerprint) -> Bool {
        !signature.isEmpty && digest == other.digest
    }

    /// Estimated Jaccard similarity of the two resumes' shingle sets.
    public func similarity(to other: ResumeFingerprint) -> Double {
        signature.estimatedJaccard(with: other.signature)
    }

    /// Whether the resumes are the same or nearly so.
    public func isNearDuplicate(of other: ResumeFingerprint, threshold: Double = nearDuplicateThreshold) -> Bool {
        isDuplicate(of: other) || similarity(to: other) >= threshold
    }

    static func hexDigest(of text: String) -> String {
        var hash: UInt128 = 0x6C62_272E_07BB_0142_62B8_2175_6295_C58D
        let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B
        for byte in text.utf8 {
            hash ^= UInt128(byte)
            hash &*= prime
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }
}
