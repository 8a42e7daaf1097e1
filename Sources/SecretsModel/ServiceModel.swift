/// Secrets Manager's API as botocore describes it: operations, shapes, constraints, pagination
/// and documentation. The tables are generated (Generated.swift, by scripts/generate-model); this
/// file holds their types and the look-ups everything else goes through.
public enum ServiceModel {
    /// Every operation, in the model's order.
    public static var operations: [OperationModel] { generatedOperations }

    public static func operation(_ op: Operation) -> OperationModel {
        operationIndex[op]!  // every case is generated from the same list as the table
    }

    /// `replicate-secret-to-regions` or `ReplicateSecretToRegions`.
    public static func operation(named name: String) -> OperationModel? {
        if let op = Operation(rawValue: name) { return operation(op) }
        return generatedOperations.first { $0.cliName == name }
    }

    public static func shape(_ name: String) -> Shape {
        shapeIndex[name]!  // shape names come from the generated tables only
    }

    public static var shapes: [Shape] { generatedShapes }

    private static let operationIndex: [Operation: OperationModel] =
        Dictionary(uniqueKeysWithValues: generatedOperations.map { ($0.operation, $0) })
    private static let shapeIndex: [String: Shape] =
        Dictionary(uniqueKeysWithValues: generatedShapes.map { ($0.name, $0) })
}

/// Documentation as plain text: the model's HTML with tags stripped, one paragraph per line
/// (a list item's paragraph starts with "- ").
public struct Documentation: Sendable, Equatable {
    public let text: String

    public init(_ text: String = "") { self.text = text }

    /// The first paragraph.
    public var summary: String {
        text.firstIndex(of: "\n").map { String(text[..<$0]) } ?? text
    }

    public var paragraphs: [String] { text.split(separator: "\n").map(String.init) }
}

public struct Pagination: Sendable, Equatable {
    public let inputToken: String
    public let outputToken: String
    public let limitKey: String
    public let resultKey: String
}

/// A class, like Shape: every request is checked against the model on both sides of the
/// simulator, and copying a struct of this many strings and arrays at each look-up was a tenth
/// of a call's time.
public final class OperationModel: Sendable {
    public let operation: Operation
    /// The aws CLI's sub-command: `replicate-secret-to-regions`.
    public let cliName: String
    public let inputShape: String?
    public let outputShape: String?
    /// The error shapes the model documents for this operation.
    public let errors: [String]
    public let pagination: Pagination?
    public let documentation: Documentation

    init(_ operation: Operation, cliName: String, input: String? = nil, output: String? = nil, errors: [String] = [],
         pagination: Pagination? = nil, documentation: Documentation = Documentation()) {
        self.operation = operation
        self.cliName = cliName
        self.inputShape = input
        self.outputShape = output
        self.errors = errors
        self.pagination = pagination
        self.documentation = documentation
    }

    public var name: String { operation.rawValue }
    /// The input members in model order (what the aws CLI's options follow).
    public var input: [Member] { inputShape.map { ServiceModel.shape($0).members } ?? [] }
    public var output: [Member] { outputShape.map { ServiceModel.shape($0).members } ?? [] }

    public func inputMember(_ name: String) -> Member? { input.first { $0.name == name } }
}

/// A class: see OperationModel.
public final class Member: Sendable {
    public let name: String
    /// The aws CLI's option name without its dashes: `add-replica-regions`.
    public let cliName: String
    public let shapeName: String
    public let required: Bool
    /// A member the SDKs fill with a fresh UUID when the caller leaves it out (ClientRequestToken).
    public let idempotencyToken: Bool
    public let defaultValue: String?
    public let documentation: Documentation

    init(_ name: String, cliName: String, shape: String, required: Bool = false, idempotencyToken: Bool = false,
         defaultValue: String? = nil, documentation: Documentation = Documentation()) {
        self.name = name
        self.cliName = cliName
        self.shapeName = shape
        self.required = required
        self.idempotencyToken = idempotencyToken
        self.defaultValue = defaultValue
        self.documentation = documentation
    }

    public var shape: Shape { ServiceModel.shape(shapeName) }
    /// `--add-replica-regions`.
    public var option: String { "--" + cliName }
}

/// A class: see OperationModel.
public final class Shape: Sendable {
    public enum Kind: String, Sendable {
        case structure, list, map, string, integer, long, boolean, timestamp, blob
    }

    /// Who is at fault when the service answers with this error shape.
    public enum ErrorKind: Sendable {
        case client, server
    }

    public let name: String
    public let kind: Kind
    /// A structure's members, in model order.
    public let members: [Member]
    /// A list's element shape.
    public let element: String?
    /// A map's key and value shapes.
    public let key: String?
    public let value: String?
    /// Length (strings, blobs, lists, maps) or value (numbers) bounds.
    public let min: Int64?
    public let max: Int64?
    public let pattern: String?
    public let enumValues: [String]
    /// Values the SDKs keep out of logs: secret values, passwords, rotation tokens.
    public let sensitive: Bool
    public let error: ErrorKind?
    public let defaultValue: String?
    public let documentation: Documentation
    /// The required members' names, in model order.
    public let required: [String]

    init(_ name: String, _ kind: Kind, members: [Member] = [], element: String? = nil, key: String? = nil,
         value: String? = nil, min: Int64? = nil, max: Int64? = nil, pattern: String? = nil, enumValues: [String] = [],
         sensitive: Bool = false, error: ErrorKind? = nil, defaultValue: String? = nil,
         documentation: Documentation = Documentation()) {
        self.name = name
        self.kind = kind
        self.members = members
        self.element = element
        self.key = key
        self.value = value
        self.min = min
        self.max = max
        self.pattern = pattern
        self.enumValues = enumValues
        self.sensitive = sensitive
        self.error = error
        self.defaultValue = defaultValue
        self.documentation = documentation
        self.required = members.filter(\.required).map(\.name)
    }

    public func member(_ name: String) -> Member? { members.first { $0.name == name } }
    public var elementShape: Shape? { element.map(ServiceModel.shape) }
}

extension Operation {
    public var model: OperationModel { ServiceModel.operation(self) }
    public var target: String { "\(ServiceModel.targetPrefix).\(rawValue)" }
    /// The aws CLI sub-command (`replicate-secret-to-regions`).
    public var cliName: String { model.cliName }
}
