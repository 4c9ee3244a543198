"""Where rate-limit counters live, so that every worker process of the server counts against one budget.

`make run` starts several gunicorn worker processes (one per core); a login throttle kept in each
process's memory would let an attacker try N times more by spreading attempts over workers. The store:

1. `RATELIMIT_STORAGE_URI` when set (e.g. `redis://…`, `memcached://…`; `memory://` for one process);
2. otherwise the local Redis when one answers on `RATELIMIT_REDIS_PROBE` (default 127.0.0.1:6379),
   with keys prefixed per instance directory so that two checkouts on one machine count apart;
3. otherwise an embedded store shared by every process on the machine: a small SQLite file in the
   instance directory (`gcsqlite:///…/ratelimits.sqlite3`, WAL, one atomic upsert per hit), so a
   fresh machine with neither Redis nor memcached is still safe with several workers.

`configure(app)` runs in `create_app` before Flask-Limiter reads the configuration and records the
choice in `RATELIMIT_STORAGE_KIND` ("configured", "redis" or "embedded").
"""
from __future__ import annotations

import hashlib
import os
import random
import socket
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from limits.storage import Storage

DEFAULT_PROBE = "127.0.0.1:6379"


def redis_answers(address: str, timeout: float = 0.25) -> bool:
    """Does a Redis server answer PING at host:port (loopback, a fraction of a second at most)?"""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except (OSError, ValueError):
        return False


def configure(app: Flask) -> str:
    """Choose the limiter's storage (see the module docstring); returns the storage URI."""
    uri = (app.config.get("RATELIMIT_STORAGE_URI") or "").strip()
    if uri and uri != "auto":
        app.config["RATELIMIT_STORAGE_KIND"] = "configured"
        return uri
    probe = app.config.get("RATELIMIT_REDIS_PROBE", DEFAULT_PROBE)
    if probe and redis_answers(probe):
        uri = f"redis://{probe}/0"
        digest = hashlib.sha1(os.path.realpath(app.instance_path).encode()).hexdigest()[:10]
        app.config.setdefault("RATELIMIT_KEY_PREFIX", f"greenconnect-{digest}")
        app.config["RATELIMIT_STORAGE_KIND"] = "redis"
    else:
        uri = f"gcsqlite://{Path(app.instance_path).resolve() / 'ratelimits.sqlite3'}"
        app.config["RATELIMIT_STORAGE_KIND"] = "embedded"
    app.config["RATELIMIT_STORAGE_URI"] = uri
    return uri


class SQLiteStorage(Storage):
    """Fixed-window counters in one SQLite file shared by the processes of one machine.

    Each hit is one statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), atomic under SQLite's
    write lock; readers never block writers (WAL). Expired rows are purged now and then."""

    STORAGE_SCHEME = ["gcsqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        parts = urlsplit(uri or "")
        self.path = Path((parts.netloc + parts.path) or "ratelimits.sqlite3")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conn().execute("CREATE TABLE IF NOT EXISTS ratelimits (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                             "expires_at REAL NOT NULL)")

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():  # a forked worker opens its own
            conn = sqlite3.connect(str(self.path), timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # counters: durability across power loss is not needed
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        conn = self._conn()
        if random.random() < 0.001:
            conn.execute("DELETE FROM ratelimits WHERE expires_at <= ?", (now,))
        row = conn.execute(
            "INSERT INTO ratelimits (key, count, expires_at) VALUES (:key, :amount, :expires) "
            "ON CONFLICT(key) DO UPDATE SET "
            "count = CASE WHEN expires_at > :now THEN count + :amount ELSE :amount END, "
            "expires_at = CASE WHEN expires_at > :now THEN expires_at ELSE :expires END "
            "RETURNING count",
            {"key": key, "amount": amount, "expires": now + expiry, "now": now}).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._conn().execute("SELECT count FROM ratelimits WHERE key = ? AND expires_at > ?",
                                   (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._conn().execute("SELECT expires_at FROM ratelimits WHERE key = ? AND expires_at > ?",
                                   (key, time.time())).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._conn().execute("DELETE FROM ratelimits").rowcount

    def clear(self, key: str) -> None:
        self._conn().execute("DELETE FROM ratelimits WHERE key = ?", (key,))
