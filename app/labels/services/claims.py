"""Claims: reading (owner, verifier queue, public) and the workflow submit → verify | reject, withdraw."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock, uploads
from ...errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...locking import lock
from ...pagination import paginate
from ...validation import load
from ...notifications.services import audit, notify_org
from ...permissions import Actor, require_member_of, require_user, require_verifier
from ..models import Claim, ClaimStatus
from .events import _changed
from ..schemas import ClaimCreateInput, ClaimRejectInput, ClaimVerifyInput

STATUS_LABELS = {
    "submitted": _l("Pending verification"),
    "verified": _l("Verified"),
    "rejected": _l("Rejected"),
    "expired": _l("Expired"),
    "withdrawn": _l("Withdrawn"),
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def get_claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(_("Claim not found."))
    return claim


def _locked_claim(claim_id: int) -> Claim:
    """The claim locked for this transaction and re-read (app.locking): two verifiers deciding at the same
    moment, or a verification crossing a withdrawal, are decided one after the other (the second gets 409)."""
    get_claim(claim_id)
    claim = lock(Claim, claim_id)
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


def evidence_claim(actor: Actor, claim_id: int) -> Claim:
    """A claim whose evidence `actor` may download (its organisation and verifiers only; serve the file
    with `uploads.send_stored`)."""
    claim = get_claim_for(actor, claim_id)
    if not claim.evidence_path:
        raise NotFound(_("This claim has no evidence file."))
    return claim


def evidence_file(actor: Actor, claim_id: int):
    """(absolute path, mime, download name) of a claim's evidence, for its organisation and verifiers only."""
    claim = evidence_claim(actor, claim_id)
    return (uploads.absolute_path(claim.evidence_path), claim.evidence_mime,
            uploads.download_name(claim.evidence_name, claim.evidence_mime, "evidence"))


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
    return paginate(stmt.order_by(*order), page, per_page)


def claims_of_org(org_id: int, *, org_level_only: bool = False) -> list[Claim]:
    stmt = db.select(Claim).where(Claim.organisation_id == org_id)
    if org_level_only:
        stmt = stmt.where(Claim.listing_id.is_(None))
    return list(db.session.scalars(stmt.order_by(Claim.valid_until.asc(), Claim.id)))


def public_claims(claims: list[Claim]) -> list[Claim]:
    """What buyers see: verified, pending and expired claims (not rejected or withdrawn ones)."""
    return [c for c in claims if c.status in (ClaimStatus.verified, ClaimStatus.submitted, ClaimStatus.expired)]


def audit_trail(claim_id: int):
    from ...notifications.models import AuditEntry

    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "claim", AuditEntry.object_id == claim_id)
                                   .order_by(AuditEntry.created_at, AuditEntry.id)))


def submit_claim(actor: Actor, org_id: int, data: dict[str, Any], evidence=None, *, listing_id: int | None = None) -> Claim:
    """File a claim for organisation `org_id` (or its listing `listing_id`; the caller checked the listing
    belongs to that organisation). `evidence` is an uploaded file (optional here, required to verify); the
    fields are checked (schemas.ClaimCreateInput) before the file is read, and nothing is stored when they are wrong."""
    require_member_of(actor, org_id)
    fields = load(ClaimCreateInput(listing_level=listing_id is not None), data)
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
    claim = _locked_claim(claim_id)  # after the file work: a verifier may have decided meanwhile
    if claim.status != ClaimStatus.submitted:
        _remove_file(stored.path)
        raise Conflict(_("Evidence can only be changed while the claim is pending."))
    old = claim.evidence_path
    claim.evidence_path, claim.evidence_mime, claim.evidence_size = stored.path, stored.mime, stored.size
    claim.evidence_name = stored.original_name
    audit(actor.user_id, "claim.evidence_added", "claim", claim.id, {"mime": stored.mime, "size": stored.size,
                                                                   "replaced": bool(old)}, claim.organisation_id)
    _changed(claim)
    db.session.commit()
    return claim


def verify_claim(actor: Actor, claim_id: int, data: dict[str, Any] | None = None) -> Claim:
    """Verify a pending claim with its evidence; `data` may carry a `note` for the audit log (ClaimVerifyInput)."""
    require_verifier(actor)
    note = load(ClaimVerifyInput, data).get("note") or ""
    claim = _locked_claim(claim_id)
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
    audit(actor.user_id, "claim.verified", "claim", claim.id, {"status": ["submitted", "verified"], "note": note},
          claim.organisation_id)
    notify_org(claim.organisation, "claim.verified",
               _l("Your %(label)s claim (%(number)s) was verified.", label=claim.label.name_vi, number=claim.certificate_number),
               url=_claim_url(claim))
    _changed(claim)
    db.session.commit()
    return claim


def reject_claim(actor: Actor, claim_id: int, data: dict[str, Any]) -> Claim:
    """Reject a pending claim, or revoke a verified one; the `reason` (ClaimRejectInput) is shown to the
    organisation."""
    require_verifier(actor)
    reason = load(ClaimRejectInput, data)["reason"]
    claim = _locked_claim(claim_id)
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
               _l("Your %(label)s claim (%(number)s) was rejected.", label=claim.label.name_vi, number=claim.certificate_number),
               body=reason, url=_claim_url(claim))
    _changed(claim)
    db.session.commit()
    return claim


def withdraw_claim(actor: Actor, claim_id: int) -> Claim:
    claim = _locked_claim(claim_id)
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
