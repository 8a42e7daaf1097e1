import Foundation

// Request and response shapes of the Secrets Manager API (botocore model 2017-10-17).
// Members carry the exact AWS names so that they encode to, and decode from, the wire as they are;
// every member the model leaves optional is optional here and left out of the JSON when nil.

public struct ReplicaRegionType: Codable, Sendable, Equatable {
    public var Region: String?
    public var KmsKeyId: String?
    public init(Region: String? = nil, KmsKeyId: String? = nil) {
        self.Region = Region
        self.KmsKeyId = KmsKeyId
    }
}

public enum StatusType: String, Codable, Sendable {
    case InSync, Failed, InProgress
}

public struct ReplicationStatusType: Codable, Sendable, Equatable {
    public var Region: String?
    public var KmsKeyId: String?
    public var Status: StatusType?
    public var StatusMessage: String?
    public var LastAccessedDate: Date?
    public init(Region: String? = nil, KmsKeyId: String? = nil, Status: StatusType? = nil,
                StatusMessage: String? = nil, LastAccessedDate: Date? = nil) {
        self.Region = Region
        self.KmsKeyId = KmsKeyId
        self.Status = Status
        self.StatusMessage = StatusMessage
        self.LastAccessedDate = LastAccessedDate
    }
}

public struct Tag: Codable, Sendable, Equatable {
    public var Key: String?
    public var Value: String?
    public init(Key: String? = nil, Value: String? = nil) {
        self.Key = Key
        self.Value = Value
    }
}

public struct RotationRulesType: Codable, Sendable, Equatable {
    public var AutomaticallyAfterDays: Int64?
    public var Duration: String?
    public var ScheduleExpression: String?
}

public struct ExternalSecretRotationMetadataItem: Codable, Sendable, Equatable {
    public var Key: String?
    public var Value: String?
}

public struct Filter: Codable, Sendable, Equatable {
    public var Key: String?
    public var Values: [String]?
    public init(Key: String? = nil, Values: [String]? = nil) {
        self.Key = Key
        self.Values = Values
    }
}

// MARK: CreateSecret

public struct CreateSecretRequest: Codable, Sendable, Equatable {
    public var Name: String
    public var ClientRequestToken: String?
    public var Description: String?
    public var KmsKeyId: String?
    public var SecretBinary: Data?
    public var SecretString: String?
    public var Tags: [Tag]?
    public var AddReplicaRegions: [ReplicaRegionType]?
    public var ForceOverwriteReplicaSecret: Bool?
    public var `Type`: String?
    public init(Name: String, ClientRequestToken: String? = nil, Description: String? = nil, KmsKeyId: String? = nil,
                SecretBinary: Data? = nil, SecretString: String? = nil, Tags: [Tag]? = nil,
                AddReplicaRegions: [ReplicaRegionType]? = nil, ForceOverwriteReplicaSecret: Bool? = nil, Type: String? = nil) {
        self.Name = Name
        self.ClientRequestToken = ClientRequestToken
        self.Description = Description
        self.KmsKeyId = KmsKeyId
        self.SecretBinary = SecretBinary
        self.SecretString = SecretString
        self.Tags = Tags
        self.AddReplicaRegions = AddReplicaRegions
        self.ForceOverwriteReplicaSecret = ForceOverwriteReplicaSecret
        self.Type = Type
    }
}

public struct CreateSecretResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var VersionId: String?
    public var ReplicationStatus: [ReplicationStatusType]?
    public init(ARN: String? = nil, Name: String? = nil, VersionId: String? = nil, ReplicationStatus: [ReplicationStatusType]? = nil) {
        self.ARN = ARN
        self.Name = Name
        self.VersionId = VersionId
        self.ReplicationStatus = ReplicationStatus
    }
}

// MARK: DescribeSecret

public struct DescribeSecretRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public init(SecretId: String) { self.SecretId = SecretId }
}

public struct DescribeSecretResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var `Type`: String?
    public var Description: String?
    public var KmsKeyId: String?
    public var RotationEnabled: Bool?
    public var RotationLambdaARN: String?
    public var RotationRules: RotationRulesType?
    public var ExternalSecretRotationMetadata: [ExternalSecretRotationMetadataItem]?
    public var ExternalSecretRotationRoleArn: String?
    public var LastRotatedDate: Date?
    public var LastChangedDate: Date?
    public var LastAccessedDate: Date?
    public var DeletedDate: Date?
    public var NextRotationDate: Date?
    public var Tags: [Tag]?
    public var VersionIdsToStages: [String: [String]]?
    public var OwningService: String?
    public var CreatedDate: Date?
    public var PrimaryRegion: String?
    public var ReplicationStatus: [ReplicationStatusType]?
    public init() {}
}

// MARK: ReplicateSecretToRegions

public struct ReplicateSecretToRegionsRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var AddReplicaRegions: [ReplicaRegionType]
    public var ForceOverwriteReplicaSecret: Bool?
    public init(SecretId: String, AddReplicaRegions: [ReplicaRegionType], ForceOverwriteReplicaSecret: Bool? = nil) {
        self.SecretId = SecretId
        self.AddReplicaRegions = AddReplicaRegions
        self.ForceOverwriteReplicaSecret = ForceOverwriteReplicaSecret
    }
}

public struct ReplicateSecretToRegionsResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var ReplicationStatus: [ReplicationStatusType]?
    public init(ARN: String? = nil, ReplicationStatus: [ReplicationStatusType]? = nil) {
        self.ARN = ARN
        self.ReplicationStatus = ReplicationStatus
    }
}

// MARK: RemoveRegionsFromReplication

public struct RemoveRegionsFromReplicationRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var RemoveReplicaRegions: [String]
    public init(SecretId: String, RemoveReplicaRegions: [String]) {
        self.SecretId = SecretId
        self.RemoveReplicaRegions = RemoveReplicaRegions
    }
}

public typealias RemoveRegionsFromReplicationResponse = ReplicateSecretToRegionsResponse

// MARK: StopReplicationToReplica

public struct StopReplicationToReplicaRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public init(SecretId: String) { self.SecretId = SecretId }
}

public struct StopReplicationToReplicaResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public init(ARN: String? = nil) { self.ARN = ARN }
}

// MARK: GetSecretValue

public struct GetSecretValueRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var VersionId: String?
    public var VersionStage: String?
    public init(SecretId: String, VersionId: String? = nil, VersionStage: String? = nil) {
        self.SecretId = SecretId
        self.VersionId = VersionId
        self.VersionStage = VersionStage
    }
}

public struct GetSecretValueResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var VersionId: String?
    public var SecretBinary: Data?
    public var SecretString: String?
    public var VersionStages: [String]?
    public var CreatedDate: Date?
    public init() {}
}

// MARK: PutSecretValue

public struct PutSecretValueRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var ClientRequestToken: String?
    public var SecretBinary: Data?
    public var SecretString: String?
    public var VersionStages: [String]?
    public var RotationToken: String?
    public init(SecretId: String, ClientRequestToken: String? = nil, SecretBinary: Data? = nil,
                SecretString: String? = nil, VersionStages: [String]? = nil, RotationToken: String? = nil) {
        self.SecretId = SecretId
        self.ClientRequestToken = ClientRequestToken
        self.SecretBinary = SecretBinary
        self.SecretString = SecretString
        self.VersionStages = VersionStages
        self.RotationToken = RotationToken
    }
}

public struct PutSecretValueResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var VersionId: String?
    public var VersionStages: [String]?
    public init(ARN: String? = nil, Name: String? = nil, VersionId: String? = nil, VersionStages: [String]? = nil) {
        self.ARN = ARN
        self.Name = Name
        self.VersionId = VersionId
        self.VersionStages = VersionStages
    }
}

// MARK: UpdateSecret

public struct UpdateSecretRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var ClientRequestToken: String?
    public var Description: String?
    public var KmsKeyId: String?
    public var SecretBinary: Data?
    public var SecretString: String?
    public var `Type`: String?
    public init(SecretId: String, ClientRequestToken: String? = nil, Description: String? = nil, KmsKeyId: String? = nil,
                SecretBinary: Data? = nil, SecretString: String? = nil, Type: String? = nil) {
        self.SecretId = SecretId
        self.ClientRequestToken = ClientRequestToken
        self.Description = Description
        self.KmsKeyId = KmsKeyId
        self.SecretBinary = SecretBinary
        self.SecretString = SecretString
        self.Type = Type
    }
}

public struct UpdateSecretResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var VersionId: String?
    public init(ARN: String? = nil, Name: String? = nil, VersionId: String? = nil) {
        self.ARN = ARN
        self.Name = Name
        self.VersionId = VersionId
    }
}

// MARK: DeleteSecret

public struct DeleteSecretRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public var RecoveryWindowInDays: Int64?
    public var ForceDeleteWithoutRecovery: Bool?
    public init(SecretId: String, RecoveryWindowInDays: Int64? = nil, ForceDeleteWithoutRecovery: Bool? = nil) {
        self.SecretId = SecretId
        self.RecoveryWindowInDays = RecoveryWindowInDays
        self.ForceDeleteWithoutRecovery = ForceDeleteWithoutRecovery
    }
}

public struct DeleteSecretResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var DeletionDate: Date?
    public init(ARN: String? = nil, Name: String? = nil, DeletionDate: Date? = nil) {
        self.ARN = ARN
        self.Name = Name
        self.DeletionDate = DeletionDate
    }
}

// MARK: RestoreSecret

public struct RestoreSecretRequest: Codable, Sendable, Equatable {
    public var SecretId: String
    public init(SecretId: String) { self.SecretId = SecretId }
}

public struct RestoreSecretResponse: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public init(ARN: String? = nil, Name: String? = nil) {
        self.ARN = ARN
        self.Name = Name
    }
}

// MARK: ListSecrets

public struct ListSecretsRequest: Codable, Sendable, Equatable {
    public var IncludePlannedDeletion: Bool?
    public var MaxResults: Int?
    public var NextToken: String?
    public var Filters: [Filter]?
    public var SortOrder: String?
    public var SortBy: String?
    public init(IncludePlannedDeletion: Bool? = nil, MaxResults: Int? = nil, NextToken: String? = nil,
                Filters: [Filter]? = nil, SortOrder: String? = nil, SortBy: String? = nil) {
        self.IncludePlannedDeletion = IncludePlannedDeletion
        self.MaxResults = MaxResults
        self.NextToken = NextToken
        self.Filters = Filters
        self.SortOrder = SortOrder
        self.SortBy = SortBy
    }
}

public struct SecretListEntry: Codable, Sendable, Equatable {
    public var ARN: String?
    public var Name: String?
    public var `Type`: String?
    public var Description: String?
    public var KmsKeyId: String?
    public var RotationEnabled: Bool?
    public var RotationLambdaARN: String?
    public var RotationRules: RotationRulesType?
    public var ExternalSecretRotationMetadata: [ExternalSecretRotationMetadataItem]?
    public var ExternalSecretRotationRoleArn: String?
    public var LastRotatedDate: Date?
    public var LastChangedDate: Date?
    public var LastAccessedDate: Date?
    public var DeletedDate: Date?
    public var NextRotationDate: Date?
    public var Tags: [Tag]?
    public var SecretVersionsToStages: [String: [String]]?
    public var OwningService: String?
    public var CreatedDate: Date?
    public var PrimaryRegion: String?
    public init() {}
}

public struct ListSecretsResponse: Codable, Sendable, Equatable {
    public var SecretList: [SecretListEntry]?
    public var NextToken: String?
    public init(SecretList: [SecretListEntry]? = nil, NextToken: String? = nil) {
        self.SecretList = SecretList
        self.NextToken = NextToken
    }
}
