/// `--generate-cli-skeleton` texts, produced by awscli 1.45.11 (input) and by botocore's
/// ArgumentGenerator(use_member_names=True) (output, what awscli builds its fake response from),
/// so that `skeleton` prints exactly what the aws CLI prints. yaml-input is the same input as YAML
/// (aws CLI v2 only).
struct Skeleton: Sendable {
    let input: String
    let yamlInput: String
    let output: String
}

enum Skeletons {
    static let byOperation: [String: Skeleton] = [
        "CreateSecret": Skeleton(
            input: #"""
{
    "Name": "",
    "ClientRequestToken": "",
    "Description": "",
    "KmsKeyId": "",
    "SecretBinary": null,
    "SecretString": "",
    "Tags": [
        {
            "Key": "",
            "Value": ""
        }
    ],
    "AddReplicaRegions": [
        {
            "Region": "",
            "KmsKeyId": ""
        }
    ],
    "ForceOverwriteReplicaSecret": true,
    "Type": ""
}
"""#,
            yamlInput: #"""
Name: ''
ClientRequestToken: ''
Description: ''
KmsKeyId: ''
SecretBinary: null
SecretString: ''
Tags:
  - Key: ''
    Value: ''
AddReplicaRegions:
  - Region: ''
    KmsKeyId: ''
ForceOverwriteReplicaSecret: true
Type: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "VersionId": "VersionId",
    "ReplicationStatus": [
        {
            "Region": "Region",
            "KmsKeyId": "KmsKeyId",
            "Status": "Status",
            "StatusMessage": "StatusMessage",
            "LastAccessedDate": "1970-01-01 00:00:00"
        }
    ]
}
"""#
        ),
        "DescribeSecret": Skeleton(
            input: #"""
{
    "SecretId": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "Type": "Type",
    "Description": "Description",
    "KmsKeyId": "KmsKeyId",
    "RotationEnabled": true,
    "RotationLambdaARN": "RotationLambdaARN",
    "RotationRules": {
        "AutomaticallyAfterDays": 0,
        "Duration": "Duration",
        "ScheduleExpression": "ScheduleExpression"
    },
    "ExternalSecretRotationMetadata": [
        {
            "Key": "Key",
            "Value": "Value"
        }
    ],
    "ExternalSecretRotationRoleArn": "ExternalSecretRotationRoleArn",
    "LastRotatedDate": "1970-01-01 00:00:00",
    "LastChangedDate": "1970-01-01 00:00:00",
    "LastAccessedDate": "1970-01-01 00:00:00",
    "DeletedDate": "1970-01-01 00:00:00",
    "NextRotationDate": "1970-01-01 00:00:00",
    "Tags": [
        {
            "Key": "Key",
            "Value": "Value"
        }
    ],
    "VersionIdsToStages": {
        "KeyName": [
            "SecretVersionStageType"
        ]
    },
    "OwningService": "OwningService",
    "CreatedDate": "1970-01-01 00:00:00",
    "PrimaryRegion": "PrimaryRegion",
    "ReplicationStatus": [
        {
            "Region": "Region",
            "KmsKeyId": "KmsKeyId",
            "Status": "Status",
            "StatusMessage": "StatusMessage",
            "LastAccessedDate": "1970-01-01 00:00:00"
        }
    ]
}
"""#
        ),
        "ReplicateSecretToRegions": Skeleton(
            input: #"""
{
    "SecretId": "",
    "AddReplicaRegions": [
        {
            "Region": "",
            "KmsKeyId": ""
        }
    ],
    "ForceOverwriteReplicaSecret": true
}
"""#,
            yamlInput: #"""
SecretId: ''
AddReplicaRegions:
  - Region: ''
    KmsKeyId: ''
ForceOverwriteReplicaSecret: true
"""#,
            output: #"""
{
    "ARN": "ARN",
    "ReplicationStatus": [
        {
            "Region": "Region",
            "KmsKeyId": "KmsKeyId",
            "Status": "Status",
            "StatusMessage": "StatusMessage",
            "LastAccessedDate": "1970-01-01 00:00:00"
        }
    ]
}
"""#
        ),
        "RemoveRegionsFromReplication": Skeleton(
            input: #"""
{
    "SecretId": "",
    "RemoveReplicaRegions": [
        ""
    ]
}
"""#,
            yamlInput: #"""
SecretId: ''
RemoveReplicaRegions:
  - ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "ReplicationStatus": [
        {
            "Region": "Region",
            "KmsKeyId": "KmsKeyId",
            "Status": "Status",
            "StatusMessage": "StatusMessage",
            "LastAccessedDate": "1970-01-01 00:00:00"
        }
    ]
}
"""#
        ),
        "StopReplicationToReplica": Skeleton(
            input: #"""
{
    "SecretId": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
"""#,
            output: #"""
{
    "ARN": "ARN"
}
"""#
        ),
        "GetSecretValue": Skeleton(
            input: #"""
{
    "SecretId": "",
    "VersionId": "",
    "VersionStage": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
VersionId: ''
VersionStage: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "VersionId": "VersionId",
    "SecretBinary": null,
    "SecretString": "SecretString",
    "VersionStages": [
        "SecretVersionStageType"
    ],
    "CreatedDate": "1970-01-01 00:00:00"
}
"""#
        ),
        "PutSecretValue": Skeleton(
            input: #"""
{
    "SecretId": "",
    "ClientRequestToken": "",
    "SecretBinary": null,
    "SecretString": "",
    "VersionStages": [
        ""
    ],
    "RotationToken": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
ClientRequestToken: ''
SecretBinary: null
SecretString: ''
VersionStages:
  - ''
RotationToken: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "VersionId": "VersionId",
    "VersionStages": [
        "SecretVersionStageType"
    ]
}
"""#
        ),
        "UpdateSecret": Skeleton(
            input: #"""
{
    "SecretId": "",
    "ClientRequestToken": "",
    "Description": "",
    "KmsKeyId": "",
    "SecretBinary": null,
    "SecretString": "",
    "Type": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
ClientRequestToken: ''
Description: ''
KmsKeyId: ''
SecretBinary: null
SecretString: ''
Type: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "VersionId": "VersionId"
}
"""#
        ),
        "DeleteSecret": Skeleton(
            input: #"""
{
    "SecretId": "",
    "RecoveryWindowInDays": 0,
    "ForceDeleteWithoutRecovery": true
}
"""#,
            yamlInput: #"""
SecretId: ''
RecoveryWindowInDays: 0
ForceDeleteWithoutRecovery: true
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name",
    "DeletionDate": "1970-01-01 00:00:00"
}
"""#
        ),
        "RestoreSecret": Skeleton(
            input: #"""
{
    "SecretId": ""
}
"""#,
            yamlInput: #"""
SecretId: ''
"""#,
            output: #"""
{
    "ARN": "ARN",
    "Name": "Name"
}
"""#
        ),
        "ListSecrets": Skeleton(
            input: #"""
{
    "IncludePlannedDeletion": true,
    "MaxResults": 0,
    "NextToken": "",
    "Filters": [
        {
            "Key": "primary-region",
            "Values": [
                ""
            ]
        }
    ],
    "SortOrder": "desc",
    "SortBy": "last-accessed-date"
}
"""#,
            yamlInput: #"""
IncludePlannedDeletion: true
MaxResults: 0
NextToken: ''
Filters:
  - Key: primary-region
    Values:
      - ''
SortOrder: desc
SortBy: last-accessed-date
"""#,
            output: #"""
{
    "SecretList": [
        {
            "ARN": "ARN",
            "Name": "Name",
            "Type": "Type",
            "Description": "Description",
            "KmsKeyId": "KmsKeyId",
            "RotationEnabled": true,
            "RotationLambdaARN": "RotationLambdaARN",
            "RotationRules": {
                "AutomaticallyAfterDays": 0,
                "Duration": "Duration",
                "ScheduleExpression": "ScheduleExpression"
            },
            "ExternalSecretRotationMetadata": [
                {
                    "Key": "Key",
                    "Value": "Value"
                }
            ],
            "ExternalSecretRotationRoleArn": "ExternalSecretRotationRoleArn",
            "LastRotatedDate": "1970-01-01 00:00:00",
            "LastChangedDate": "1970-01-01 00:00:00",
            "LastAccessedDate": "1970-01-01 00:00:00",
            "DeletedDate": "1970-01-01 00:00:00",
            "NextRotationDate": "1970-01-01 00:00:00",
            "Tags": [
                {
                    "Key": "Key",
                    "Value": "Value"
                }
            ],
            "SecretVersionsToStages": {
                "KeyName": [
                    "SecretVersionStageType"
                ]
            },
            "OwningService": "OwningService",
            "CreatedDate": "1970-01-01 00:00:00",
            "PrimaryRegion": "PrimaryRegion"
        }
    ],
    "NextToken": "NextToken"
}
"""#
        ),
    ]
}

extension Skeleton {
    /// `replicate` or `ReplicateSecretToRegions` (or the aws CLI name) → the API operation name.
    static func operation(named name: String) -> String? {
        let commands = [
            "create": "CreateSecret", "replicate": "ReplicateSecretToRegions", "remove": "RemoveRegionsFromReplication",
            "promote": "StopReplicationToReplica", "describe": "DescribeSecret", "status": "DescribeSecret",
            "wait": "DescribeSecret", "get": "GetSecretValue", "put": "PutSecretValue", "update": "UpdateSecret",
            "delete": "DeleteSecret", "restore": "RestoreSecret", "list": "ListSecrets",
        ]
        if let op = commands[name] { return op }
        if Skeletons.byOperation[name] != nil { return name }
        return Skeletons.byOperation.keys.first { key in
            var cli = ""
            for (i, ch) in key.enumerated() {
                if ch.isUppercase, i > 0 { cli += "-" }
                cli += ch.lowercased()
            }
            return cli == name
        }
    }
}
