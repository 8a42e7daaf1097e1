import Foundation
import SecretsCore

/// GetRandomPassword, from the operating system's cryptographic generator (getrandom on Linux).
struct RandomPassword {
    static let lowercase = Array("abcdefghijklmnopqrstuvwxyz")
    static let uppercase = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let digits = Array("0123456789")
    /// The punctuation the model's documentation of ExcludePunctuation lists.
    static let punctuation = Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    var length = 32
    var excludeCharacters = ""
    var excludeNumbers = false
    var excludePunctuation = false
    var excludeUppercase = false
    var excludeLowercase = false
    var includeSpace = false
    var requireEachIncludedType = true

    init() {}

    init(body b: RequestBody) throws {
        // PasswordLength's range was checked against the model on the way in.
        length = Int(try b.int("PasswordLength") ?? 32)
        excludeCharacters = try b.string("ExcludeCharacters") ?? ""
        excludeNumbers = try b.bool("ExcludeNumbers") ?? false
        excludePunctuation = try b.bool("ExcludePunctuation") ?? false
        excludeUppercase = try b.bool("ExcludeUppercase") ?? false
        excludeLowercase = try b.bool("ExcludeLowercase") ?? false
        includeSpace = try b.bool("IncludeSpace") ?? false
        requireEachIncludedType = try b.bool("RequireEachIncludedType") ?? true
    }

    /// The character types in use, each without the excluded characters; empty types are dropped.
    /// The space is a character a password may hold, not a type it must hold.
    var types: [[Character]] {
        let excluded = Set(excludeCharacters)
        let chosen: [([Character], Bool)] = [(Self.lowercase, excludeLowercase), (Self.uppercase, excludeUppercase),
                                             (Self.digits, excludeNumbers), (Self.punctuation, excludePunctuation)]
        return chosen.filter { !$0.1 }.map { $0.0.filter { !excluded.contains($0) } }.filter { !$0.isEmpty }
    }

    func generate() throws -> String {
        var rng = SystemRandomNumberGenerator()
        let types = self.types
        var alphabet = types.flatMap { $0 }
        if includeSpace, !excludeCharacters.contains(" ") { alphabet.append(" ") }
        guard !alphabet.isEmpty else {
            throw AWSError.invalidParameter("The password can't be generated: the options exclude every character.")
        }
        var out: [Character] = []
        if requireEachIncludedType {
            guard length >= types.count else {
                throw AWSError.invalidParameter("The password length \(length) is too short to include one character of each of the \(types.count) included types.")
            }
            for type in types { out.append(type[Int.random(in: 0..<type.count, using: &rng)]) }
        }
        while out.count < length { out.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
        // The required characters go to random places.
        out.shuffle(using: &rng)
        return String(out)
    }
}

extension SimulatorService {
    func getRandomPassword(_ b: RequestBody) throws -> JSONValue {
        response([("RandomPassword", .string(try RandomPassword(body: b).generate()))])
    }
}
