"""Password hashing (argon2id), security headers and small helpers."""
from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, current_app

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
