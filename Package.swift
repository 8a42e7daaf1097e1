// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "smsh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smsh", targets: ["smsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The client core: AWS shapes, errors, JSON, Regions, the Transport seam and the typed client.
        .target(name: "SecretsCore"),
        // The embedded multi-Region Secrets Manager simulator: a Transport backed by SQLite.
        .target(name: "SecretsSimulator", dependencies: [
            "SecretsCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The AWS Signature Version 4 signer: pure functions over a request, clock and credentials injected.
        .target(name: "SigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // What an AWS call needs before HTTP: credentials chain, Region, endpoint, retry policy, signed JSON 1.1 requests, redaction.
        .target(name: "AWSConfig", dependencies: ["SigV4", "SecretsCore"]),
        // The smsh language: lexer, parser, checker, compiler to client calls, interpreter.
        .target(name: "SmshLanguage", dependencies: ["SecretsCore"]),
        // libedit (the BSD line editor) as a C module; a shim header wraps its variadic calls.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Terminal line input: libedit behind the LineReader protocol, a plain reader, signals. The only importer of CLibEdit.
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        // The interactive session: the REPL loop, completion, history with redaction, help.
        .target(name: "SmshREPL", dependencies: ["SmshLanguage", "SecretsCore", "LineEditor"]),
        // The command-line front end.
        .executableTarget(name: "smsh", dependencies: [
            "SmshLanguage", "SmshREPL", "LineEditor", "SecretsSimulator", "SecretsCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // scripts/bench-simulator: requests/s through the client core and the simulator.
        .executableTarget(name: "SimulatorBench", dependencies: ["SecretsCore", "SecretsSimulator"]),
        .testTarget(name: "SecretsCoreTests", dependencies: ["SecretsCore"]),
        .testTarget(name: "SecretsSimulatorTests", dependencies: ["SecretsSimulator", "SecretsCore"]),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4"]),
        .testTarget(name: "AWSConfigTests", dependencies: ["AWSConfig", "SigV4", "SecretsCore"]),
        // Scripts/ holds the golden scripts, read through #filePath rather than bundled.
        .testTarget(name: "SmshLanguageTests", dependencies: ["SmshLanguage", "SecretsCore", "SecretsSimulator"],
                    exclude: ["Scripts"]),
        // The REPL's pure logic, and end-to-end sessions of the smsh binary in tmux.
        .testTarget(name: "SmshREPLTests", dependencies: ["SmshREPL", "SmshLanguage", "SecretsCore", "SecretsSimulator", "LineEditor"]),
    ],
    swiftLanguageModes: [.v6]
)
