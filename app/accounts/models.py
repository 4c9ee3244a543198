from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_mixins import TimestampMixin


class PlatformRole(str, enum.Enum):
    """Roles of programme staff, independent of any organisation."""

    user = "user"
    verifier = "verifier"
    admin = "admin"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False, index=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    full_name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    phone: Mapped[str] = mapped_column(String(32), default="", nullable=False)
    locale: Mapped[str] = mapped_column(String(5), default="vi", nullable=False)
    platform_role: Mapped[PlatformRole] = mapped_column(
        Enum(PlatformRole, native_enum=False, length=16), default=PlatformRole.user, nullable=False
    )
    email_confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Changing the password (or resetting it, or deactivating the account) bumps this, which invalidates
    # sessions, reset links and API tokens (each token carries the stamp it was issued under).
    security_stamp: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: the stamp makes old session cookies stale
        return f"{self.id}:{self.security_stamp}"

    @property
    def is_admin(self) -> bool:
        return self.platform_role == PlatformRole.admin

    @property
    def is_verifier(self) -> bool:
        return self.platform_role in (PlatformRole.verifier, PlatformRole.admin)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def membership(self):
        """The user's organisation membership (one organisation per user for now)."""
        return self.memberships[0] if self.memberships else None

    @property
    def organisation(self):
        m = self.membership
        return m.organisation if m else None


class ApiToken(db.Model):
    """Bearer tokens for the JSON API. Only a SHA-256 of the token is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), default="api", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The user's security stamp when the token was issued: a token works only while they are equal, so a
    # password reset or change, or deactivation, ends every token with the sessions.
    security_stamp: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    user = relationship("User")

    def status(self, now: dt.datetime) -> str:
        """active | revoked (by the user, or by a password change/reset or deactivation) | expired"""
        if self.revoked_at is not None or self.security_stamp != self.user.security_stamp:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"
