// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "smsh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smsh", targets: ["smsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already under async-http-client; named so the aws backend can tell its errors apart.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Secrets Manager's API from botocore's model: operations, shapes, constraints, pagination, docs (generated).
        .target(name: "SecretsModel"),
        // The client core: AWS shapes, errors, JSON, Regions, the Transport seam and the typed client.
        .target(name: "SecretsCore", dependencies: ["SecretsModel"]),
        // The embedded multi-Region Secrets Manager simulator: a Transport backed by SQLite.
        .target(name: "SecretsSimulator", dependencies: ["SecretsModel", 
            "SecretsCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The AWS Signature Version 4 signer: pure functions over a request, clock and credentials injected.
        .target(name: "SigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // What an AWS call needs before HTTP: credentials chain, Region, endpoint, retry policy, signed JSON 1.1 requests, redaction.
        .target(name: "AWSConfig", dependencies: ["SecretsModel", "SigV4", "SecretsCore",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        // The aws backend: a Transport that sends signed JSON 1.1 requests over pooled HTTP(S), with retries.
        .target(name: "AWSBackend", dependencies: ["SecretsModel", 
            "AWSConfig", "SigV4", "SecretsCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // `smsh serve`: the simulator as a Secrets Manager endpoint over HTTP/1.1 (SwiftNIO, already
        // under async-http-client), SigV4 checked, control endpoints, event stream and web view.
        .target(name: "SmshServer", dependencies: ["SecretsModel", "SecretsCore", "SecretsSimulator", "SigV4", "AWSConfig", "AWSCLI",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Where things are in source text, and the problems found there: shared by the language and the aws CLI layer.
        .target(name: "SourceText"),
        // JMESPath (the aws CLI's --query language) over SecretsCore's JSONValue: lexer, parser, interpreter, functions.
        .target(name: "JMESPath", dependencies: ["SecretsCore"]),
        // The aws CLI, emulated from the service model: line parsing, shell words, shorthand, YAML, skeletons, output.
        .target(name: "AWSCLI", dependencies: ["SourceText", "SecretsModel", "SecretsCore", "JMESPath",
                                               .product(name: "Yams", package: "Yams")]),
        // The smsh language: lexer, parser, checker, compiler to client calls, interpreter.
        .target(name: "SmshLanguage", dependencies: ["SourceText", "AWSCLI", "JMESPath", "SecretsModel", "SecretsCore"]),
        // Guided lessons: the .lesson format and its checks, the built-in lessons (compiled in from
        // Lessons/, their one source) and the runner on a throw-away simulator.
        .target(name: "SmshLessons", dependencies: ["SourceText", "SmshLanguage", "SecretsCore", "SecretsSimulator"],
                resources: [.embedInCode("Lessons/replicate.lesson"), .embedInCode("Lessons/conflicts.lesson"), .embedInCode("Lessons/keys.lesson"), .embedInCode("Lessons/failover.lesson"), .embedInCode("Lessons/versions.lesson"), .embedInCode("Lessons/rotation.lesson"), .embedInCode("Lessons/cleanup.lesson")]),
        // libedit (the BSD line editor) as a C module; a shim header wraps its variadic calls.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The signal state (SIGINT, SIGTERM, SIGHUP, SIGWINCH: flags and a self-pipe) and libedit's
        // character reader that wakes on it, in C so that the state is defined exactly once.
        .target(name: "CTerminalSignals", linkerSettings: [.linkedLibrary("edit")]),
        // Terminal line input: libedit behind the LineReader protocol, a plain reader, signals. The only importer of CLibEdit.
        .target(name: "LineEditor", dependencies: ["CLibEdit", "CTerminalSignals"]),
        // The interactive session: the REPL loop, completion, history with redaction, help.
        .target(name: "SmshREPL", dependencies: ["SourceText", "AWSCLI", "SecretsModel", "SmshLanguage", "SecretsCore", "LineEditor",
                                           "SmshLessons"]),
        // Heap set-up in C (mallopt, madvise) for checking large scripts: Glibc's Swift module lacks
        // malloc.h. Linux with glibc only; elsewhere its call does nothing.
        .target(name: "CHeap"),
        // `smsh rehearse`: an account (read-only) or the local state copied into a simulator in memory,
        // a runbook run there, and the plan of its calls and changes.
        .target(name: "Rehearsal", dependencies: ["SecretsModel", "SecretsCore", "SecretsSimulator", "AWSCLI", "SmshLanguage", "SourceText"]),
        // The command-line front end.
        .executableTarget(name: "smsh", dependencies: ["SourceText", "AWSCLI", "SecretsModel", 
            "CHeap",
            "SmshLanguage", "SmshREPL", "LineEditor", "SecretsSimulator", "SecretsCore", "AWSBackend", "AWSConfig",
            "SmshLessons",
            "Rehearsal",
            "SmshServer",
        ]),
        // scripts/bench-simulator: requests/s through the client core and the simulator.
        .executableTarget(name: "SimulatorBench", dependencies: ["SecretsCore", "SecretsSimulator"]),
        // What several test targets need alike: child processes, a seeded generator, the smsh binary, captured output.
        .target(name: "TestSupport", dependencies: ["SourceText", "SmshLanguage"], path: "Tests/TestSupport"),
        // The generated model against botocore's (scripts/generate-model's output, and botocore's model classes).
        .testTarget(name: "SecretsModelTests", dependencies: ["SecretsModel", "TestSupport"]),
        // Differential against Python's jmespath (the aws CLI's), which botocore installs.
        .testTarget(name: "JMESPathTests", dependencies: ["JMESPath", "SecretsCore", "TestSupport"]),
        .testTarget(name: "SecretsCoreTests", dependencies: ["SecretsModel", "SecretsCore", "TestSupport"]),
        // GRDB: the durability test runs SQLite's integrity check on state files smsh was killed writing.
        .testTarget(name: "SecretsSimulatorTests", dependencies: ["SecretsModel", 
            "SecretsSimulator", "SecretsCore", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "TestSupport"]),
        .testTarget(name: "AWSConfigTests", dependencies: ["SecretsModel", "AWSConfig", "SigV4", "SecretsCore", "TestSupport"]),
        // Needs moto_server (scripts/test installs it and passes SMSH_TEST_MOTO_URL) and the smsh executable.
        .testTarget(name: "AWSBackendTests", dependencies: ["SecretsModel", "AWSBackend", "AWSConfig", "SigV4", "SecretsCore", "TestSupport"]),
        // smsh serve in-process (the protocol, SigV4, control endpoints) and as a process driven by
        // the aws CLI, boto3 and headless Chromium; GRDB for the state file's integrity check.
        .testTarget(name: "SmshServerTests", dependencies: ["SmshServer", "SecretsModel", "SecretsCore", "SecretsSimulator", "SigV4", "AWSBackend",
            "AWSConfig", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Clients"]),
        // Scripts/ holds the golden scripts, read through #filePath rather than bundled.
        .testTarget(name: "SmshLanguageTests", dependencies: ["SourceText", "AWSCLI", "SecretsModel", "SmshLanguage", "SecretsCore", "SecretsSimulator", "TestSupport"],
                    exclude: ["Scripts"]),
        // Every built-in lesson end to end with a scripted learner; the lesson format's errors.
        .testTarget(name: "SmshLessonsTests", dependencies: ["SourceText", "SmshLanguage", "SmshLessons", "SecretsCore", "SecretsSimulator", "TestSupport"]),
        // The plan of a rehearsal on the simulator (golden), placeholders, the diff, the read-only transport.
        .testTarget(name: "RehearsalTests", dependencies: ["Rehearsal", "SecretsModel", "SecretsCore", "SecretsSimulator", "SmshLanguage", "TestSupport"],
                    exclude: ["Golden"]),
        // The REPL's pure logic, and end-to-end sessions of the smsh binary in tmux.
        .testTarget(name: "SmshREPLTests", dependencies: ["SecretsModel", "SourceText", "AWSCLI", "SmshREPL", "SmshLanguage", "SecretsCore", "SecretsSimulator", "LineEditor", "TestSupport",
                                                         "SmshLessons"]),
    ],
    swiftLanguageModes: [.v6]
)
