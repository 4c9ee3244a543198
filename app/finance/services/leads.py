"""Leads: a business's consented interest in an offer, the bank's pipeline, notes, consent withdrawal."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ... import clock, vn
from ...errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...locking import commit_or_conflict, flush_or_conflict, lock
from ...pagination import paginate
from ...notifications.models import AuditEntry
from ...notifications.services import audit, audit_value, notify_org
from ...orgs.models import OrgKind
from ...orgs.services import SECTORS, SIZE_LABELS
from ...permissions import Actor, require_can_publish, require_user
from .. import eligibility as el
from ..applicant import certified_claims
from ..models import LEAD_PIPELINE, FinanceDocument, FinanceOffer, Lead, LeadMessage, LeadNote, LeadStatus
from ..taxonomy import PURPOSES, SHAREABLE_PROFILE_FIELDS
from .documents import list_documents
from .matching import evaluate_offer
from ...validation import load
from ..schemas import InterestInput, LeadNoteInput, LeadStatusInput
from .offers import get_offer_for

LEAD_STATUS_LABELS = {
    "new": _l("New"), "contacted": _l("Contacted"), "in_review": _l("In review"),
    "approved": _l("Approved"), "declined": _l("Declined"),
}
CONSENT_TEXT = ("I consent to sharing the selected profile data, verified claims and documents with this "
                "financial institution for assessing my financing request. I can withdraw this consent at any "
                "time; the institution then loses access to the shared data and documents.")
CONSENT_LABEL = _l("I consent to sharing the selected profile data, verified claims and documents with this "
                   "financial institution for assessing my financing request. I can withdraw this consent at any "
                   "time; the institution then loses access to the shared data and documents.")
LEAD_OBJECT = "finance_lead"
ALREADY_INTERESTED = _l("You have already sent your interest in this offer.")


def lead_document_file(actor: Actor, lead_id: int, doc_id: int) -> FinanceDocument:
    """A document shared in a lead: the business's own members, or the lead's institution while consent
    is active and the document is among those shared. Anything else is 404."""
    lead, role = get_lead_for(actor, lead_id)
    doc = db.session.get(FinanceDocument, doc_id)
    if doc is None or doc.organisation_id != lead.business_org_id or doc_id not in (lead.shared_document_ids or []):
        raise NotFound(_("Document not found."))
    if role == "bank":
        if not lead.consent_active:
            raise NotFound(_("Document not found."))
        audit(actor.user_id, "finance.document_opened", LEAD_OBJECT, lead.id, {"document_id": doc.id}, actor.org_id)
        db.session.commit()
    return doc


def _profile_snapshot(org, fields_: list[str], user=None) -> dict[str, Any]:
    """The chosen profile fields as they are now; `contact_person` is the person sending the interest
    (name, e-mail, phone), shared only when ticked."""
    out = {}
    for f in fields_:
        if f == "contact_person":
            out[f] = " · ".join(x for x in (getattr(user, "full_name", ""), getattr(user, "email", ""),
                                           getattr(user, "phone", "")) if x)
        else:
            out[f] = audit_value(getattr(org, f))
    return out


def _claim_snapshot(claim) -> dict[str, Any]:
    return {"id": claim.id, "label_code": claim.label.code, "label_name": claim.label.name_vi,
            "label_name_en": claim.label.name_en, "certificate_number": claim.certificate_number,
            "issuer": claim.issuer, "valid_until": claim.valid_until.isoformat(), "listing_id": claim.listing_id}


def express_interest(actor: Actor, offer_id: int, data: dict[str, Any]) -> Lead:
    """The business sends an expression of interest with what it chose to share and explicit consent."""
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    require_can_publish(actor)
    offer = get_offer_for(actor, offer_id)
    if offer.organisation_id == actor.org_id or actor.org.kind == OrgKind.finance and not offer.eligible_kinds:
        raise Forbidden(_("Financial institutions cannot apply to this offer."))
    if not offer.is_open():
        raise Conflict(_("This offer is not open for applications."))
    today = clock.today()
    fields = load(InterestInput, data)
    profile_fields, claim_ids, doc_ids = fields["share_profile"], fields["claim_ids"], fields["document_ids"]
    claims = {c.id: c for c in certified_claims(actor.org_id, today)}
    docs = {d.id: d for d in list_documents(actor)}
    foreign = {name: [str(message)] for name, ids, own, message in (
        ("claim_ids", claim_ids, claims, _l("Only your own verified, unexpired claims can be shared.")),
        ("document_ids", doc_ids, docs, _l("Only your own documents can be shared."))) if any(i not in own for i in ids)}
    if foreign:
        raise ValidationFailed(_("Please correct the highlighted fields."), foreign)
    need_purpose, need_amount = fields["need_purpose"] or "", fields.get("need_amount")
    timeline, message = fields["need_timeline"], fields["message"]
    report = evaluate_offer(offer, actor.org, today)
    if report.status == el.NOT_ELIGIBLE:
        unmet = [r.requirement for r in report.results if r.status == el.UNMET]
        raise ValidationFailed(_("Your organisation does not meet this offer's criteria."), {"eligibility": unmet})
    # One active interest per offer and organisation, decided under the offer's lock (two people of one
    # business sending at once give one lead and a 409); a partial unique index is the last line.
    offer = lock(FinanceOffer, offer.id)
    if not offer.is_open():
        raise Conflict(_("This offer is not open for applications."))
    active = db.session.scalar(db.select(Lead.id).where(Lead.offer_id == offer.id, Lead.business_org_id == actor.org_id,
                                                       Lead.consent_withdrawn_at.is_(None)))
    if active:
        raise Conflict(str(ALREADY_INTERESTED))
    now = clock.now()
    lead = Lead(offer_id=offer.id, finance_org_id=offer.organisation_id, business_org_id=actor.org_id,
                created_by_id=actor.user_id, status=LeadStatus.new, status_changed_at=now,
                need_purpose=need_purpose, need_amount=need_amount, need_timeline=timeline, message=message,
                shared_profile=_profile_snapshot(actor.org, profile_fields, actor.user), shared_claim_ids=claim_ids,
                shared_claims=[_claim_snapshot(claims[i]) for i in claim_ids], shared_document_ids=doc_ids,
                eligibility=report.to_dict(), consent_text=CONSENT_TEXT, consent_given_at=now)
    db.session.add(lead)
    flush_or_conflict(ALREADY_INTERESTED)
    audit(actor.user_id, "finance.lead_created", LEAD_OBJECT, lead.id,
          {"offer_id": offer.id, "finance_org_id": offer.organisation_id, "business_org_id": actor.org_id,
           "shared_profile": profile_fields, "claim_ids": claim_ids, "document_ids": doc_ids,
           "consent_given_at": now.isoformat()}, actor.org_id)
    notify_org(offer.organisation, "finance.lead_new",
               _l("New expression of interest from %(org)s", org=actor.org.display_name),
               offer.title, url=f"/finance/leads/{lead.id}")
    commit_or_conflict(ALREADY_INTERESTED)
    return lead


def get_lead_for(actor: Actor, lead_id: int) -> tuple[Lead, str]:
    """(lead, "bank" | "business"); anyone else gets 404."""
    require_user(actor)
    lead = db.session.get(Lead, lead_id)
    if lead is None or actor.org_id is None:
        raise NotFound(_("Lead not found."))
    if actor.org_id == lead.finance_org_id:
        return lead, "bank"
    if actor.org_id == lead.business_org_id:
        return lead, "business"
    raise NotFound(_("Lead not found."))


def list_leads(actor: Actor, *, status: str | None = None, page: int = 1, per_page: int = 20):
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    if actor.org.kind == OrgKind.finance:
        stmt = db.select(Lead).where(Lead.finance_org_id == actor.org_id)
    else:
        stmt = db.select(Lead).where(Lead.business_org_id == actor.org_id)
    if status in LeadStatus.__members__:
        stmt = stmt.where(Lead.status == LeadStatus(status))
    elif status == "withdrawn":
        stmt = stmt.where(Lead.consent_withdrawn_at.is_not(None))
    stmt = stmt.options(selectinload(Lead.business_org), selectinload(Lead.finance_org), selectinload(Lead.offer))
    stmt = stmt.order_by(Lead.created_at.desc(), Lead.id.desc())
    return paginate(stmt, page, per_page)


def lead_counts(org_id: int) -> dict[str, int]:
    rows = db.session.execute(db.select(Lead.status, db.func.count(Lead.id)).where(
        Lead.finance_org_id == org_id, Lead.consent_withdrawn_at.is_(None)).group_by(Lead.status)).all()
    counts = {s: 0 for s in LEAD_PIPELINE}
    counts.update({s.value: n for s, n in rows})
    return counts


def set_lead_status(actor: Actor, lead_id: int, status: str, note: str = "") -> Lead:
    lead, role = get_lead_for(actor, lead_id)
    if role != "bank":
        raise Forbidden(_("Only the financial institution moves a lead through its pipeline."))
    fields = load(LeadStatusInput, {"status": status, "note": note})
    status, note = fields["status"], fields["note"]
    if not lead.consent_active:
        raise Conflict(_("The business withdrew its consent; this lead is closed."))
    old = lead.status.value
    if old == status:
        return lead
    lead.status = LeadStatus(status)
    lead.status_changed_at = clock.now()
    if note:
        db.session.add(LeadNote(lead_id=lead.id, author_id=actor.user_id, body=note, created_at=clock.now()))
    audit(actor.user_id, "finance.lead_status", LEAD_OBJECT, lead.id, {"status": [old, status]}, actor.org_id)
    notify_org(lead.business_org, "finance.lead_status",
               _l("%(bank)s: your request is now \"%(status)s\"", bank=lead.finance_org.display_name,
                 status=LEAD_STATUS_LABELS[status]), lead.offer.title, url=f"/finance/leads/{lead.id}")
    db.session.commit()
    return lead


def add_note(actor: Actor, lead_id: int, body: str) -> LeadNote:
    lead, role = get_lead_for(actor, lead_id)
    if role != "bank":
        raise NotFound(_("Lead not found."))
    body = load(LeadNoteInput, {"body": body})["body"]
    note = LeadNote(lead_id=lead.id, author_id=actor.user_id, body=body, created_at=clock.now())
    db.session.add(note)
    db.session.flush()
    audit(actor.user_id, "finance.lead_note", LEAD_OBJECT, lead.id, {"note_id": note.id}, actor.org_id)
    db.session.commit()
    return note


def lead_messages(lead: Lead) -> list[LeadMessage]:
    return list(db.session.scalars(db.select(LeadMessage).where(LeadMessage.lead_id == lead.id)
                                   .order_by(LeadMessage.created_at, LeadMessage.id)))


def post_message(actor: Actor, lead_id: int, data) -> LeadMessage:
    """Either side writes in the lead's conversation; the other side is notified (and e-mailed by the job
    runner). Closed once the business withdrew its consent."""
    from ...validation import load
    from ..schemas import LeadMessageInput

    lead, role = get_lead_for(actor, lead_id)
    body = load(LeadMessageInput, data)["body"]
    if not lead.consent_active:
        raise Conflict(_("The business withdrew its consent; this conversation is closed."))
    msg = LeadMessage(lead_id=lead.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id, body=body,
                      created_at=clock.now())
    db.session.add(msg)
    db.session.flush()
    other = lead.business_org if role == "bank" else lead.finance_org
    notify_org(other, "finance.lead_message",
               _l("New message from %(org)s about “%(offer)s”", org=actor.org.display_name, offer=lead.offer.title),
               body[:300], url=f"/finance/leads/{lead.id}#conversation")
    audit(actor.user_id, "finance.lead_message", LEAD_OBJECT, lead.id, {"message_id": msg.id}, actor.org_id)
    db.session.commit()
    return msg


def withdraw_consent(actor: Actor, lead_id: int) -> Lead:
    """The business withdraws consent: the snapshot is erased and the institution loses access to the
    shared documents at once."""
    lead, role = get_lead_for(actor, lead_id)
    if role != "business":
        raise NotFound(_("Lead not found."))
    if not lead.consent_active:
        return lead
    now = clock.now()
    lead.consent_withdrawn_at = now
    lead.shared_profile = {}
    lead.shared_claims = []
    audit(actor.user_id, "finance.consent_withdrawn", LEAD_OBJECT, lead.id,
          {"document_ids": list(lead.shared_document_ids or []), "claim_ids": list(lead.shared_claim_ids or []),
           "withdrawn_at": now.isoformat()}, actor.org_id)
    notify_org(lead.finance_org, "finance.consent_withdrawn",
               _l("%(org)s withdrew its consent", org=lead.business_org.display_name), lead.offer.title,
               url=f"/finance/leads/{lead.id}")
    db.session.commit()
    return lead


def shared_for(lead: Lead, role: str) -> dict[str, Any]:
    """What the viewer may see of the shared data: nothing for the bank once consent is withdrawn."""
    if role == "bank" and not lead.consent_active:
        return {"profile": {}, "claims": [], "documents": [], "message": ""}
    docs = []
    if lead.shared_document_ids:
        docs = list(db.session.scalars(db.select(FinanceDocument).where(
            FinanceDocument.id.in_(lead.shared_document_ids),
            FinanceDocument.organisation_id == lead.business_org_id).order_by(FinanceDocument.id)))
    return {"profile": dict(lead.shared_profile or {}), "claims": list(lead.shared_claims or []),
            "documents": docs, "message": lead.message}


def lead_history(lead: Lead, role: str) -> list[AuditEntry]:
    """The lead's audit trail; the business does not see the bank's private notes or document openings."""
    stmt = db.select(AuditEntry).where(AuditEntry.object_type == LEAD_OBJECT, AuditEntry.object_id == lead.id)
    if role == "business":
        stmt = stmt.where(AuditEntry.action.in_(["finance.lead_created", "finance.lead_status",
                                                 "finance.consent_withdrawn"]))
    return list(db.session.scalars(stmt.order_by(AuditEntry.created_at, AuditEntry.id)))


def profile_display(key: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if key == "province_code":
        return vn.province_name(value) or str(value)
    if key == "sectors":
        return ", ".join(str(SECTORS.get(s, s)) for s in value)
    if key == "size":
        return str(SIZE_LABELS.get(value, value))
    return str(value)
