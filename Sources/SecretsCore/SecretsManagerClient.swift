import Foundation
import SecretsModel

/// A typed Secrets Manager client bound to one Region, over any `Transport`.
public struct SecretsManagerClient: Sendable {
    public let transport: any Transport
    public let region: String
    /// botocore's `parameter_validation`: off, a body the model refuses is sent anyway and the
    /// service answers it (what a raw HTTP client sees; the simulator's own tests need that).
    public let validatesParameters: Bool

    public init(transport: any Transport, region: String, validatesParameters: Bool = true) {
        self.transport = transport
        self.region = region
        self.validatesParameters = validatesParameters
    }

    /// The same client, talking to another Region (a replica's, for reads and promotion).
    public func inRegion(_ region: String) -> SecretsManagerClient {
        SecretsManagerClient(transport: transport, region: region, validatesParameters: validatesParameters)
    }

    /// One call with a raw JSON body: what the language runs and `explain` shows. As botocore does,
    /// a missing idempotency token gets a fresh UUID (once, so a retry sends the same one) and the
    /// body is checked against the model before anything is sent.
    public func call(_ operation: SecretsModel.Operation, body: JSONValue) async throws -> JSONValue {
        let body = IdempotencyTokens.filled(operation, body)
        if validatesParameters {
            let problems = RequestValidation.problems(operation, body)
            if !problems.isEmpty { throw AWSError.paramValidation(RequestValidation.report(problems)) }
        }
        let data = try await transport.send(operation: operation, region: region, body: body.encoded())
        do {
            return try JSONValue.parse(data)
        } catch {
            throw AWSError(code: "InvalidResponse", message: "the service's response is not JSON: \(error)", httpStatus: 200)
        }
    }

    private func call<Request: Encodable, Response: Decodable>(_ operation: SecretsModel.Operation, _ request: Request) async throws -> Response {
        try JSONValueDecoder.decode(Response.self, from: try await call(operation, body: JSONValueEncoder.encode(request)).encoded())
    }

    public func createSecret(_ r: CreateSecretRequest) async throws -> CreateSecretResponse {
        try await call(.createSecret, r)
    }

    public func describeSecret(_ r: DescribeSecretRequest) async throws -> DescribeSecretResponse {
        try await call(.describeSecret, r)
    }

    public func replicateSecretToRegions(_ r: ReplicateSecretToRegionsRequest) async throws -> ReplicateSecretToRegionsResponse {
        try await call(.replicateSecretToRegions, r)
    }

    public func removeRegionsFromReplication(_ r: RemoveRegionsFromReplicationRequest) async throws -> RemoveRegionsFromReplicationResponse {
        try await call(.removeRegionsFromReplication, r)
    }

    /// Must be sent to the replica's Region: use `inRegion(replicaRegion)`.
    public func stopReplicationToReplica(_ r: StopReplicationToReplicaRequest) async throws -> StopReplicationToReplicaResponse {
        try await call(.stopReplicationToReplica, r)
    }

    public func getSecretValue(_ r: GetSecretValueRequest) async throws -> GetSecretValueResponse {
        try await call(.getSecretValue, r)
    }

    public func putSecretValue(_ r: PutSecretValueRequest) async throws -> PutSecretValueResponse {
        try await call(.putSecretValue, r)
    }

    public func updateSecret(_ r: UpdateSecretRequest) async throws -> UpdateSecretResponse {
        try await call(.updateSecret, r)
    }

    public func deleteSecret(_ r: DeleteSecretRequest) async throws -> DeleteSecretResponse {
        try await call(.deleteSecret, r)
    }

    public func restoreSecret(_ r: RestoreSecretRequest) async throws -> RestoreSecretResponse {
        try await call(.restoreSecret, r)
    }

    /// One page of ListSecrets.
    public func listSecretsPage(_ r: ListSecretsRequest) async throws -> ListSecretsResponse {
        try await call(.listSecrets, r)
    }

    /// Every page of ListSecrets, joined.
    public func listSecrets(_ r: ListSecretsRequest = ListSecretsRequest()) async throws -> [SecretListEntry] {
        let all = try await paginateAll(.listSecrets, body: JSONValueEncoder.encode(r))
        return try JSONValueDecoder.decode(ListSecretsResponse.self, from: all.encoded()).SecretList ?? []
    }
}
