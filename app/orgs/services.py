"""Organisations: create, update, join by invitation, approve/suspend."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock, mail
from ..errors import Conflict, DomainError, NotFound, ValidationFailed
from ..extensions import db
from ..locking import lock
from ..inputs import LIKE_ESCAPE, like_pattern
from ..pagination import paginate
from ..notifications.services import audit, enqueue_index, notify_admins, notify_org
from ..permissions import Actor, require_admin, require_member_of, require_user
from ..security import new_token, token_digest
from .events import INDEXED_FIELDS, organisation_profile_changed, organisation_status_changed
from ..validation import load
from .models import Invitation, Membership, MemberRole, Organisation, OrgKind, OrgStatus
from .schemas import InvitationInput, OrganisationCreateInput, OrganisationInput, OrgStatusInput

KIND_LABELS = {
    "producer": _l("Producer"),
    "buyer": _l("Buyer (retailer / distributor)"),
    "logistics": _l("Logistics provider"),
    "finance": _l("Financial institution"),
    "fair_organiser": _l("Trade-fair organiser"),
}
SIZE_LABELS = {
    "micro": _l("Micro (≤10 employees)"),
    "small": _l("Small (≤100 employees)"),
    "medium": _l("Medium (≤200 employees)"),
    "large": _l("Large"),
}
# Buyer segments (what the programme's targets count: supermarkets and trade centres).
SEGMENT_LABELS = {
    "supermarket": _l("Supermarket"),
    "trade_centre": _l("Trade centre / shopping mall"),
    "convenience_chain": _l("Convenience store chain"),
    "wholesaler": _l("Wholesaler / distributor"),
    "horeca": _l("Hotel, restaurant, catering (HoReCa)"),
    "public_buyer": _l("Public buyer (state agency or public unit)"),
    "manufacturer": _l("Manufacturer buying inputs"),
    "other": _l("Other buyer"),
}
# Sectors, loosely after VSIC 2018 sections relevant to the programme.
SECTORS = {
    "agriculture": _l("Agriculture, forestry, fisheries"),
    "food": _l("Food and beverage processing"),
    "packaging": _l("Packaging"),
    "plastics": _l("Plastics and rubber"),
    "paper": _l("Paper and pulp"),
    "textiles": _l("Textiles and garments"),
    "handicrafts": _l("Handicrafts (bamboo, rattan, sedge)"),
    "household": _l("Household and personal care"),
    "construction": _l("Building materials"),
    "electronics": _l("Electrical and electronic equipment"),
    "energy": _l("Renewable energy"),
    "recycling": _l("Recycling and waste management"),
    "retail": _l("Retail and distribution"),
    "transport": _l("Transport and logistics"),
    "finance": _l("Finance and insurance"),
    "events": _l("Trade promotion and events"),
}

PROFILE_FIELDS = ("legal_name", "trade_name", "tax_code", "province_code", "ward_code", "address", "sectors",
                  "size", "buyer_segment", "founded_year", "website", "phone", "description", "description_en")


def _one_organisation_per_person(actor: Actor) -> None:
    """A person belongs to one organisation: creating one and accepting an invitation (or two of either)
    at the same moment are decided one at a time under the person's lock (app.locking)."""
    from ..accounts.models import User

    lock(User, actor.user_id)
    if db.session.scalar(db.select(Membership.id).where(Membership.user_id == actor.user_id).limit(1)) is not None:
        raise Conflict(_("You already belong to an organisation."))


def create_organisation(actor: Actor, kind: str | None, data: dict[str, Any], *,
                        approved: bool = False) -> Organisation:
    """Register an organisation of `kind` with its profile (schemas.OrganisationCreateInput); the actor
    becomes its owner."""
    require_user(actor)
    if actor.org is not None:
        raise Conflict(_("You already belong to an organisation."))
    fields = load(OrganisationCreateInput, {**data, "kind": kind} if isinstance(data, dict) else data)
    kind = fields.pop("kind")
    _one_organisation_per_person(actor)
    org = Organisation(kind=OrgKind(kind), status=OrgStatus.approved if approved else OrgStatus.pending,
                       approved_at=clock.now() if approved else None, **fields)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(user_id=actor.user.id, organisation_id=org.id, role=MemberRole.owner, created_at=clock.now()))
    audit(actor.user_id, "org.created", "organisation", org.id, {"kind": kind, **_jsonable(fields)}, org.id)
    enqueue_index("organisation", org.id)
    if org.status == OrgStatus.pending:
        _tell_admins(org)
    db.session.commit()
    return org


def _tell_admins(org: Organisation) -> None:
    """Administrators learn (in-app and by e-mail, per their settings) that an organisation waits for them."""
    notify_admins("admin.org_waiting", _l("%(org)s is waiting for approval", org=org.display_name),
                  _l("A new organisation registered and cannot publish until an administrator reviews it."),
                  "/orgs/admin?status=pending")


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in fields.items()}


def get_organisation(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("Organisation not found."))
    return org


def get_public_organisation(actor: Actor, org_id: int) -> Organisation:
    """Approved organisations are public; others only to their members and staff."""
    org = get_organisation(org_id)
    if org.status != OrgStatus.approved and actor.org_id != org.id and not actor.is_verifier:
        raise NotFound(_("Organisation not found."))
    return org


def update_organisation(actor: Actor, org_id: int, data: dict[str, Any]) -> Organisation:
    org = get_organisation(org_id)
    require_member_of(actor, org.id, owner=True, hide=actor.org_id != org.id)
    fields = load(OrganisationInput(current=org), data, partial=True)
    changes = {}
    for key, value in fields.items():
        old = getattr(org, key)
        if old != value:
            setattr(org, key, value)
            changes[key] = [_jsonable({"v": old})["v"], _jsonable({"v": value})["v"]]
    if changes:
        org.bump_version()
        audit(actor.user_id, "org.updated", "organisation", org.id, changes, org.id)
        enqueue_index("organisation", org.id)
        if changes.keys() & INDEXED_FIELDS:  # listings, offers, providers carry these: re-index them too
            organisation_profile_changed(org, set(changes) & INDEXED_FIELDS)
        db.session.commit()
    return org


def set_logo(actor: Actor, org_id: int, file_storage) -> Organisation:
    """Store an uploaded logo (re-encoded, at most 512 px) once the actor is known to own the organisation."""
    from .. import uploads

    org = get_organisation(org_id)
    require_member_of(actor, org.id, owner=True)
    stored = uploads.store_image(file_storage, f"logos/{org.id}", field="logo", max_bytes=2 * 1024 * 1024, max_side=512)
    org.logo_path = stored.path
    org.bump_version()
    audit(actor.user_id, "org.logo_changed", "organisation", org.id, {}, org.id)
    db.session.commit()
    return org


def set_status(actor: Actor, org_id: int, data: dict[str, Any]) -> Organisation:
    """Approve, suspend or return to review; `data`: {"status", "reason"} (schemas.OrgStatusInput)."""
    require_admin(actor)
    values = load(OrgStatusInput, data)
    status, reason = values["status"], values.get("reason") or ""
    org = get_organisation(org_id)
    old = org.status
    org.status = OrgStatus(status)
    org.status_reason = reason
    if org.status == OrgStatus.approved and org.approved_at is None:
        org.approved_at = clock.now()
    org.bump_version()
    audit(actor.user_id, f"org.{status}", "organisation", org.id, {"status": [old.value, status], "reason": reason}, org.id)
    messages = {
        "approved": _l("Your organisation has been approved. You can now publish."),
        "suspended": _l("Your organisation has been suspended: %(reason)s", reason=reason or "-"),
        "pending": _l("Your organisation is back under review."),
    }
    notify_org(org, f"org.{status}", messages[status], url="/dashboard")
    if org.status == OrgStatus.pending and old != OrgStatus.pending:
        _tell_admins(org)
    enqueue_index("organisation", org.id)
    # Listings and other published objects of a suspended organisation must disappear from search;
    # domains follow `events.on_organisation_status_changed` and re-index theirs.
    organisation_status_changed(org)
    db.session.commit()
    return org


def invite_member(actor: Actor, org_id: int, data: dict[str, Any]) -> str:
    """Invite a colleague; `data`: {"email"} (schemas.InvitationInput)."""
    from ..accounts.services import normalise_email

    org = get_organisation(org_id)
    require_member_of(actor, org.id, owner=True)
    email = normalise_email(load(InvitationInput, data)["email"])
    token, digest = new_token()
    now = clock.now()
    db.session.add(Invitation(organisation_id=org.id, email=email, token_hash=digest, invited_by_id=actor.user_id,
                              created_at=now, expires_at=now + dt.timedelta(days=7)))
    audit(actor.user_id, "org.member_invited", "organisation", org.id, {"email": email}, org.id)
    link = mail.public_url("orgs.accept_invitation", token=token)
    subject = _("You are invited to join %(org)s on GreenConnect", org=org.display_name)
    db.session.commit()
    try:
        mail.send(email, subject, "invitation", org=org, link=link, inviter=actor.user)
    except Exception as exc:  # noqa: BLE001 - the link exists only in this e-mail: say so, don't 500
        current_app.logger.exception("invitation e-mail to %s failed", email)
        err = DomainError(_("The invitation could not be e-mailed. Please try again later."))
        err.status, err.code = 503, "mail_failed"
        raise err from exc
    return token


def accept_invitation(actor: Actor, token: str) -> Organisation:
    require_user(actor)
    inv = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == token_digest(token)))
    if inv is None or inv.accepted_at is not None or inv.expires_at <= clock.now():
        raise ValidationFailed(_("This invitation is not valid any more."))
    if inv.email != actor.user.email:
        raise ValidationFailed(_("This invitation was sent to another e-mail address."))
    if actor.org is not None:
        raise Conflict(_("You already belong to an organisation."))
    _one_organisation_per_person(actor)
    inv = lock(Invitation, inv.id)
    if inv.accepted_at is not None:
        raise Conflict(_("This invitation has already been accepted."))
    inv.accepted_at = clock.now()
    db.session.add(Membership(user_id=actor.user.id, organisation_id=inv.organisation_id, role=MemberRole.member,
                              created_at=clock.now()))
    audit(actor.user_id, "org.member_joined", "organisation", inv.organisation_id, {}, inv.organisation_id)
    db.session.commit()
    return inv.organisation


def list_organisations(*, status: str | None = None, kind: str | None = None, q: str = "", page: int = 1, per_page: int = 20):
    stmt = db.select(Organisation)
    if status:
        stmt = stmt.where(Organisation.status == OrgStatus(status))
    if kind:
        stmt = stmt.where(Organisation.kind == OrgKind(kind))
    if q:
        like = like_pattern(q.strip())
        stmt = stmt.where(db.or_(Organisation.legal_name.ilike(like, escape=LIKE_ESCAPE),
                                 Organisation.tax_code.ilike(like, escape=LIKE_ESCAPE)))
    stmt = stmt.order_by(Organisation.created_at.desc(), Organisation.id.desc())
    return paginate(stmt, page, per_page)
