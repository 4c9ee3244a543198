"""Label registry administration and the claim workflow.

Claim workflow: submitted → verified | rejected (reason) by a verifier; verified/submitted → expired
when `valid_until` passes; the owner may withdraw. Only `Claim.is_certified()` claims count anywhere.
Every change writes an audit entry and tells the listeners (`on_claim_changed`) so that the catalog can
re-index the listings the claim affects, in the same transaction.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock, mail, uploads
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit, notify, notify_org
from ..permissions import Actor, require_admin, require_member_of, require_user, require_verifier
from .models import EXPIRING_SOON_DAYS, Claim, ClaimStatus, Label, LabelKind, LabelScope

KIND_LABELS = {
    "eco": _l("Ecolabel (Type I)"),
    "organic": _l("Organic"),
    "recycled": _l("Recycled content"),
    "compostable": _l("Compostable / biodegradable"),
    "carbon": _l("Carbon footprint"),
    "energy": _l("Energy efficiency"),
    "social": _l("Social and fair trade"),
    "forestry": _l("Responsible forestry"),
    "agriculture": _l("Good agricultural practice"),
    "management": _l("Management system"),
}
SCOPE_LABELS = {
    "product": _l("Products"),
    "organisation": _l("Organisations"),
    "both": _l("Products and organisations"),
}
STATUS_LABELS = {
    "submitted": _l("Pending verification"),
    "verified": _l("Verified"),
    "rejected": _l("Rejected"),
    "expired": _l("Expired"),
    "withdrawn": _l("Withdrawn"),
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

# ------------------------------------------------------------------ listeners

_claim_listeners: list[Callable[[Claim], None]] = []


def on_claim_changed(fn: Callable[[Claim], None]) -> Callable[[Claim], None]:
    """Register fn(claim), called inside the unit of work whenever a claim changes (never commits)."""
    _claim_listeners.append(fn)
    return fn


def _changed(claim: Claim) -> None:
    for fn in _claim_listeners:
        fn(claim)


# ------------------------------------------------------------------ labels

def list_labels(*, kind: str | None = None, include_inactive: bool = False) -> list[Label]:
    stmt = db.select(Label)
    if not include_inactive:
        stmt = stmt.where(Label.active.is_(True))
    if kind:
        if kind not in LabelKind.__members__:
            raise ValidationFailed(_("Unknown label kind."), {"kind": [_("Unknown label kind.")]})
        stmt = stmt.where(Label.kind == LabelKind(kind))
    return list(db.session.scalars(stmt.order_by(Label.sort_order, Label.code)))


def get_label(label_id_or_code: int | str) -> Label:
    if isinstance(label_id_or_code, int) or str(label_id_or_code).isdigit():
        label = db.session.get(Label, int(label_id_or_code))
    else:
        label = db.session.scalar(db.select(Label).where(Label.code == str(label_id_or_code)))
    if label is None:
        raise NotFound(_("Label not found."))
    return label


_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
LABEL_FIELDS = ("code", "name_en", "name_vi", "kind", "scope", "issuing_body", "website", "certifies_en",
                "certifies_vi", "legal_basis", "verify_url", "verify_howto", "certificate_hint", "validity_months",
                "active", "sort_order")


def _clean_label(data: dict[str, Any], *, partial: bool, current: Label | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    def given(f):
        return f in data and data[f] is not None

    for f, limit, required in (("code", 40, True), ("name_en", 200, True), ("name_vi", 200, True),
                               ("issuing_body", 300, True), ("certificate_hint", 200, False)):
        if given(f) or (required and not partial):
            v = str(data.get(f) or "").strip()
            if required and not v:
                err(f, _("This field is required."))
            elif len(v) > limit:
                err(f, _("At most %(n)d characters.", n=limit))
            out[f] = v
    if "code" in out and out["code"]:
        if not _CODE.match(out["code"]):
            err("code", _("Use lower-case letters, digits and hyphens."))
        else:
            clash = db.session.scalar(db.select(Label.id).where(Label.code == out["code"]))
            if clash and (current is None or clash != current.id):
                err("code", _("Another label already uses this code."))
    for f in ("certifies_en", "certifies_vi", "legal_basis", "verify_howto"):
        if given(f):
            v = str(data[f]).strip()
            if len(v) > 5000:
                err(f, _("At most %(n)d characters.", n=5000))
            out[f] = v
    for f in ("website", "verify_url"):
        if given(f):
            v = str(data[f]).strip()
            if v and (not _URL.match(v) or len(v) > 300):
                err(f, _("Enter a web address such as https://example.org."))
            out[f] = v
    if given("kind") or not partial:
        if data.get("kind") not in LabelKind.__members__:
            err("kind", _("Choose a kind."))
        else:
            out["kind"] = LabelKind(data["kind"])
    if given("scope") or not partial:
        scope = data.get("scope") or "product"
        if scope not in LabelScope.__members__:
            err("scope", _("Choose what the label applies to."))
        else:
            out["scope"] = LabelScope(scope)
    if "validity_months" in data:
        v = data["validity_months"]
        if v in (None, ""):
            out["validity_months"] = None
        else:
            try:
                n = int(v)
                if not 1 <= n <= 120:
                    raise ValueError
                out["validity_months"] = n
            except (TypeError, ValueError):
                err("validity_months", _("Enter a number of months between 1 and 120."))
    if given("active"):
        out["active"] = bool(data["active"])
    if given("sort_order"):
        try:
            out["sort_order"] = int(data["sort_order"])
        except (TypeError, ValueError):
            err("sort_order", _("Enter a whole number."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out


def _jsonable(v):
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def create_label(actor: Actor, data: dict[str, Any]) -> Label:
    require_admin(actor)
    fields = _clean_label(data, partial=False, current=None)
    label = Label(**fields)
    db.session.add(label)
    db.session.flush()
    audit(actor.user_id, "label.created", "label", label.id, {k: _jsonable(v) for k, v in fields.items()})
    db.session.commit()
    return label


def update_label(actor: Actor, label_id: int, data: dict[str, Any]) -> Label:
    require_admin(actor)
    label = get_label(int(label_id))
    fields = _clean_label(data, partial=True, current=label)
    changes = {}
    for k, v in fields.items():
        if getattr(label, k) != v:
            changes[k] = [_jsonable(getattr(label, k)), _jsonable(v)]
            setattr(label, k, v)
    if changes:
        audit(actor.user_id, "label.updated", "label", label.id, changes)
        # Documents carry label codes and kinds: re-index every listing with a claim on this label.
        for claim in db.session.scalars(db.select(Claim).where(Claim.label_id == label.id, Claim.status == ClaimStatus.verified)):
            _changed(claim)
        db.session.commit()
    return label


# ------------------------------------------------------------------ claims: reading

def get_claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(_("Claim not found."))
    return claim


def get_claim_for(actor: Actor, claim_id: int) -> Claim:
    """The owning organisation and verifiers/admins see any claim; others get 404."""
    require_user(actor)
    claim = get_claim(claim_id)
    if actor.org_id != claim.organisation_id and not actor.is_verifier:
        raise NotFound(_("Claim not found."))
    return claim


def evidence_file(actor: Actor, claim_id: int):
    """(absolute path, mime, download name) of a claim's evidence, for its organisation and verifiers only."""
    claim = get_claim_for(actor, claim_id)
    if not claim.evidence_path:
        raise NotFound(_("This claim has no evidence file."))
    return uploads.absolute_path(claim.evidence_path), claim.evidence_mime, claim.evidence_name or "evidence"


def claims_queue(actor: Actor, *, status: str | None = "submitted", org_id: int | None = None,
                 page: int = 1, per_page: int = 20):
    """Verifiers: claims by status (oldest first, so the queue is fair). Members: their own organisation's claims."""
    require_user(actor)
    stmt = db.select(Claim)
    if not actor.is_verifier:
        stmt = stmt.where(Claim.organisation_id == (actor.org_id or -1))
    elif org_id:
        stmt = stmt.where(Claim.organisation_id == org_id)
    if status:
        if status not in ClaimStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        stmt = stmt.where(Claim.status == ClaimStatus(status))
    order = (Claim.created_at.asc(), Claim.id.asc()) if status == "submitted" else (Claim.updated_at.desc(), Claim.id.desc())
    return db.paginate(stmt.order_by(*order), page=page, per_page=per_page, error_out=False)


def claims_of_org(org_id: int, *, org_level_only: bool = False) -> list[Claim]:
    stmt = db.select(Claim).where(Claim.organisation_id == org_id)
    if org_level_only:
        stmt = stmt.where(Claim.listing_id.is_(None))
    return list(db.session.scalars(stmt.order_by(Claim.valid_until.asc(), Claim.id)))


def public_claims(claims: list[Claim]) -> list[Claim]:
    """What buyers see: verified, pending and expired claims (not rejected or withdrawn ones)."""
    return [c for c in claims if c.status in (ClaimStatus.verified, ClaimStatus.submitted, ClaimStatus.expired)]


def audit_trail(claim_id: int):
    from ..notifications.models import AuditEntry

    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "claim", AuditEntry.object_id == claim_id)
                                   .order_by(AuditEntry.created_at, AuditEntry.id)))


# ------------------------------------------------------------------ claims: writing

def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def clean_claim(data: dict[str, Any], *, listing_level: bool) -> dict[str, Any]:
    """Validate a claim's fields (not the file); raise ValidationFailed with every field's problem."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    label = None
    ref = data.get("label") or data.get("label_code") or data.get("label_id")
    if not ref:
        err("label", _("Choose a label."))
    else:
        try:
            label = get_label(ref)
        except NotFound:
            err("label", _("Unknown label."))
        else:
            if not label.active:
                err("label", _("This label is no longer accepted."))
            elif listing_level and label.scope == LabelScope.organisation:
                err("label", _("This label certifies organisations, not products; add it to your organisation."))
            elif not listing_level and label.scope == LabelScope.product:
                err("label", _("This label certifies products; add it to a listing."))
    out["label"] = label
    number = str(data.get("certificate_number") or "").strip()
    if not number:
        err("certificate_number", _("Enter the certificate number."))
    elif len(number) > 100:
        err("certificate_number", _("At most %(n)d characters.", n=100))
    out["certificate_number"] = number
    for f, limit in (("issuer", 200), ("scope", 500)):
        v = str(data.get(f) or "").strip()
        if len(v) > limit:
            err(f, _("At most %(n)d characters.", n=limit))
        out[f] = v
    vf, vu = _parse_date(data.get("valid_from")), _parse_date(data.get("valid_until"))
    if vf is None:
        err("valid_from", _("Enter a date (YYYY-MM-DD)."))
    if vu is None:
        err("valid_until", _("Enter a date (YYYY-MM-DD)."))
    if vf and vu:
        if vu < vf:
            err("valid_until", _("The end of validity must be after its start."))
        elif vu < clock.today():
            err("valid_until", _("This certificate has already expired."))
        elif vf > clock.today() + dt.timedelta(days=366):
            err("valid_from", _("The validity starts too far in the future."))
        elif label and label.validity_months and (vu - vf).days > label.validity_months * 31 + 31:
            err("valid_until", _("%(label)s certificates are valid for at most %(n)d months.",
                                 label=label.name_en, n=label.validity_months))
    out["valid_from"], out["valid_until"] = vf, vu
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out


def submit_claim(actor: Actor, org_id: int, data: dict[str, Any], evidence=None, *, listing_id: int | None = None) -> Claim:
    """File a claim for organisation `org_id` (or its listing `listing_id`; the caller checked the listing
    belongs to that organisation). `evidence` is an uploaded file (optional here, required to verify)."""
    require_member_of(actor, org_id)
    fields = clean_claim(data, listing_level=listing_id is not None)
    stored = None
    if evidence is not None and getattr(evidence, "filename", ""):
        stored = uploads.store_document(evidence, f"evidence/{org_id}", field="evidence", max_bytes=EVIDENCE_MAX_BYTES)
    label = fields.pop("label")
    claim = Claim(label_id=label.id, organisation_id=org_id, listing_id=listing_id, status=ClaimStatus.submitted,
                  submitted_by_id=actor.user_id, **fields)
    if stored:
        claim.evidence_path, claim.evidence_mime, claim.evidence_size = stored.path, stored.mime, stored.size
        claim.evidence_name = stored.original_name
    try:
        db.session.add(claim)
        db.session.flush()
        audit(actor.user_id, "claim.submitted", "claim", claim.id,
              {"label": label.code, "listing_id": listing_id, "certificate_number": claim.certificate_number,
               "valid_from": claim.valid_from.isoformat(), "valid_until": claim.valid_until.isoformat(),
               "evidence": bool(stored)}, org_id)
        _changed(claim)
        db.session.commit()
    except Exception:
        db.session.rollback()
        if stored:
            _remove_file(stored.path)
        raise
    return claim


def attach_evidence(actor: Actor, claim_id: int, evidence) -> Claim:
    """Add or replace the evidence of a pending claim (its organisation only)."""
    claim = get_claim(claim_id)
    require_member_of(actor, claim.organisation_id)
    if claim.status != ClaimStatus.submitted:
        raise Conflict(_("Evidence can only be changed while the claim is pending."))
    stored = uploads.store_document(evidence, f"evidence/{claim.organisation_id}", field="evidence", max_bytes=EVIDENCE_MAX_BYTES)
    old = claim.evidence_path
    claim.evidence_path, claim.evidence_mime, claim.evidence_size = stored.path, stored.mime, stored.size
    claim.evidence_name = stored.original_name
    audit(actor.user_id, "claim.evidence_added", "claim", claim.id, {"mime": stored.mime, "size": stored.size,
                                                                   "replaced": bool(old)}, claim.organisation_id)
    _changed(claim)
    db.session.commit()
    return claim


def verify_claim(actor: Actor, claim_id: int, note: str = "") -> Claim:
    require_verifier(actor)
    claim = get_claim(claim_id)
    if actor.org_id is not None and actor.org_id == claim.organisation_id:
        raise Forbidden(_("You cannot verify your own organisation's claims."))
    if claim.status != ClaimStatus.submitted:
        raise Conflict(_("Only pending claims can be verified."))
    if not claim.has_evidence:
        raise ValidationFailed(_("A claim without evidence cannot be verified."), {"evidence": [_("No evidence file.")]})
    if claim.valid_until < clock.today():
        raise ValidationFailed(_("This certificate has already expired."), {"valid_until": [_("Expired.")]})
    claim.status = ClaimStatus.verified
    claim.reviewed_by_id, claim.reviewed_at = actor.user_id, clock.now()
    claim.rejection_reason = ""
    audit(actor.user_id, "claim.verified", "claim", claim.id, {"status": ["submitted", "verified"], "note": note[:500]},
          claim.organisation_id)
    notify_org(claim.organisation, "claim.verified",
               _("Your %(label)s claim (%(number)s) was verified.", label=claim.label.name_vi, number=claim.certificate_number),
               url=_claim_url(claim))
    _changed(claim)
    db.session.commit()
    return claim


def reject_claim(actor: Actor, claim_id: int, reason: str) -> Claim:
    """Reject a pending claim, or revoke a verified one; the reason is shown to the organisation."""
    require_verifier(actor)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(_("Give the reason for the rejection."), {"reason": [_("At least 5 characters.")]})
    if len(reason) > 1000:
        raise ValidationFailed(_("Please correct the highlighted fields."), {"reason": [_("At most %(n)d characters.", n=1000)]})
    claim = get_claim(claim_id)
    if actor.org_id is not None and actor.org_id == claim.organisation_id:
        raise Forbidden(_("You cannot review your own organisation's claims."))
    if claim.status not in (ClaimStatus.submitted, ClaimStatus.verified):
        raise Conflict(_("Only pending or verified claims can be rejected."))
    old = claim.status.value
    claim.status = ClaimStatus.rejected
    claim.rejection_reason = reason
    claim.reviewed_by_id, claim.reviewed_at = actor.user_id, clock.now()
    audit(actor.user_id, "claim.rejected", "claim", claim.id, {"status": [old, "rejected"], "reason": reason},
          claim.organisation_id)
    notify_org(claim.organisation, "claim.rejected",
               _("Your %(label)s claim (%(number)s) was rejected.", label=claim.label.name_vi, number=claim.certificate_number),
               body=reason, url=_claim_url(claim))
    _changed(claim)
    db.session.commit()
    return claim


def withdraw_claim(actor: Actor, claim_id: int) -> Claim:
    claim = get_claim(claim_id)
    require_member_of(actor, claim.organisation_id)
    if claim.status not in (ClaimStatus.submitted, ClaimStatus.verified):
        raise Conflict(_("This claim can no longer be withdrawn."))
    old = claim.status.value
    claim.status = ClaimStatus.withdrawn
    audit(actor.user_id, "claim.withdrawn", "claim", claim.id, {"status": [old, "withdrawn"]}, claim.organisation_id)
    _changed(claim)
    db.session.commit()
    return claim


def _claim_url(claim: Claim) -> str:
    return f"/claims/{claim.id}"


def _remove_file(relative: str) -> None:
    try:
        uploads.absolute_path(relative).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - best effort clean-up
        pass


# ------------------------------------------------------------------ jobs

def expire_claims(today: dt.date | None = None) -> int:
    """Store 'expired' on verified/pending claims whose validity has passed; notify and re-index. Idempotent."""
    today = today or clock.today()
    claims = list(db.session.scalars(db.select(Claim).where(
        Claim.status.in_([ClaimStatus.verified, ClaimStatus.submitted]), Claim.valid_until < today)))
    for claim in claims:
        old = claim.status.value
        claim.status = ClaimStatus.expired
        audit(None, "claim.expired", "claim", claim.id, {"status": [old, "expired"], "valid_until": claim.valid_until.isoformat()},
              claim.organisation_id)
        notify_org(claim.organisation, "claim.expired",
                   _("Your %(label)s claim (%(number)s) has expired.", label=claim.label.name_vi, number=claim.certificate_number),
                   body=_("Upload the renewed certificate to keep the badge."), url=_claim_url(claim))
        _changed(claim)
    db.session.commit()
    return len(claims)


def expiring_claims(org_id: int | None = None, today: dt.date | None = None, days: int = EXPIRING_SOON_DAYS) -> list[Claim]:
    today = today or clock.today()
    stmt = db.select(Claim).where(Claim.status == ClaimStatus.verified, Claim.valid_until >= today,
                                  Claim.valid_until <= today + dt.timedelta(days=days))
    if org_id is not None:
        stmt = stmt.where(Claim.organisation_id == org_id)
    return list(db.session.scalars(stmt.order_by(Claim.valid_until, Claim.id)))


def remind_expiring(today: dt.date | None = None) -> int:
    """Once per claim, 30 days ahead: an in-app notification and an e-mail to each member of the organisation."""
    today = today or clock.today()
    claims = [c for c in expiring_claims(today=today) if c.reminder_sent_at is None]
    mails = []
    for claim in claims:
        title = _("Your %(label)s certificate %(number)s expires on %(date)s.", label=claim.label.name_vi,
                  number=claim.certificate_number, date=claim.valid_until.isoformat())
        body = _("Upload the renewed certificate before it expires so your listings keep the verified badge.")
        for m in claim.organisation.memberships:
            notify(m.user_id, "claim.expiring", title, body, _claim_url(claim))
            mails.append((m.user.email, title, body, _claim_url(claim)))
        claim.reminder_sent_at = clock.now()
        audit(None, "claim.reminder_sent", "claim", claim.id, {"valid_until": claim.valid_until.isoformat()}, claim.organisation_id)
    db.session.commit()
    _send_mails(mails)  # after the commit: a mail failure must not undo the reminders
    return len(claims)


def _send_mails(mails: list[tuple[str, str, str, str]]) -> None:
    """Jobs run outside requests (CLI, scheduler); templates' context processors need a request context."""
    from flask import current_app, has_request_context

    def send_all():
        for to, title, body, url in mails:
            mail.send(to, title, "notification", title=title, body=body, url=url)

    if has_request_context():
        send_all()
    else:
        with current_app.test_request_context("/"):
            send_all()
