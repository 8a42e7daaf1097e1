#!/usr/bin/env python3
"""An HTTP/1.1 proxy on 127.0.0.1 that adds a fixed latency to every request, the way a distant
AWS Region does, in front of a local endpoint (moto_server). For scripts/bench-fleet.

    scripts/latency-proxy.py --upstream http://127.0.0.1:5000 --latency-ms 50 --port-file PATH
                             [--upstream-concurrency N]

Prints nothing; writes the port it listens on to PORT-FILE once it is listening. Each request
is read whole, held for the latency, then sent to the upstream on a connection of its own;
the answer goes back with its Content-Length, and the client's connection is kept alive.
--upstream-concurrency N (default 1) sends at most N requests to the upstream at once: moto's
Secrets Manager is not safe for concurrent requests (two replications at once can see each
other's replicas and fail with "Secret name simple already exists"), so it gets one at a time.
The latency itself is waited in parallel, as a distant Region's is.
"""
import argparse
import asyncio
import sys
from urllib.parse import urlparse


async def read_message(reader, is_response):
    """A request or response: its head (start line and headers) and its body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    elif is_response:
        body = await reader.read()  # HTTP/1.0: the body ends with the connection
    else:
        body = b""
    return lines[0], [l for l in lines[1:] if l], body


def rebuilt(start, header_lines, body, extra):
    """The message with its own framing headers replaced by Content-Length."""
    skip = {"content-length", "transfer-encoding", "connection", "keep-alive"}
    kept = [l for l in header_lines if l.split(":", 1)[0].strip().lower() not in skip]
    out = [start] + kept + extra + ["Content-Length: %d" % len(body), "", ""]
    return "\r\n".join(out).encode("latin-1") + body


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--latency-ms", type=float, default=50)
    p.add_argument("--port-file", required=True)
    p.add_argument("--upstream-concurrency", type=int, default=1)
    a = p.parse_args()
    upstream_slots = asyncio.Semaphore(a.upstream_concurrency)
    up = urlparse(a.upstream)
    latency = a.latency_ms / 1000

    async def handle(reader, writer):
        try:
            while True:
                try:
                    start, headers, body = await read_message(reader, False)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                if latency > 0:
                    await asyncio.sleep(latency)
                async with upstream_slots:
                    ur, uw = await asyncio.open_connection(up.hostname, up.port)
                    uw.write(rebuilt(start, headers, body, ["Connection: close"]))
                    await uw.drain()
                    rstart, rheaders, rbody = await read_message(ur, True)
                    uw.close()
                writer.write(rebuilt(rstart, rheaders, rbody, ["Connection: keep-alive"]))
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    with open(a.port_file, "w") as f:
        f.write("%d\n" % port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
