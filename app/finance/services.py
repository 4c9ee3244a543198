"""Green finance: offers (draft → published → closed), eligibility, documents and leads.

Privacy rules (tested in tests/finance):
- a financial institution sees only the leads sent to its own offers (another bank's lead → 404);
- the shared data of a lead (profile snapshot, claims, documents) is shown to the bank only while
  consent is active; withdrawal erases the profile/claim snapshot and the document check runs on
  every request, so withdrawn consent cuts access at once;
- a business's documents are never reachable except by its members, or through a lead with consent.
Every lead event is written to the audit log; the other side is notified.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock, uploads, vn
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.models import AuditEntry
from ..notifications.services import audit, enqueue_index, notify_org
from ..orgs.models import OrgKind, OrgStatus
from ..orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from ..permissions import Actor, require_can_publish, require_org_kind, require_user
from . import eligibility as el
from .applicant import applicant_for, certified_claims, label_names
from .models import LEAD_PIPELINE, FinanceDocument, FinanceOffer, Lead, LeadNote, LeadStatus, OfferStatus
from .taxonomy import CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PURPOSES, SHAREABLE_PROFILE_FIELDS

OFFER_STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}
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
MAX_AMOUNT = 10 ** 15
LEAD_OBJECT = "finance_lead"
OFFER_OBJECT = "finance_offer"

def _locale() -> str:
    try:
        return str(get_locale() or "vi")
    except Exception:  # noqa: BLE001 - outside a request
        return "vi"

def _jsonable(v):
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v

# ------------------------------------------------------------------ offers: validation

_OFFER_TEXT = (("title", 200, True), ("title_en", 200, False), ("description", 5000, False),
               ("description_en", 5000, False), ("rate_text", 200, False), ("collateral", 2000, False),
               ("documents_note", 2000, False))
_LISTS = {
    "purposes": PURPOSES, "documents_required": DOCUMENT_TYPES, "eligible_kinds": KIND_LABELS,
    "eligible_sectors": SECTORS, "eligible_sizes": SIZE_LABELS,
}

def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)

def _parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))

def clean_offer(data: dict[str, Any], *, partial: bool = False, current: FinanceOffer | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f: str, m: str) -> None:
        errors.setdefault(f, []).append(m)

    def has(f: str) -> bool:
        return f in data and data[f] is not None

    for name, limit, required in _OFFER_TEXT:
        if has(name) or (required and not partial):
            value = str(data.get(name) or "").strip()
            if required and len(value) < 3:
                err(name, _("Enter a title of at least 3 characters."))
            elif len(value) > limit:
                err(name, _("At most %(n)d characters.", n=limit))
            out[name] = value
    if has("product_type") or not partial:
        if data.get("product_type") not in PRODUCT_TYPES:
            err("product_type", _("Choose a product type."))
        else:
            out["product_type"] = data["product_type"]
    for name, vocab in _LISTS.items():
        if has(name):
            values = _as_list(data[name])
            if any(v not in vocab for v in values):
                err(name, _("Unknown value."))
            else:
                out[name] = list(dict.fromkeys(values))
    if not partial and not out.get("purposes") and "purposes" not in errors:
        err("purposes", _("Choose at least one eligible purpose."))
    if has("eligible_provinces"):
        values = _as_list(data["eligible_provinces"])
        if any(vn.province(v) is None for v in values):
            err("eligible_provinces", _("Unknown province."))
        else:
            out["eligible_provinces"] = list(dict.fromkeys(str(vn.province(v).code) for v in values))
    if has("required_labels"):
        codes = list(dict.fromkeys(_as_list(data["required_labels"])))
        known = label_names(codes)
        if any(c not in known for c in codes):
            err("required_labels", _("Unknown label."))
        else:
            out["required_labels"] = codes
    if has("labels_match"):
        if data["labels_match"] not in ("any", "all"):
            err("labels_match", _("Choose any or all."))
        else:
            out["labels_match"] = data["labels_match"]
    if has("currency") or not partial:
        currency = str(data.get("currency") or "VND").upper()
        if currency not in CURRENCIES:
            err("currency", _("Choose VND, USD or EUR."))
        out["currency"] = currency
    for name, lo, hi in (("amount_min", 0, MAX_AMOUNT), ("amount_max", 0, MAX_AMOUNT),
                         ("tenor_min_months", 1, 600), ("tenor_max_months", 1, 600),
                         ("min_years_operating", 0, 100), ("min_certified_share", 0, 100)):
        if name in data:
            value = data[name]
            if value in (None, ""):
                out[name] = None
                continue
            try:
                number = int(value)
                if not lo <= number <= hi:
                    raise ValueError
                out[name] = number or (None if name in ("min_years_operating", "min_certified_share") else 0)
            except (TypeError, ValueError):
                err(name, _("Enter a whole number between %(lo)d and %(hi)d.", lo=lo, hi=hi))
    for name in ("rate_min", "rate_max"):
        if name in data:
            value = data[name]
            if value in (None, ""):
                out[name] = None
                continue
            try:
                number = float(value)
                if not 0 <= number <= 100:
                    raise ValueError
                out[name] = number
            except (TypeError, ValueError):
                err(name, _("Enter a rate between 0 and 100 (% per year)."))
    for name in ("valid_from", "valid_until"):
        if name in data:
            try:
                out[name] = _parse_date(data[name])
            except ValueError:
                err(name, _("Enter a date as YYYY-MM-DD."))

    def final(name):
        return out[name] if name in out else (getattr(current, name) if current is not None else None)

    for lo, hi, field_ in (("amount_min", "amount_max", "amount_max"), ("tenor_min_months", "tenor_max_months",
                                                                        "tenor_max_months"),
                           ("rate_min", "rate_max", "rate_max"), ("valid_from", "valid_until", "valid_until")):
        a, b = final(lo), final(hi)
        if a is not None and b is not None and a > b and field_ not in errors and lo not in errors:
            err(field_, _("Must not be smaller than the lower bound."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out

# ------------------------------------------------------------------ offers: reads

def get_offer(offer_id: int) -> FinanceOffer:
    offer = db.session.get(FinanceOffer, offer_id)
    if offer is None:
        raise NotFound(_("Offer not found."))
    return offer

def is_public(offer: FinanceOffer) -> bool:
    return offer.status != OfferStatus.draft and offer.organisation.status == OrgStatus.approved

def get_offer_for(actor: Actor, offer_id: int) -> FinanceOffer:
    """Published and closed offers are public; drafts only to the institution's members."""
    offer = get_offer(offer_id)
    if actor.org_id != offer.organisation_id and not is_public(offer) and not actor.is_admin:
        raise NotFound(_("Offer not found."))
    return offer

def get_own_offer(actor: Actor, offer_id: int) -> FinanceOffer:
    require_user(actor)
    offer = get_offer(offer_id)
    if actor.org_id != offer.organisation_id:
        if is_public(offer):
            raise Forbidden(_("This belongs to another organisation."))
        raise NotFound(_("Offer not found."))
    return offer

def my_offers(actor: Actor, *, status: str | None = None, page: int = 1, per_page: int = 20):
    require_org_kind(actor, OrgKind.finance.value)
    stmt = db.select(FinanceOffer).where(FinanceOffer.organisation_id == actor.org_id)
    if status in OfferStatus.__members__:
        stmt = stmt.where(FinanceOffer.status == OfferStatus(status))
    stmt = stmt.order_by(FinanceOffer.updated_at.desc(), FinanceOffer.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)

def open_offers(today: dt.date | None = None) -> list[FinanceOffer]:
    """Published offers inside their validity window, of approved institutions."""
    from ..orgs.models import Organisation

    today = today or clock.today()
    stmt = (db.select(FinanceOffer).join(Organisation, Organisation.id == FinanceOffer.organisation_id)
            .where(FinanceOffer.status == OfferStatus.published, Organisation.status == OrgStatus.approved,
                   db.or_(FinanceOffer.valid_from.is_(None), FinanceOffer.valid_from <= today),
                   db.or_(FinanceOffer.valid_until.is_(None), FinanceOffer.valid_until >= today))
            .order_by(FinanceOffer.published_at.desc(), FinanceOffer.id.desc()))
    return list(db.session.scalars(stmt))

# ------------------------------------------------------------------ offers: writes

def _touch(actor: Actor, offer: FinanceOffer, action: str, changes: dict) -> None:
    offer.bump_version()
    audit(actor.user_id, action, OFFER_OBJECT, offer.id, changes, offer.organisation_id)
    enqueue_index("offer", offer.id)

def _publish_problems(offer: FinanceOffer) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not offer.purposes:
        problems["purposes"] = [_("Choose at least one eligible purpose.")]
    if offer.valid_until is not None and offer.valid_until < clock.today():
        problems["valid_until"] = [_("The validity window has already ended.")]
    return problems

def create_offer(actor: Actor, data: dict[str, Any]) -> FinanceOffer:
    require_org_kind(actor, OrgKind.finance.value)
    publish = bool(data.pop("publish", False)) if isinstance(data, dict) else False
    fields = clean_offer(data)
    offer = FinanceOffer(organisation_id=actor.org_id, created_by_id=actor.user_id, status=OfferStatus.draft, **fields)
    db.session.add(offer)
    db.session.flush()
    audit(actor.user_id, "finance.offer_created", OFFER_OBJECT, offer.id,
          {k: _jsonable(v) for k, v in fields.items() if k not in ("description", "description_en")}, actor.org_id)
    if publish:
        _do_publish(actor, offer)
    enqueue_index("offer", offer.id)
    db.session.commit()
    return offer

def update_offer(actor: Actor, offer_id: int, data: dict[str, Any]) -> FinanceOffer:
    offer = get_own_offer(actor, offer_id)
    if offer.status == OfferStatus.closed:
        raise Conflict(_("A closed offer cannot be edited."))
    fields = clean_offer(data, partial=True, current=offer)
    changes = {}
    for key, value in fields.items():
        if getattr(offer, key) != value:
            changes[key] = [_jsonable(getattr(offer, key)), _jsonable(value)]
            setattr(offer, key, value)
    if changes:
        if offer.status == OfferStatus.published:
            problems = _publish_problems(offer)
            if problems:
                db.session.rollback()
                raise ValidationFailed(_("Please correct the highlighted fields."), problems)
        _touch(actor, offer, "finance.offer_updated", changes)
        db.session.commit()
    return offer

def _do_publish(actor: Actor, offer: FinanceOffer) -> None:
    require_can_publish(actor)
    problems = _publish_problems(offer)
    if problems:
        raise ValidationFailed(_("The offer cannot be published yet."), problems)
    offer.status = OfferStatus.published
    offer.published_at = offer.published_at or clock.now()
    offer.closed_at = None
    offer.bump_version()
    audit(actor.user_id, "finance.offer_published", OFFER_OBJECT, offer.id, {}, offer.organisation_id)

def publish_offer(actor: Actor, offer_id: int) -> FinanceOffer:
    offer = get_own_offer(actor, offer_id)
    if offer.status == OfferStatus.published:
        return offer
    _do_publish(actor, offer)
    enqueue_index("offer", offer.id)
    db.session.commit()
    return offer

def close_offer(actor: Actor, offer_id: int) -> FinanceOffer:
    offer = get_own_offer(actor, offer_id)
    if offer.status == OfferStatus.closed:
        return offer
    old = offer.status.value
    offer.status = OfferStatus.closed
    offer.closed_at = clock.now()
    _touch(actor, offer, "finance.offer_closed", {"status": [old, "closed"]})
    db.session.commit()
    return offer

# ------------------------------------------------------------------ eligibility

def vocabulary_names(codes: list[str] | None = None) -> dict[str, dict]:
    return {"kind": KIND_LABELS, "sector": SECTORS, "size": SIZE_LABELS,
            "province": {p: vn.province_name(p) for p in vn.provinces()},
            "label": label_names(codes or [], _locale())}

def evaluate_offer(offer: FinanceOffer, org, today: dt.date | None = None, applicant=None) -> el.Report:
    today = today or clock.today()
    applicant = applicant or applicant_for(org, today)
    return el.evaluate(el.Criteria.of(offer), applicant, today, names=vocabulary_names(offer.required_labels))

def eligibility_for(actor: Actor, offer_id: int) -> tuple[FinanceOffer, el.Report]:
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    offer = get_offer_for(actor, offer_id)
    return offer, evaluate_offer(offer, actor.org)

def match_offers(actor: Actor, need: el.Need | None = None, *, include_ineligible: bool = True) -> list[el.Fit]:
    """Open offers ranked by fit to the organisation (and to its financing need, when given)."""
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    today = clock.today()
    applicant = applicant_for(actor.org, today)
    pairs = [(o, evaluate_offer(o, actor.org, today, applicant)) for o in open_offers(today)
             if o.organisation_id != actor.org_id]
    fits = el.rank(pairs, need or el.Need())
    return fits if include_ineligible else [f for f in fits if f.report.status != el.NOT_ELIGIBLE]

def clean_need(data: dict[str, Any]) -> el.Need:
    errors: dict[str, list[str]] = {}
    purpose = data.get("purpose") or None
    if purpose and purpose not in PURPOSES:
        errors["purpose"] = [_("Unknown purpose.")]
    amount = tenor = None
    try:
        amount = int(data["amount"]) if data.get("amount") not in (None, "") else None
        if amount is not None and not 0 < amount <= MAX_AMOUNT:
            raise ValueError
    except (TypeError, ValueError):
        errors["amount"] = [_("Enter an amount in VND.")]
    try:
        tenor = int(data["tenor_months"]) if data.get("tenor_months") not in (None, "") else None
        if tenor is not None and not 1 <= tenor <= 600:
            raise ValueError
    except (TypeError, ValueError):
        errors["tenor_months"] = [_("Enter a number of months.")]
    try:
        needed_by = _parse_date(data.get("needed_by"))
    except ValueError:
        needed_by = None
        errors["needed_by"] = [_("Enter a date as YYYY-MM-DD.")]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return el.Need(purpose, amount, tenor, needed_by)

# ------------------------------------------------------------------ documents

def list_documents(actor: Actor) -> list[FinanceDocument]:
    require_user(actor)
    if actor.org is None:
        return []
    return list(db.session.scalars(db.select(FinanceDocument).where(FinanceDocument.organisation_id == actor.org_id)
                                   .order_by(FinanceDocument.created_at.desc(), FinanceDocument.id.desc())))

def upload_document(actor: Actor, file_storage, title: str = "", doc_type: str = "other") -> FinanceDocument:
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    errors = {}
    if doc_type not in DOCUMENT_TYPES:
        errors["doc_type"] = [_("Unknown document type.")]
    title = (title or "").strip()
    if len(title) > 200:
        errors["title"] = [_("At most %(n)d characters.", n=200)]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    stored = uploads.store_document(file_storage, f"finance/{actor.org_id}", field="file")
    doc = FinanceDocument(organisation_id=actor.org_id, title=title or stored.original_name or str(DOCUMENT_TYPES[doc_type]),
                          doc_type=doc_type, path=stored.path, mime=stored.mime, size=stored.size,
                          original_name=stored.original_name, uploaded_by_id=actor.user_id, created_at=clock.now())
    db.session.add(doc)
    db.session.flush()
    audit(actor.user_id, "finance.document_uploaded", "finance_document", doc.id,
          {"title": doc.title, "doc_type": doc_type, "size": doc.size}, actor.org_id)
    db.session.commit()
    return doc

def _own_document(actor: Actor, doc_id: int) -> FinanceDocument:
    require_user(actor)
    doc = db.session.get(FinanceDocument, doc_id)
    if doc is None or actor.org_id is None or doc.organisation_id != actor.org_id:
        raise NotFound(_("Document not found."))
    return doc

def delete_document(actor: Actor, doc_id: int) -> None:
    doc = _own_document(actor, doc_id)
    path = doc.path
    audit(actor.user_id, "finance.document_deleted", "finance_document", doc.id, {"title": doc.title}, actor.org_id)
    db.session.delete(doc)
    db.session.commit()
    try:
        uploads.absolute_path(path).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - the row is gone; a stray file is harmless
        pass

def document_file(actor: Actor, doc_id: int) -> FinanceDocument:
    return _own_document(actor, doc_id)

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

# ------------------------------------------------------------------ leads

def _profile_snapshot(org, fields_: list[str]) -> dict[str, Any]:
    return {f: _jsonable(getattr(org, f)) for f in fields_}

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
    errors: dict[str, list[str]] = {}
    if data.get("consent") is not True:
        errors["consent"] = [_("Tick the consent box to send your interest.")]
    profile_fields = list(dict.fromkeys(_as_list(data.get("share_profile"))))
    if any(f not in SHAREABLE_PROFILE_FIELDS for f in profile_fields):
        errors["share_profile"] = [_("Unknown profile field.")]
    try:
        claim_ids = [int(i) for i in _as_list(data.get("claim_ids"))]
        doc_ids = [int(i) for i in _as_list(data.get("document_ids"))]
    except (TypeError, ValueError):
        raise ValidationFailed(_("Please correct the highlighted fields."), {"claim_ids": [_("Unknown value.")]})
    claims = {c.id: c for c in certified_claims(actor.org_id, today)}
    if any(i not in claims for i in claim_ids):
        errors["claim_ids"] = [_("Only your own verified, unexpired claims can be shared.")]
    docs = {d.id: d for d in list_documents(actor)}
    if any(i not in docs for i in doc_ids):
        errors["document_ids"] = [_("Only your own documents can be shared.")]
    need_purpose = data.get("need_purpose") or ""
    if need_purpose and need_purpose not in PURPOSES:
        errors["need_purpose"] = [_("Unknown purpose.")]
    need_amount = data.get("need_amount")
    if need_amount in ("", None):
        need_amount = None
    else:
        try:
            need_amount = int(need_amount)
            if not 0 < need_amount <= MAX_AMOUNT:
                raise ValueError
        except (TypeError, ValueError):
            errors["need_amount"] = [_("Enter an amount in VND.")]
    timeline = str(data.get("need_timeline") or "").strip()
    message = str(data.get("message") or "").strip()
    if len(timeline) > 200:
        errors["need_timeline"] = [_("At most %(n)d characters.", n=200)]
    if len(message) > 3000:
        errors["message"] = [_("At most %(n)d characters.", n=3000)]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    report = evaluate_offer(offer, actor.org, today)
    if report.status == el.NOT_ELIGIBLE:
        unmet = [r.requirement for r in report.results if r.status == el.UNMET]
        raise ValidationFailed(_("Your organisation does not meet this offer's criteria."), {"eligibility": unmet})
    active = db.session.scalar(db.select(Lead.id).where(Lead.offer_id == offer.id, Lead.business_org_id == actor.org_id,
                                                       Lead.consent_withdrawn_at.is_(None)))
    if active:
        raise Conflict(_("You have already sent your interest in this offer."))
    now = clock.now()
    lead = Lead(offer_id=offer.id, finance_org_id=offer.organisation_id, business_org_id=actor.org_id,
                created_by_id=actor.user_id, status=LeadStatus.new, status_changed_at=now,
                need_purpose=need_purpose, need_amount=need_amount, need_timeline=timeline, message=message,
                shared_profile=_profile_snapshot(actor.org, profile_fields), shared_claim_ids=claim_ids,
                shared_claims=[_claim_snapshot(claims[i]) for i in claim_ids], shared_document_ids=doc_ids,
                eligibility=report.to_dict(), consent_text=CONSENT_TEXT, consent_given_at=now)
    db.session.add(lead)
    db.session.flush()
    audit(actor.user_id, "finance.lead_created", LEAD_OBJECT, lead.id,
          {"offer_id": offer.id, "finance_org_id": offer.organisation_id, "business_org_id": actor.org_id,
           "shared_profile": profile_fields, "claim_ids": claim_ids, "document_ids": doc_ids,
           "consent_given_at": now.isoformat()}, actor.org_id)
    notify_org(offer.organisation, "finance.lead_new",
               _("New expression of interest from %(org)s", org=actor.org.display_name),
               offer.title, url=f"/finance/leads/{lead.id}")
    db.session.commit()
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
    stmt = stmt.order_by(Lead.created_at.desc(), Lead.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)

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
    if status not in LeadStatus.__members__:
        raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
    if not lead.consent_active:
        raise Conflict(_("The business withdrew its consent; this lead is closed."))
    old = lead.status.value
    if old == status:
        return lead
    lead.status = LeadStatus(status)
    lead.status_changed_at = clock.now()
    note = (note or "").strip()[:3000]
    if note:
        db.session.add(LeadNote(lead_id=lead.id, author_id=actor.user_id, body=note, created_at=clock.now()))
    audit(actor.user_id, "finance.lead_status", LEAD_OBJECT, lead.id, {"status": [old, status]}, actor.org_id)
    notify_org(lead.business_org, "finance.lead_status",
               _("%(bank)s: your request is now \"%(status)s\"", bank=lead.finance_org.display_name,
                 status=LEAD_STATUS_LABELS[status]), lead.offer.title, url=f"/finance/leads/{lead.id}")
    db.session.commit()
    return lead

def add_note(actor: Actor, lead_id: int, body: str) -> LeadNote:
    lead, role = get_lead_for(actor, lead_id)
    if role != "bank":
        raise NotFound(_("Lead not found."))
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write a note."), {"body": [_("Write a note.")]})
    if len(body) > 3000:
        raise ValidationFailed(_("At most %(n)d characters.", n=3000), {"body": [_("At most %(n)d characters.", n=3000)]})
    note = LeadNote(lead_id=lead.id, author_id=actor.user_id, body=body, created_at=clock.now())
    db.session.add(note)
    db.session.flush()
    audit(actor.user_id, "finance.lead_note", LEAD_OBJECT, lead.id, {"note_id": note.id}, actor.org_id)
    db.session.commit()
    return note

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
               _("%(org)s withdrew its consent", org=lead.business_org.display_name), lead.offer.title,
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
