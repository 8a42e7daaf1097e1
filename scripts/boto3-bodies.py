#!/usr/bin/env python3
"""Runs boto3 calls as smsh writes them (`client.replicate_secret_to_regions(SecretId='x', ...)`)
and prints, for each, the JSON body and target botocore would send (captured in a before-send
hook; nothing leaves the machine).

Input: a JSON file holding a list of {"call": "client....(...)", "region": "us-west-2"}. Output: a
JSON list of {"body": ..., "target": ...} or {"error": ...} in the same order. Used by the smsh
explain-vs-boto3 test. boto3 comes with moto, which scripts/test installs.
"""
import base64
import json
import os
import sys

os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
import boto3  # noqa: E402


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def capture(request, **_):
    raise Captured(request)


def main():
    with open(sys.argv[1]) as f:
        calls = json.load(f)
    out = []
    for item in calls:
        client = boto3.client("secretsmanager", region_name=item["region"], aws_access_key_id="AKIDEXAMPLE",
                              aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        client.meta.events.register("before-send", capture)
        try:
            eval(item["call"], {"client": client, "base64": base64})
            out.append({"error": "the call was not sent"})
        except Captured as c:
            body = c.request.body
            if isinstance(body, bytes):
                body = body.decode()
            out.append({"body": json.loads(body), "target": c.request.headers.get("X-Amz-Target").decode()
                        if isinstance(c.request.headers.get("X-Amz-Target"), bytes) else c.request.headers.get("X-Amz-Target")})
        except Exception as e:  # a call boto3 refuses (a parameter it does not know, a bad type)
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


main()
