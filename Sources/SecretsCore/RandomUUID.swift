import Foundation

/// Lowercase version 4 UUIDs (`3f2b...-4...-8...`) for request ids, version ids and idempotency
/// tokens. Foundation's `UUID()` opens, reads and closes `/dev/urandom` for each one on Linux:
/// three system calls, 5% of `smsh serve`'s CPU when every answer carries a request id. These
/// come from xoshiro256** seeded once from the system's generator; they need to be unique, not
/// secret.
public enum RandomUUID {
    private static let state = LockedGenerator()

    public static func string() -> String {
        var (a, b) = state.next128()
        // Version 4 and the RFC 4122 variant, as UUID() sets them.
        a = (a & ~0xF000) | 0x4000
        b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        var out = [UInt8](repeating: 0x2D, count: 36)
        var i = 0
        func put(_ v: UInt64, bytes: Int) {
            for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1 }
                let byte = UInt8(truncatingIfNeeded: v >> UInt64(shift))
                out[i] = hex[Int(byte >> 4)]
                out[i + 1] = hex[Int(byte & 0xF)]
                i += 2
            }
        }
        put(a, bytes: 8)
        put(b, bytes: 8)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)
}

/// xoshiro256** behind a lock (the server's event loops share it).
private final class LockedGenerator: @unchecked Sendable {
    private let lock = NSLock()
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        s = (system.next(), system.next(), system.next(), system.next())
        if s == (0, 0, 0, 0) { s.0 = 1 }
    }

    func next128() -> (UInt64, UInt64) {
        lock.lock()
        defer { lock.unlock() }
        return (step(), step())
    }

    private func step() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
