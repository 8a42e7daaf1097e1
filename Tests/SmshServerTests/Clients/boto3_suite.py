"""boto3 against smsh serve: every operation once, errors as botocore parses them, boto3's own
paginators, and wrongly signed requests. Prints one JSON object of findings."""
import json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
cfg = Config(retries={"max_attempts": 1})


def client(region="us-west-2", key="test", secret="test"):
    return boto3.client("secretsmanager", endpoint_url=endpoint, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)


def error(call, *a, **kw):
    try:
        call(*a, **kw)
        return None
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "Message": e.response["Error"]["Message"],
                "Status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "RequestId": bool(e.response["ResponseMetadata"].get("RequestId"))}


sm = client()
out = {"operations": {}}
ops = out["operations"]
lam = "arn:aws:lambda:us-west-2:123456789012:function:rotate"
policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})

r = sm.create_secret(Name="b3/all", SecretString='{"password":"p"}', Tags=[{"Key": "k", "Value": "v"}])
ops["CreateSecret"] = r["Name"]
ops["RequestId"] = bool(r["ResponseMetadata"].get("RequestId"))
ops["DescribeSecret"] = sm.describe_secret(SecretId="b3/all")["Name"]
ops["GetSecretValue"] = sm.get_secret_value(SecretId="b3/all")["SecretString"]
ops["PutSecretValue"] = len(sm.put_secret_value(SecretId="b3/all", SecretString='{"password":"q"}')["VersionStages"])
ops["UpdateSecret"] = sm.update_secret(SecretId="b3/all", Description="d")["Name"]
ops["TagResource"] = sm.tag_resource(SecretId="b3/all", Tags=[{"Key": "t", "Value": "u"}])["ResponseMetadata"]["HTTPStatusCode"]
ops["UntagResource"] = sm.untag_resource(SecretId="b3/all", TagKeys=["t"])["ResponseMetadata"]["HTTPStatusCode"]
versions = sm.list_secret_version_ids(SecretId="b3/all")["Versions"]
ops["ListSecretVersionIds"] = len(versions)
previous = [v["VersionId"] for v in versions if "AWSPREVIOUS" in v.get("VersionStages", [])][0]
ops["UpdateSecretVersionStage"] = sm.update_secret_version_stage(SecretId="b3/all", VersionStage="TEST", MoveToVersionId=previous)["Name"]
ops["GetRandomPassword"] = len(sm.get_random_password(PasswordLength=24)["RandomPassword"])
ops["PutResourcePolicy"] = sm.put_resource_policy(SecretId="b3/all", ResourcePolicy=policy)["Name"]
ops["GetResourcePolicy"] = json.loads(sm.get_resource_policy(SecretId="b3/all")["ResourcePolicy"])["Version"]
ops["ValidateResourcePolicy"] = sm.validate_resource_policy(ResourcePolicy=policy)["PolicyValidationPassed"]
ops["DeleteResourcePolicy"] = sm.delete_resource_policy(SecretId="b3/all")["Name"]
ops["BatchGetSecretValue"] = len(sm.batch_get_secret_value(SecretIdList=["b3/all"])["SecretValues"])
ops["RotateSecret"] = bool(sm.rotate_secret(SecretId="b3/all", RotationLambdaARN=lam, RotationRules={"AutomaticallyAfterDays": 7}, RotateImmediately=False)["ARN"])
ops["CancelRotateSecret"] = sm.cancel_rotate_secret(SecretId="b3/all")["Name"]
r = sm.replicate_secret_to_regions(SecretId="b3/all", AddReplicaRegions=[{"Region": "eu-west-3"}, {"Region": "eu-north-1"}])
ops["ReplicateSecretToRegions"] = [s["Status"] for s in r["ReplicationStatus"]]
ops["RemoveRegionsFromReplication"] = [s["Region"] for s in sm.remove_regions_from_replication(SecretId="b3/all", RemoveReplicaRegions=["eu-north-1"])["ReplicationStatus"]]
ops["ListSecrets"] = [s["Name"] for s in sm.list_secrets()["SecretList"]]

# Paginators: 23 secrets in pages of 5.
for i in range(23):
    sm.create_secret(Name=f"b3/page/{i:02d}", SecretString="x")
names = []
pages = 0
for page in sm.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": ["b3/page/"]}], PaginationConfig={"PageSize": 5}):
    pages += 1
    names += [s["Name"] for s in page["SecretList"]]
out["paginated"] = {"pages": pages, "names": sorted(names) == [f"b3/page/{i:02d}" for i in range(23)], "count": len(names)}
# botocore's resume token: the first 7, then the rest from where it stopped.
first = sm.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": ["b3/page/"]}],
                                                  PaginationConfig={"PageSize": 5, "MaxItems": 7}).build_full_result()
rest = sm.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": ["b3/page/"]}],
                                                 PaginationConfig={"PageSize": 5, "StartingToken": first["NextToken"]}).build_full_result()
out["resumed"] = [len(first["SecretList"]), len(rest["SecretList"]),
                  sorted(s["Name"] for s in first["SecretList"] + rest["SecretList"]) == [f"b3/page/{i:02d}" for i in range(23)]]

out["errors"] = {
    "notFound": error(sm.describe_secret, SecretId="b3/none"),
    "exists": error(sm.create_secret, Name="b3/all", SecretString="y"),
    "validation": error(sm.list_secrets, SortOrder="asc", MaxResults=101),
    "replicaWrite": None,
    "deleteWithReplicas": error(sm.delete_secret, SecretId="b3/all"),
    "wrongSecret": error(client(secret="wrong").list_secrets),
    "unknownKey": error(client(key="AKIDNOBODY").list_secrets),
}
out["errors"]["replicaWrite"] = error(client("eu-west-3").put_secret_value, SecretId="b3/all", SecretString="z")
ops["StopReplicationToReplica"] = bool(client("eu-west-3").stop_replication_to_replica(SecretId="b3/all")["ARN"])
ops["DeleteSecret"] = bool(sm.delete_secret(SecretId="b3/all", RecoveryWindowInDays=7)["DeletionDate"])
ops["RestoreSecret"] = sm.restore_secret(SecretId="b3/all")["Name"]
print(json.dumps(out))
