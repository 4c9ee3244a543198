"""Password hashing (argon2id), security headers and small helpers."""
from __future__ import annotations

import hashlib
import posixpath
import secrets
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, current_app, has_request_context, request

_hasher = PasswordHasher()
# Test suites create hundreds of users; cheaper parameters keep them quick. Never used in production.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _h() -> PasswordHasher:
    return _fast_hasher if current_app.config.get("PASSWORD_HASH_FAST") else _hasher


def hash_password(password: str) -> str:
    return _h().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _h().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A hash to verify against when the e-mail is unknown, so timing does not reveal which accounts exist.
_DUMMY = _hasher.hash("not-a-real-password")


def verify_dummy(password: str) -> None:
    verify_password(_DUMMY, password)


def new_token() -> tuple[str, str]:
    """A random URL-safe token and its SHA-256 (what we store)."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        csp = [
            "default-src 'self'",
            "img-src 'self' data: blob:",
            "style-src 'self'",
            "script-src 'self'" + (" https://js.stripe.com" if app.config.get("STRIPE_PUBLISHABLE_KEY") else ""),
            "frame-src 'self'" + (" https://js.stripe.com https://hooks.stripe.com" if app.config.get("STRIPE_PUBLISHABLE_KEY") else ""),
            "connect-src 'self'" + (" https://api.stripe.com" if app.config.get("STRIPE_PUBLISHABLE_KEY") else ""),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
        response.headers.setdefault("Content-Security-Policy", "; ".join(csp))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def safe_next(target: str | None, default: str = "/") -> str:
    """Where to go after a form or sign-in: `target` as a same-origin path (`/x?y`), or `default`.

    The one place that decides it (login `next`, hidden `next` fields, Referer fallbacks). Only ever
    returns a path that starts with exactly one `/`, so no browser can read it as another host:
    refused are scheme-relative `//host` (and `///host`), `/\\host` and anything with a backslash (browsers
    treat `\\` as `/`), control characters (browsers drop tab/CR/LF: `/\t/host` is `//host`), leading or
    trailing blanks, dot segments that collapse to `//` (`/.//host`), other schemes (`javascript:`,
    `data:`), relative paths, and absolute URLs of another origin. An absolute URL of our own origin
    (flask-login's `next`, a Referer) is reduced to its path and checked the same way
    (`<own origin>//evil` is refused).
    """
    if not target or not isinstance(target, str) or len(target) > 2048:
        return default
    if (any(c < " " or c == "\x7f" or c == "\\" for c in target) or target.startswith("//")
            or target != target.strip()):
        return default  # (`///host` parses as a path in Python and as a host in browsers)
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. an unbalanced [ in the netloc
        return default
    if parts.scheme or parts.netloc:
        own = request.host.lower() if has_request_context() else None
        if parts.scheme.lower() not in ("http", "https") or own is None or parts.netloc.lower() != own:
            return default
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return default
    # Dot segments: `/a/../b` is fine once normalised, but nothing may normalise to `//host`.
    normal = posixpath.normpath(path) if ("/." in path) else path
    if normal.startswith("//") or "//" in path:
        return default
    if path.endswith("/") and not normal.endswith("/"):
        normal += "/"
    return normal + (f"?{parts.query}" if parts.query else "")
