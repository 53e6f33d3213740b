import Foundation

/// Maps identifiers (task, worker, item, class names) to dense `Int32` codes `0..<count`, in
/// order of first appearance, and back.
///
/// The quality algorithms run on flat arrays of codes, so a million labels cost a few
/// megabytes and no per-label objects. Names are kept as UTF-8 bytes in one arena and found
/// through an open-addressing table keyed by FNV-1a, which lets a CSV parser intern a field
/// straight from the file's bytes without building a `String` for every row.
/// Interning is O(length of the name) expected; lookups of a code's name are O(1).
public struct Interner: Sendable, Equatable {
    private var arena: [UInt8] = []
    /// Start of each name in `arena`; one extra element marks the end of the last name.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing slots holding the hash's high 32 bits above `code + 1`, so most
    /// probes are settled by the slot alone without touching the arena; 0 marks an empty
    /// slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)

    /// Creates an empty interner.
    public init() {}

    /// Creates an interner holding `names` in order, so `code(of: names[i]) == i`.
    /// Repeated names keep their first code.
    public init<S: Sequence>(_ names: S) where S.Element == String {
        for name in names { intern(name) }
    }

    /// The number of distinct names interned.
    public var count: Int { hashes.count }

    /// Returns the code of `name`, adding it if it is new.
    @discardableResult
    public mutating func intern(_ name: String) -> Int32 {
        var name = name
        return name.withUTF8 { intern(bytes: $0) }
    }

    /// Returns the code of the UTF-8 `bytes`, adding them if they are new.
    @discardableResult
    public mutating func intern(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored >> 32 == hash >> 32 {
                let code = Int(stored & 0xFFFF_FFFF) - 1
                if equals(code, bytes) { return Int32(code) }
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(hashes.count)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = Self.slot(hash: hash, code: code)
        // Keep the load factor under one half so probe chains stay short.
        if hashes.count * 2 > slots.count { grow() }
        return code
    }

    /// The code of `name`, or nil when it was never interned.
    public func code(of name: String) -> Int32? {
        var name = name
        return name.withUTF8 { bytes -> Int32? in
            let hash = Self.hash(bytes)
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] != 0 {
                let code = Int(slots[slot] & 0xFFFF_FFFF) - 1
                if slots[slot] >> 32 == hash >> 32 && equals(code, bytes) { return Int32(code) }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    /// The name behind `code`.
    public func name(_ code: Int32) -> String {
        let range = starts[Int(code)]..<starts[Int(code) + 1]
        return String(decoding: arena[range], as: UTF8.self)
    }

    /// Every name, indexed by code.
    public var names: [String] { (0..<count).map { name(Int32($0)) } }

    /// Codes ordered by the byte order of their names (the order of `LC_ALL=C sort`), which
    /// is stable across platforms and locales.
    public func codesSortedByName() -> [Int32] {
        var codes = (0..<Int32(count)).map { $0 }
        arena.withUnsafeBufferPointer { arena in
            codes.sort { a, b in
                let ra = starts[Int(a)]..<starts[Int(a) + 1]
                let rb = starts[Int(b)]..<starts[Int(b) + 1]
                let shared = min(ra.count, rb.count)
                let order = shared == 0 ? 0 : memcmp(arena.baseAddress! + ra.lowerBound,
                                                     arena.baseAddress! + rb.lowerBound, shared)
                return order != 0 ? order < 0 : ra.count < rb.count
            }
        }
        return codes
    }

    /// Appends the UTF-8 bytes of `code`'s name to `output`, for writers that build a file in
    /// one buffer.
    public func appendName(_ code: Int32, to output: inout [UInt8]) {
        output.append(contentsOf: arena[starts[Int(code)]..<starts[Int(code) + 1]])
    }

    /// The UTF-8 bytes of `code`'s name.
    public func nameBytes(_ code: Int32) -> ArraySlice<UInt8> {
        arena[starts[Int(code)]..<starts[Int(code) + 1]]
    }

    public static func == (lhs: Interner, rhs: Interner) -> Bool {
        lhs.arena == rhs.arena && lhs.starts == rhs.starts
    }

    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[code]
        let length = starts[code + 1] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: capacity)
        for code in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & (capacity - 1)
            while fresh[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            fresh[slot] = Self.slot(hash: hashes[code], code: Int32(code))
        }
        slots = fresh
    }

    private static func slot(hash: UInt64, code: Int32) -> UInt64 {
        (hash >> 32) << 32 | UInt64(code + 1)
    }

    /// FNV-1a (Fowler–Noll–Vo), followed by a final avalanche so that the low bits used to
    /// pick a slot depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
