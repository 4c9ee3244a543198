"""Fire requests at a served app at the same moment (threads, a barrier), as real clients would.

`served` (a fixture: `from tests.edge.racing import served`) is the app behind werkzeug's threaded
server: every request runs in its own thread with its own database connection, as under gunicorn
threads or several workers.
`race(base, calls)` opens one connection per call, waits until all are connected, then sends all
requests together and returns `[(status, json_or_text), ...]` in the order of `calls`.
"""
from __future__ import annotations

import http.client
import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

EN = {"Accept-Language": "en"}


@pytest.fixture(scope="module")
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@dataclass
class Call:
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    json: object | None = None
    form: dict | None = None
    keep_headers: bool = False  # results as (status, body, headers)


def race(base: str, calls: list[Call], timeout: float = 60) -> list[tuple[int, object]]:
    netloc = urlsplit(base)
    barrier = threading.Barrier(len(calls))
    results: list[tuple[int, object] | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int, call: Call) -> None:
        conn = http.client.HTTPConnection(netloc.hostname, netloc.port, timeout=timeout)
        try:
            conn.connect()
            headers = dict(call.headers)
            body = None
            if call.json is not None:
                body = json.dumps(call.json).encode()
                headers["Content-Type"] = "application/json"
            elif call.form is not None:
                from urllib.parse import urlencode

                body = urlencode(call.form, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            barrier.wait(timeout)
            conn.request(call.method, call.path, body=body, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                payload = json.loads(raw) if raw and resp.getheader("Content-Type", "").startswith("application/json") else raw.decode()
            except ValueError:
                payload = raw.decode(errors="replace")
            results[i] = (resp.status, payload) if not call.keep_headers else (resp.status, payload, dict(resp.getheaders()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            barrier.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 5)
    if errors:
        raise errors[0]
    assert all(r is not None for r in results), "a request did not finish"
    return results  # type: ignore[return-value]


class Browser:
    """A signed-in browser without JavaScript, over real HTTP: a cookie jar of one session cookie."""

    _CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, base: str):
        self.netloc = urlsplit(base)
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection(self.netloc.hostname, self.netloc.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        text = resp.read().decode()
        self.take_cookie(resp.getheader("Set-Cookie"))
        conn.close()
        return resp.status, dict(resp.getheaders()), text

    def take_cookie(self, set_cookie: str | None) -> None:
        if set_cookie and set_cookie.startswith("session="):
            self.cookie = set_cookie.split(";", 1)[0]

    def csrf(self, path: str) -> str:
        status, _h, html = self.request("GET", path)
        assert status == 200, (path, status)
        m = self._CSRF.search(html)
        assert m, f"{path} has no CSRF token"
        return m.group(1)

    def sign_in(self, email: str, password: str) -> "Browser":
        token = self.csrf("/account/login")
        status, headers, _t = self.request("POST", "/account/login",
                                           {"csrf_token": token, "email": email, "password": password})
        assert status == 302, (status, _t[:500])
        return self


def follow(browser: Browser, result_headers: dict) -> str:
    """The page a redirect answer leads to, seen with the cookie that answer set (its flash messages)."""
    jar = Browser.__new__(Browser)
    jar.netloc, jar.cookie = browser.netloc, browser.cookie
    jar.take_cookie(result_headers.get("Set-Cookie"))
    location = urlsplit(result_headers["Location"])
    status, _h, html = jar.request("GET", location.path + (f"?{location.query}" if location.query else ""))
    assert status == 200, status
    return html


def statuses(results) -> Counter:
    return Counter(r[0] for r in results)


def assert_losers_409(results, winners: int, message_part: str | None = None) -> None:
    """`winners` requests succeeded (2xx) and every other one is a 409 with a message (and no 5xx)."""
    codes = statuses(results)
    ok = sum(n for code, n in codes.items() if 200 <= code < 300)
    assert ok == winners, f"{ok} succeeded, expected {winners}: {dict(codes)} {results}"
    assert codes[409] == len(results) - winners, f"losers were not all 409: {dict(codes)} {results}"
    for status, body, *_h in results:
        if status == 409:
            assert isinstance(body, dict) and body["error"]["code"] == "conflict", body
            assert body["error"]["message"], body
            if message_part:
                assert message_part in body["error"]["message"], body
