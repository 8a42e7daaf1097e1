"""Headless Chromium on smsh serve's web view, driven over the DevTools protocol (a small
websocket client here, standard library only): the page loads, a replicate is sent through boto3,
and the DOM is read until the replica shows InProgress and then InSync. Screenshots are saved.
Prints a JSON object of what the page showed."""
import base64, json, os, re, socket, struct, subprocess, sys, tempfile, time, urllib.request
import boto3
from urllib.parse import urlparse

endpoint, chromium, shots = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
profile = tempfile.mkdtemp(prefix="smsh-chromium-")
browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                            f"--user-data-dir={profile}", "--window-size=1400,1000", endpoint + "/"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    port = None
    for line in browser.stderr:
        m = re.search(rb"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        raise SystemExit("chromium did not start its DevTools endpoint")

    page = None
    while page is None:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next((t for t in targets if t["type"] == "page" and t["url"].startswith(endpoint)), None)
        if page is None:
            time.sleep(0.05)

    ws_url = urlparse(page["webSocketDebuggerUrl"])
    sock = socket.create_connection((ws_url.hostname, ws_url.port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(f"GET {ws_url.path} HTTP/1.1\r\nHost: {ws_url.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += sock.recv(1)
    if b" 101 " not in reply.split(b"\r\n")[0]:
        raise SystemExit("websocket handshake failed")

    def recv_exact(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise SystemExit("devtools connection closed")
            data += chunk
        return data

    def send(obj):
        payload = json.dumps(obj).encode()
        mask = os.urandom(4)
        head = bytes([0x81])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive():
        message = b""
        while True:
            b1, b2 = recv_exact(2)
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", recv_exact(8))[0]
            message += recv_exact(n)
            if b1 & 0x80:
                return json.loads(message)

    ids = [0]

    def command(method, **params):
        ids[0] += 1
        send({"id": ids[0], "method": method, "params": params})
        while True:
            m = receive()
            if m.get("id") == ids[0]:
                if "error" in m:
                    raise SystemExit(f"{method}: {m['error']}")
                return m["result"]

    def evaluate(expression):
        return command("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_for(expression, what):
        # Only a hang guard: the page normally answers within a fraction of a second.
        deadline = time.time() + 120
        while time.time() < deadline:
            value = evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise SystemExit(f"the page never showed {what}")

    def screenshot(name):
        data = command("Page.captureScreenshot", format="png")["data"]
        with open(os.path.join(shots, name), "wb") as f:
            f.write(base64.b64decode(data))

    out = {}
    wait_for("document.getElementById('conn').className === 'up' && document.querySelector('[data-region=\"eu-west-3\"] .name') !== null", "the live page")
    out["regionCard"] = evaluate("document.querySelector('.region[data-region=\"eu-west-3\"]').innerText")
    out["geographies"] = evaluate("[...document.querySelectorAll('#regions h3')].map(h => h.textContent)")

    sm = boto3.client("secretsmanager", endpoint_url=endpoint, region_name="us-west-2",
                      aws_access_key_id="test", aws_secret_access_key="test")
    sm.create_secret(Name="web/demo", SecretString="s3cr3t")
    sm.replicate_secret_to_regions(SecretId="web/demo", AddReplicaRegions=[{"Region": "eu-west-3", "KmsKeyId": "alias/web"}])

    replica = "document.querySelector('li.replica[data-secret=\"web/demo\"][data-region=\"eu-west-3\"]')"
    out["first"] = wait_for(f"{replica} && {replica}.dataset.status", "the replica")
    out["firstText"] = evaluate(f"{replica}.innerText")
    screenshot("serve-webview-inprogress.png")
    out["then"] = wait_for(f"{replica} && {replica}.dataset.status === 'InSync' && 'InSync'", "the replica InSync")
    out["thenText"] = evaluate(f"{replica}.innerText")
    out["feed"] = evaluate("[...document.querySelectorAll('#feed .cli')].map(e => e.textContent)")
    out["pageHasValue"] = evaluate("document.body.innerText.includes('s3cr3t')")
    screenshot("serve-webview-insync.png")
    print(json.dumps(out))
finally:
    browser.kill()
    browser.wait()
