import Foundation
import SecretsModel

/// A typed Secrets Manager client bound to one Region, over any `Transport`.
public struct SecretsManagerClient: Sendable {
    public let transport: any Transport
    public let region: String

    public init(transport: any Transport, region: String) {
        self.transport = transport
        self.region = region
    }

    /// The same client, talking to another Region (a replica's, for reads and promotion).
    public func inRegion(_ region: String) -> SecretsManagerClient {
        SecretsManagerClient(transport: transport, region: region)
    }

    /// One call with a raw JSON body: what the language runs and `explain` shows.
    public func call(_ operation: SecretsModel.Operation, body: JSONValue) async throws -> JSONValue {
        let data = try await transport.send(operation: operation, region: region, body: body.encoded())
        do {
            return try JSONValue.parse(data)
        } catch {
            throw AWSError(code: "InvalidResponse", message: "the service's response is not JSON: \(error)", httpStatus: 200)
        }
    }

    private func call<Request: Encodable, Response: Decodable>(_ operation: SecretsModel.Operation, _ request: Request) async throws -> Response {
        let body = try JSONValueEncoder.encode(request).encoded()
        let data = try await transport.send(operation: operation, region: region, body: body)
        return try JSONValueDecoder.decode(Response.self, from: data)
    }

    public func createSecret(_ r: CreateSecretRequest) async throws -> CreateSecretResponse {
        var r = r
        if r.ClientRequestToken == nil { r.ClientRequestToken = UUID().uuidString.lowercased() }
        return try await call(.createSecret, r)
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
        var r = r
        if r.ClientRequestToken == nil { r.ClientRequestToken = UUID().uuidString.lowercased() }
        return try await call(.putSecretValue, r)
    }

    public func updateSecret(_ r: UpdateSecretRequest) async throws -> UpdateSecretResponse {
        var r = r
        if r.ClientRequestToken == nil, r.SecretString != nil || r.SecretBinary != nil {
            r.ClientRequestToken = UUID().uuidString.lowercased()
        }
        return try await call(.updateSecret, r)
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

    /// Every page of ListSecrets, joined (the paginator follows NextToken, even past empty pages).
    public func listSecrets(_ r: ListSecretsRequest = ListSecretsRequest()) async throws -> [SecretListEntry] {
        var request = r
        var all: [SecretListEntry] = []
        var seen = Set<String>()
        while true {
            let page = try await listSecretsPage(request)
            all += page.SecretList ?? []
            guard let token = page.NextToken, !token.isEmpty, seen.insert(token).inserted else { return all }
            request.NextToken = token
        }
    }
}
