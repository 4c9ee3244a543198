"""Who may do what, in one place.

Every service that reads or changes an organisation-owned object asks here. Rules:
- anonymous users read public things only;
- members act for their own organisation; owners also manage members and the profile;
- verifiers review claims; admins approve organisations and edit reference data;
- nobody reads or edits another organisation's private objects (404, not 403, so ids don't leak).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .errors import Forbidden, NotFound, Unauthorized


@dataclass(frozen=True)
class Actor:
    """The acting identity passed to services: a user (or None) and their organisation."""

    user: object | None
    org: object | None = None
    role: str | None = None  # "owner" | "member" within org

    @classmethod
    def for_user(cls, user) -> "Actor":
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(None)
        m = user.membership
        return cls(user, m.organisation if m else None, m.role.value if m else None)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_admin(self) -> bool:
        return bool(self.user and self.user.is_admin)

    @property
    def is_verifier(self) -> bool:
        return bool(self.user and self.user.is_verifier)

    @property
    def org_id(self) -> int | None:  # noqa: D401
        return self.org.id if self.org else None

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "id", None) if self.user else None


def require_user(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise Unauthorized(_("Please sign in."))


def require_member_of(actor: Actor, org_id: int, *, owner: bool = False, hide: bool = True) -> None:
    """The actor must belong to organisation `org_id` (and be its owner when `owner`)."""
    require_user(actor)
    if actor.org_id != org_id:
        if hide:
            raise NotFound(_("Not found."))
        raise Forbidden(_("This belongs to another organisation."))
    if owner and actor.role != "owner":
        raise Forbidden(_("Only the organisation's owner can do this."))


def require_org_kind(actor: Actor, *kinds: str) -> None:
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    if actor.org.kind.value not in kinds:
        raise Forbidden(_("Your organisation type cannot do this."))


def require_can_publish(actor: Actor) -> None:
    require_user(actor)
    if actor.org is None or not actor.org.can_publish:
        raise Forbidden(_("Your organisation must be approved by the programme before it can publish."))


def require_admin(actor: Actor) -> None:
    require_user(actor)
    if not actor.is_admin:
        raise Forbidden(_("Administrators only."))


def require_verifier(actor: Actor) -> None:
    require_user(actor)
    if not actor.is_verifier:
        raise Forbidden(_("Verifiers only."))
