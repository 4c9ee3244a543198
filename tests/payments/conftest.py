"""Stripe integration fixtures: a real `localstripe` server started for the session, the app served
by a live WSGI thread (localstripe delivers signed webhooks to it), and the app configured with test
keys pointing at localstripe."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

WEBHOOK_SECRET = "whsec_greenconnect_tests"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    exe = Path(sys.executable).with_name("localstripe")
    if not exe.exists():
        pytest.fail("localstripe is not installed in the virtualenv (pip install localstripe)")
    port = _free_port()
    proc = subprocess.Popen([str(exe), "--port", str(port), "--from-scratch"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("localstripe exited at start-up")
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("localstripe did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def webhook_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def _registered_webhook(localstripe_url, webhook_server):
    body = json.dumps({"url": f"{webhook_server}/payments/stripe/webhook", "secret": WEBHOOK_SECRET,
                       "events": ["payment_intent.succeeded", "payment_intent.payment_failed",
                                  "payment_intent.processing", "payment_intent.canceled", "charge.refunded"]}).encode()
    req = urllib.request.Request(f"{localstripe_url}/_config/webhooks/greenconnect", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).read()
    return f"{webhook_server}/payments/stripe/webhook"


@pytest.fixture()
def stripe_on(app, localstripe_url, _registered_webhook):
    """The app with Stripe test keys against localstripe; the `stripe` module too (as a browser would use it)."""
    import stripe

    keys = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE")
    old = {k: app.config.get(k) for k in keys}
    app.config.update(STRIPE_SECRET_KEY="sk_test_greenconnect", STRIPE_PUBLISHABLE_KEY="pk_test_greenconnect",
                      STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=localstripe_url)
    app.extensions.pop("stripe_clients", None)
    old_base, old_key = stripe.api_base, stripe.api_key
    stripe.api_base, stripe.api_key = localstripe_url, "sk_test_greenconnect"
    yield {"webhook_url": _registered_webhook, "localstripe": localstripe_url}
    stripe.api_base, stripe.api_key = old_base, old_key
    app.config.update(old)
    app.extensions.pop("stripe_clients", None)


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    t = int(timestamp if timestamp is not None else time.time())
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def post_webhook(url: str, payload: bytes, signature: str) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=payload, method="POST",
                                 headers={"Content-Type": "application/json", "Stripe-Signature": signature})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
