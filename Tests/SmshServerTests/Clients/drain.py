"""Sends a request the server holds (its latency fault), waits until the server reports it in
flight, sends SIGTERM, and prints the status the request still gets."""
import json, os, select, signal, socket, sys, time, urllib.request
from urllib.parse import urlparse
from signed import signed_request, read_response

endpoint, server_pid = sys.argv[1], int(sys.argv[2])
u = urlparse(endpoint)
s = socket.create_connection((u.hostname, u.port))
s.sendall(signed_request(endpoint, "CreateSecret", {"Name": "drained", "SecretString": "v"}))
while json.load(urllib.request.urlopen(endpoint + "/_smsh/health"))["RequestsInFlight"] < 1:
    # An answer before the request was seen in flight (a very busy machine) ends the run with a
    # message instead of a wait forever.
    if select.select([s], [], [], 0)[0]:
        sys.exit("the request was answered before it was seen in flight")
    time.sleep(0.01)
os.kill(server_pid, signal.SIGTERM)
status, body = read_response(s.makefile("rb"))
print(status, json.loads(body).get("Name"))
