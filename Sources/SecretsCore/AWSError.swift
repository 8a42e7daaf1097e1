/// An error as the service reports it: the code from `__type`, the message, the HTTP status.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let httpStatus: Int

    public init(code: String, message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(code): \(message)" }

    /// The JSON 1.1 error body: `{"__type": CODE, "message": TEXT}`.
    public var body: JSONValue { .object([("__type", .string(code)), ("message", .string(message))]) }

    /// Reads an error body the way botocore does: `__type` after any '#' and before any ':',
    /// `message` or `Message`, the status as the code when `__type` is missing, the raw text when
    /// the body is not JSON.
    public static func fromResponse(status: Int, body: [UInt8]) -> AWSError {
        guard let json = try? JSONValue.parse(body), case .object = json else {
            let text = String(decoding: body, as: UTF8.self)
            return AWSError(code: String(status), message: text, httpStatus: status)
        }
        var code = json["__type"]?.stringValue ?? String(status)
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        let message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
        return AWSError(code: code, message: message, httpStatus: status)
    }

    public static func invalidParameter(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: message)
    }
    public static func invalidRequest(_ message: String) -> AWSError {
        AWSError(code: "InvalidRequestException", message: message)
    }
    public static func notFound(_ message: String = "Secrets Manager can't find the specified secret.") -> AWSError {
        AWSError(code: "ResourceNotFoundException", message: message)
    }
    public static func resourceExists(_ message: String) -> AWSError {
        AWSError(code: "ResourceExistsException", message: message)
    }
    public static func serialization(_ message: String) -> AWSError {
        AWSError(code: "SerializationException", message: message)
    }
    public static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationException", message: message)
    }
    /// A request the model refuses before it is sent (botocore's ParamValidationError): no status,
    /// since it never reached a service.
    public static func paramValidation(_ report: String) -> AWSError {
        AWSError(code: "ParamValidationError", message: report, httpStatus: 0)
    }
}
