"""Writes secrets from several threads until `need` are acknowledged, then kill -9s the server in
the middle of the load; prints every acknowledged name (one per line) once the threads end."""
import os, signal, sys, threading
import boto3
from botocore.config import Config

endpoint, server_pid, need = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
acked, lock, killed = [], threading.Lock(), threading.Event()


def worker(n):
    sm = boto3.client("secretsmanager", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30))
    i = 0
    while True:
        name = f"dur/{n}/{i}"
        try:
            sm.create_secret(Name=name, SecretString="v" * 100)
        except Exception:
            if killed.is_set():
                return
            continue
        i += 1
        with lock:
            acked.append(name)
            if len(acked) >= need and not killed.is_set():
                os.kill(server_pid, signal.SIGKILL)
                killed.set()


threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(acked))
