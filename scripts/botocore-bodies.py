#!/usr/bin/env python3
"""Runs aws CLI command lines through awscli's own driver and prints, for each, the JSON body and
URL that botocore would send (captured in a before-send hook; nothing leaves the machine).

Input: a JSON file holding a list of command lines ("aws secretsmanager ..."). Output: a JSON list of
{"body": ..., "url": ..., "target": ...} in the same order. Used by the smsh explain-vs-botocore test.
"""
import contextlib
import io
import json
import os
import shlex
import sys

os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
os.environ.pop("AWS_PROFILE", None)
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

from awscli.clidriver import create_clidriver  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402


class _Raw:
    def stream(self, **_):
        yield b"{}"


def capture(line):
    argv = shlex.split(line)
    if argv[:1] == ["aws"]:
        argv = argv[1:]
    driver = create_clidriver()
    seen = {}

    def before_send(request, **_):
        seen["body"] = request.body.decode() if isinstance(request.body, bytes) else request.body
        seen["url"] = request.url
        seen["target"] = request.headers.get("X-Amz-Target")
        if isinstance(seen["target"], bytes):
            seen["target"] = seen["target"].decode()
        return AWSResponse(request.url, 200, {}, _Raw())

    driver.session.register("before-send", before_send)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rc = driver.main(argv)
    if "body" not in seen:
        return {"error": f"rc={rc}: {err.getvalue().strip()}"}
    return {"body": json.loads(seen["body"] or "{}"), "url": seen["url"], "target": seen["target"]}


def main():
    lines = json.load(open(sys.argv[1]))
    json.dump([capture(line) for line in lines], sys.stdout)


if __name__ == "__main__":
    main()
