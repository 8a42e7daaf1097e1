/// Members whose values are secret: the shapes the service model marks `"sensitive": true`
/// (SecretStringType, SecretBinaryType, RotationTokenType, RandomPasswordType). What `--debug`
/// redacts, what the language masks in responses, and the only members a secret-derived value
/// may be sent in.
public enum SensitiveMembers {
    public static let names: Set<String> = ["SecretString", "SecretBinary", "RotationToken", "RandomPassword"]
}
