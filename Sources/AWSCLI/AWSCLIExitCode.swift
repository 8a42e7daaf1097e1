/// The exit codes of `smsh aws ...`: the aws CLI v2's contract
/// (https://docs.aws.amazon.com/cli/latest/topic/return-codes.html). Inside a script an aws line
/// keeps the language's codes (1 for any runtime error, 2 for a syntax error).
public enum AWSCLIExitCode {
    public static let ok: Int32 = 0
    /// The line could not be parsed, or its arguments are invalid (argparse, botocore's parameter validation).
    public static let usage: Int32 = 252
    /// Configuration or credentials are missing or invalid.
    public static let configuration: Int32 = 253
    /// The service answered with an error.
    public static let service: Int32 = 254
    /// Any other failure: the endpoint could not be reached, --query failed on the result.
    public static let other: Int32 = 255
    public static let interrupted: Int32 = 130

    /// The exit code for a runtime error with this code (an AWS error code or smsh's own).
    public static func forError(code: String) -> Int32 {
        switch code {
        case "UsageError", "ParamValidationError": return usage
        case "NoCredentialsError", "CredentialRetrievalError", "ProfileNotFound", "NoRegionError", "InvalidEndpointError",
             "ConfigError", "InvalidRegion":
            return configuration
        case "EndpointConnectionError", "ConnectionClosedError", "ConnectTimeoutError", "ReadTimeoutError", "SSLError",
             "QueryError", "BackendUnavailable", "ClientShutDown", "InvalidResponse":
            return other
        case "Cancelled": return interrupted
        default: return service
        }
    }
}
