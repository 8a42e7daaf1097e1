"""1,000 connections open at once, each sending a signed request; malformed and oversized requests
among them. Prints a JSON summary of the status codes."""
import asyncio, json, sys
from urllib.parse import urlparse
from signed import signed_request

endpoint, count = sys.argv[1], int(sys.argv[2])
u = urlparse(endpoint)
good = signed_request(endpoint, "ListSecrets", {"MaxResults": 1})
bad = b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"
huge = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n" + b"{" * 4096


async def status(reader):
    line = await reader.readline()
    if not line:
        return "closed"
    code = int(line.split()[1])
    length = 0
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b""):
            break
        k, _, v = h.decode().partition(":")
        if k.lower() == "content-length":
            length = int(v)
    await reader.readexactly(length)
    return code


async def main():
    conns = []
    for _ in range(count):
        conns.append(await asyncio.open_connection(u.hostname, u.port))
    kinds = []
    for i, (r, w) in enumerate(conns):
        kind = "bad" if i % 100 == 1 else "huge" if i % 100 == 2 else "good"
        kinds.append(kind)
        w.write({"good": good, "bad": bad, "huge": huge}[kind])
    await asyncio.gather(*(w.drain() for _, w in conns), return_exceptions=True)
    results = await asyncio.gather(*(status(r) for r, _ in conns), return_exceptions=True)
    summary = {}
    for kind, res in zip(kinds, results):
        key = f"{kind}:{res if not isinstance(res, Exception) else type(res).__name__}"
        summary[key] = summary.get(key, 0) + 1
    for _, w in conns:
        w.close()
    print(json.dumps(summary, sort_keys=True))


asyncio.run(main())
