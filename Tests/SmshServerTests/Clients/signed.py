"""Raw HTTP/1.1 requests signed by botocore's own SigV4 signer, to replay over sockets
(a signature stays valid for five minutes)."""
import json
from urllib.parse import urlparse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def signed_request(endpoint, target, body, region="us-east-1", key="test", secret="test", keep_alive=True):
    data = json.dumps(body).encode()
    url = endpoint.rstrip("/") + "/"
    req = AWSRequest(method="POST", url=url, data=data, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "secretsmanager." + target,
    })
    SigV4Auth(Credentials(key, secret), "secretsmanager", region).add_auth(req)
    host = urlparse(url).netloc
    lines = ["POST / HTTP/1.1", "Host: " + host]
    for k, v in req.headers.items():
        if k.lower() != "host":
            lines.append(f"{k}: {v}")
    lines.append(f"Content-Length: {len(data)}")
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def read_response(sock_file):
    """(status, body) from a file made with socket.makefile('rb'); None at end of stream."""
    status_line = sock_file.readline()
    if not status_line:
        return None
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = sock_file.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return status, sock_file.read(length)
