import SecretsModel

/// Members whose values are secret: those of the shapes the service model marks sensitive
/// (SecretString, SecretBinary, RotationToken, RandomPassword). What `--debug` redacts, what the
/// language masks in responses, and the only members a secret-derived value may be sent in.
public enum SensitiveMembers {
    public static let names: Set<String> = Set(ServiceModel.shapes.flatMap { shape in
        shape.members.filter { $0.shape.sensitive }.map(\.name)
    })

    /// How a secret value shows when it is not revealed.
    public static let mask = "********"
}
