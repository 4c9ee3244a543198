"""Rate limits hold across worker processes (issue 14, item 5): `make run` serves with several processes,
so the login throttle must count in a store they share — the local Redis when one answers, otherwise the
embedded SQLite store in the instance directory (a fresh machine has no Redis)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="two servers on their own SQLite database whatever the suite's database; run once, in the SQLite suite",
)

_SERVE = """
import os, sys
from werkzeug.serving import make_server
from app import create_app
from app.extensions import db
app = create_app("development")
with app.app_context():
    db.create_all()
print("storage", app.config["RATELIMIT_STORAGE_KIND"], app.config["RATELIMIT_STORAGE_URI"], flush=True)
make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.1)


def _login(port: int, email: str) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/tokens", method="POST",
                                 data=json.dumps({"email": email, "password": "wrong-password-1"}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def _redis_up() -> bool:
    from app.ratelimit import redis_answers

    return redis_answers("127.0.0.1:6379")


@pytest.mark.parametrize("store", ["embedded", "redis"])
def test_login_throttle_is_shared_by_two_worker_processes(tmp_path, store):
    if store == "redis" and not _redis_up():
        pytest.skip("no local Redis answers on 127.0.0.1:6379")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "TEST_DATABASE_URL", "SEARCH_URL", "APP_ENV", "RATELIMIT_STORAGE_URI")}
    env.update(APP_ENV="development", INSTANCE_PATH=str(tmp_path / "instance"), LOGIN_ACCOUNT_RATE_LIMIT="4 per hour",
               LOGIN_RATE_LIMIT="100 per minute", MAIL_OUTBOX_DIR=str(tmp_path / "mail"),
               RATELIMIT_REDIS_PROBE="" if store == "embedded" else "127.0.0.1:6379")
    (tmp_path / "instance").mkdir()
    subprocess.run([sys.executable, "-c", "from app import create_app\nfrom app.extensions import db\n"
                    "app = create_app('development')\nwith app.app_context(): db.create_all()"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    ports = [_free_port(), _free_port()]
    procs = [subprocess.Popen([sys.executable, "-c", _SERVE, str(p)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for p in ports]
    try:
        for proc in procs:
            seen = []  # warnings may come first; never block reading past the line we wait for
            for _ in range(50):
                line = proc.stdout.readline()
                seen.append(line)
                if line.startswith("storage ") or not line:
                    break
            assert line.startswith(f"storage {store} "), "".join(seen)
        for port in ports:
            _wait_listening(port)
        victim = f"victim-{store}-{os.getpid()}@example.vn"
        # four attempts spread over both processes use the account's budget of four …
        statuses = [_login(ports[i % 2], victim) for i in range(4)]
        assert statuses == [401] * 4
        # … so the fifth is refused whichever process answers it
        assert _login(ports[0], victim) == 429
        assert _login(ports[1], victim) == 429
        # another account has its own budget
        assert _login(ports[1], f"other-{store}-{os.getpid()}@example.vn") == 401
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def test_embedded_store_counts_every_process_hit(tmp_path):
    """Concurrent increments from several processes on one key: none is lost."""
    script = """
import sys
from app.ratelimit import SQLiteStorage
s = SQLiteStorage("gcsqlite://" + sys.argv[1])
for _ in range(200):
    s.incr("k", 3600)
"""
    path = tmp_path / "limits.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT) for _ in range(3)]
    assert [p.wait(120) for p in procs] == [0, 0, 0]
    from app.ratelimit import SQLiteStorage

    store = SQLiteStorage(f"gcsqlite://{path}")
    assert store.get("k") == 600
    assert store.get_expiry("k") > time.time() + 3000
    assert store.incr("short", 1) == 1 and store.incr("short", 1) == 2
    time.sleep(1.1)
    assert store.get("short") == 0 and store.incr("short", 1) == 1  # a new window
    store.clear("k")
    assert store.get("k") == 0
