"""Financing needs: a business posts what it needs for a green project (amount, tenor, purpose, project type
of the green taxonomy, environmental evidence) and, with consent, lets banks whose offers fit see it.

Privacy: without consent (or once closed) nothing about a need reaches a bank — lists skip it and its page
and API answer 404, exactly as for a need that does not exist.

Where matching runs: a need's page ranks the open offers inline (a handful to a few hundred offers, pure
Python per offer, no I/O beyond one query); a bank's "needs that fit" page filters consented open needs in
SQL by its offers' purposes and project types, then checks each candidate inline, bounded to the
`CANDIDATES` newest. Telling banks about a new need (e-mail + in-app) runs in the job runner
(`finance.notify_need_matches`), never in the business's request.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ... import clock
from ...errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...l10n import format_day
from ...notifications.services import audit, audit_value, later, notify_org
from ...orgs.models import OrgKind
from ...pagination import Pager, check_window, paginate
from ...permissions import Actor, require_can_publish, require_user
from ...validation import load
from .. import eligibility as el
from ..applicant import applicant_for
from ..models import EvidenceKind, FinanceDocument, FinanceOffer, FinancingNeed, Lead, LeadMessage, LeadStatus, NeedNotice, NeedStatus
from ..schemas import NeedInput
from ..taxonomy import PROJECT_TYPE_NAMES, PURPOSES
from .documents import upload_document
from .matching import evaluate_offer, vocabulary_names
from .offers import get_offer, open_offers

NEED_OBJECT = "finance_need"
CANDIDATES = 500
NEED_STATUS_LABELS = {"open": _l("Open"), "closed": _l("Closed")}
EVIDENCE_LABELS = {"eia_decision": _l("EIA approval decision"), "environmental_permit": _l("Environmental permit"),
                   "environmental_registration": _l("Environmental registration")}
NEED_CONSENT_LABEL = _l("Share this need, my organisation's name and its evidence with banks and funds whose offers "
                        "fit it. Without this, no bank sees the need.")
NEED_CONSENT_TEXT = ("Share this need, my organisation's name and its evidence with banks and funds whose offers fit "
                     "it. Without this, no bank sees the need.")


def _business(actor: Actor) -> None:
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    if actor.org.kind == OrgKind.finance:
        raise Forbidden(_("Financing needs are posted by businesses."))


def _names() -> dict:
    return {**vocabulary_names(), "project_type": PROJECT_TYPE_NAMES, "purpose": PURPOSES}


def _apply(actor: Actor, need: FinancingNeed, fields: dict[str, Any]) -> dict[str, list]:
    changes = {}
    consent = fields.pop("consent", None)
    if "evidence_document_id" in fields and fields["evidence_document_id"] is not None:
        doc = db.session.get(FinanceDocument, fields["evidence_document_id"])
        if doc is None or doc.organisation_id != actor.org_id:
            raise ValidationFailed(_("Please correct the highlighted fields."),
                                   {"evidence_document_id": [_("Choose one of your documents.")]})
    if "evidence_kind" in fields:
        fields["evidence_kind"] = EvidenceKind(fields["evidence_kind"]) if fields["evidence_kind"] else None
    for key, value in fields.items():
        if getattr(need, key) != value:
            changes[key] = [audit_value(getattr(need, key)), audit_value(value)]
            setattr(need, key, value)
    if consent is not None and consent != need.consent:
        need.consent_given_at = clock.now() if consent else None
        changes["consent"] = [not consent, consent]
    return changes


def _store_evidence_file(actor: Actor, file_storage, fields: dict[str, Any]) -> None:
    """The optional scan of the EIA decision / permit, kept as a private finance document (the safe upload
    path: type sniffed, size bounded, stored outside the web root)."""
    if file_storage is None or not getattr(file_storage, "filename", ""):
        return
    kind = fields.get("evidence_kind") or "environmental_permit"
    title = " ".join(x for x in (str(EVIDENCE_LABELS.get(kind, "")), fields.get("evidence_number") or "") if x)
    try:
        doc = upload_document(actor, file_storage, title[:200], "environmental_permit")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, {"evidence_file": [m for ms in (exc.fields or {}).values() for m in ms]
                                             or [exc.message]}) from None
    fields["evidence_document_id"] = doc.id


def create_need(actor: Actor, data: dict[str, Any], evidence_file=None) -> FinancingNeed:
    _business(actor)
    require_can_publish(actor)
    fields = load(NeedInput, data)
    _store_evidence_file(actor, evidence_file, fields)
    need = FinancingNeed(organisation_id=actor.org_id, created_by_id=actor.user_id, status=NeedStatus.open)
    changes = _apply(actor, need, dict(fields))
    db.session.add(need)
    db.session.flush()
    audit(actor.user_id, "finance.need_posted", NEED_OBJECT, need.id, changes, actor.org_id)
    db.session.commit()
    return need


def get_own_need(actor: Actor, need_id: int) -> FinancingNeed:
    require_user(actor)
    need = db.session.get(FinancingNeed, need_id)
    if need is None or actor.org_id is None or need.organisation_id != actor.org_id:
        raise NotFound(_("Financing need not found."))
    return need


def visible_to_banks(need: FinancingNeed) -> bool:
    return need.consent and need.status == NeedStatus.open


def get_need_for(actor: Actor, need_id: int) -> tuple[FinancingNeed, str]:
    """(need, "owner" | "bank"). A bank sees a need only while the business consents, it is open and one of
    the bank's open offers fits it (what the business agreed to); otherwise — and for anyone else — it does
    not exist (404)."""
    require_user(actor)
    need = db.session.get(FinancingNeed, need_id)
    if need is None or actor.org is None:
        raise NotFound(_("Financing need not found."))
    if need.organisation_id == actor.org_id:
        return need, "owner"
    if actor.org.kind == OrgKind.finance and visible_to_banks(need):
        fit = bank_fit(actor, need)
        if fit is not None and fit.fits:
            return need, "bank"
    raise NotFound(_("Financing need not found."))


def update_need(actor: Actor, need_id: int, data: dict[str, Any], evidence_file=None) -> FinancingNeed:
    need = get_own_need(actor, need_id)
    if need.status == NeedStatus.closed:
        raise Conflict(_("A closed need cannot be edited."))
    fields = load(NeedInput(current=need), data, partial=True)
    _store_evidence_file(actor, evidence_file, fields)
    changes = _apply(actor, need, fields)
    if changes:
        need.bump_version()
        audit(actor.user_id, "finance.need_updated", NEED_OBJECT, need.id, changes, actor.org_id)
        db.session.commit()
    return need


def close_need(actor: Actor, need_id: int) -> FinancingNeed:
    need = get_own_need(actor, need_id)
    if need.status == NeedStatus.closed:
        return need
    need.status = NeedStatus.closed
    need.closed_at = clock.now()
    need.bump_version()
    audit(actor.user_id, "finance.need_closed", NEED_OBJECT, need.id, {"status": ["open", "closed"]}, actor.org_id)
    db.session.commit()
    return need


def list_needs(actor: Actor, *, status: str | None = None, page: int = 1, per_page: int = 20):
    """The business's own needs, newest first."""
    _business(actor)
    stmt = db.select(FinancingNeed).where(FinancingNeed.organisation_id == actor.org_id)
    if status in NeedStatus.__members__:
        stmt = stmt.where(FinancingNeed.status == NeedStatus(status))
    stmt = stmt.order_by(FinancingNeed.created_at.desc(), FinancingNeed.id.desc())
    return paginate(stmt, page, per_page)


# ------------------------------------------------------------------ matching, both ways

def need_of(need: FinancingNeed) -> el.Need:
    return el.Need(purpose=need.purpose, amount=need.amount, tenor_months=need.tenor_months,
                   project_type=need.project_type)


def evidence_of(need: FinancingNeed) -> el.Evidence:
    if not need.has_evidence:
        return el.Evidence()
    return el.Evidence(kind=str(EVIDENCE_LABELS[need.evidence_kind.value]), number=need.evidence_number,
                       day=format_day(need.evidence_date, fmt="short") if need.evidence_date else "",
                       agency=need.evidence_agency)


def _fit(offer: FinanceOffer, need: FinancingNeed, applicant, today) -> el.Fit:
    report = evaluate_offer(offer, need.organisation, today, applicant)
    return el.fit_need(offer, report, need_of(need), evidence_of(need), names=_names())


def matches_for_need(actor: Actor, need_id: int, *, include_unfit: bool = True) -> tuple[FinancingNeed, list[el.Fit]]:
    """Open offers ranked for one of the business's needs, each criterion met / not met / unknown with a reason."""
    need = get_own_need(actor, need_id)
    today = clock.today()
    applicant = applicant_for(need.organisation, today)
    fits = el.rank_for_need(_fit(o, need, applicant, today) for o in open_offers(today)
                            if o.organisation_id != need.organisation_id)
    return need, fits if include_unfit else [f for f in fits if f.fits]


def _candidates(offers: list[FinanceOffer], exclude_org: int | None = None):
    """Consented open needs that could fit one of `offers` (same project type or purpose), newest first."""
    if not offers:
        return []
    stmt = (db.select(FinancingNeed).where(FinancingNeed.status == NeedStatus.open,
                                           FinancingNeed.consent_given_at.is_not(None))
            .options(selectinload(FinancingNeed.organisation)))
    if exclude_org is not None:
        stmt = stmt.where(FinancingNeed.organisation_id != exclude_org)
    if all(o.purposes for o in offers):
        types = sorted({t for o in offers for t in (o.project_types or [])})
        purposes = sorted({p for o in offers for p in (o.purposes or [])})
        stmt = stmt.where(db.or_(FinancingNeed.project_type.in_(types), FinancingNeed.purpose.in_(purposes)))
    stmt = stmt.order_by(FinancingNeed.created_at.desc(), FinancingNeed.id.desc()).limit(CANDIDATES)
    return list(db.session.scalars(stmt))


@dataclass
class NeedMatch:
    need: FinancingNeed
    fit: el.Fit  # the bank's best-fitting offer for the need


@dataclass
class NeedMatchPage(Pager):
    total: int
    page: int
    per_page: int
    items: list[NeedMatch]


def needs_for_bank(actor: Actor, *, page: int = 1, per_page: int = 20) -> NeedMatchPage:
    """Reverse matching: consented open needs that fit at least one of the institution's open offers."""
    require_user(actor)
    if actor.org is None or actor.org.kind != OrgKind.finance:
        raise Forbidden(_("Only financial institutions see the needs that fit their offers."))
    check_window(page, per_page)
    today = clock.today()
    offers = [o for o in open_offers(today) if o.organisation_id == actor.org_id]
    matches: list[NeedMatch] = []
    for need in _candidates(offers, exclude_org=actor.org_id):
        applicant = applicant_for(need.organisation, today)
        fits = el.rank_for_need(_fit(o, need, applicant, today) for o in offers)
        if fits and fits[0].fits:
            matches.append(NeedMatch(need, fits[0]))
    start = (page - 1) * per_page
    return NeedMatchPage(total=len(matches), page=page, per_page=per_page, items=matches[start:start + per_page])


def bank_fit(actor: Actor, need: FinancingNeed) -> el.Fit | None:
    """The institution's best-fitting open offer for a need it may see."""
    today = clock.today()
    offers = [o for o in open_offers(today) if o.organisation_id == actor.org_id]
    if not offers:
        return None
    applicant = applicant_for(need.organisation, today)
    return el.rank_for_need(_fit(o, need, applicant, today) for o in offers)[0]


def respond_to_need(actor: Actor, need_id: int, data: dict[str, Any]) -> Lead:
    """The institution answers a consented need: a lead on its offer with the need attached and its message
    as the first line of the lead's conversation (the business sees it and answers there)."""
    from ..schemas import NeedResponseInput

    need, role = get_need_for(actor, need_id)
    if role != "bank":
        raise Forbidden(_("Only financial institutions answer financing needs."))
    require_can_publish(actor)
    fields = load(NeedResponseInput, data)
    offer = get_offer(fields["offer_id"])
    if offer.organisation_id != actor.org_id:
        raise NotFound(_("Offer not found."))
    if not offer.is_open():
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"offer_id": [_("Choose one of your open offers.")]})
    lead = db.session.scalar(db.select(Lead).where(Lead.offer_id == offer.id, Lead.business_org_id == need.organisation_id,
                                                   Lead.consent_withdrawn_at.is_(None)))
    now = clock.now()
    if lead is None:
        report = evaluate_offer(offer, need.organisation)
        lead = Lead(offer_id=offer.id, finance_org_id=actor.org_id, business_org_id=need.organisation_id,
                    created_by_id=actor.user_id, status=LeadStatus.contacted, status_changed_at=now,
                    need_purpose=need.purpose, need_amount=need.amount,
                    need_timeline=_("%(n)d months", n=need.tenor_months), message="", shared_profile={},
                    shared_claim_ids=[], shared_claims=[], shared_document_ids=[], eligibility=report.to_dict(),
                    consent_text=NEED_CONSENT_TEXT, consent_given_at=need.consent_given_at, need_id=need.id)
        db.session.add(lead)
        db.session.flush()
        audit(actor.user_id, "finance.need_answered", NEED_OBJECT, need.id, {"lead_id": lead.id, "offer_id": offer.id},
              actor.org_id)
    db.session.add(LeadMessage(lead_id=lead.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id,
                               body=fields["body"], created_at=now))
    notify_org(need.organisation, "finance.need_answered",
               _l("%(bank)s answered your financing need", bank=actor.org.display_name), need.title,
               url=f"/finance/leads/{lead.id}")
    db.session.commit()
    return lead


def notify_need_matches() -> int:
    """Job: tell each institution once (e-mail + in-app) about every consented open need that fits one of its
    open offers. Returns how many notices were sent."""
    today = clock.today()
    offers = open_offers(today)
    if not offers:
        return 0
    told = {(n, o) for n, o in db.session.execute(db.select(NeedNotice.need_id, NeedNotice.offer_id)).all()}
    sent = 0
    for need in _candidates(offers):
        applicant = None
        for offer in offers:
            if offer.organisation_id == need.organisation_id or (need.id, offer.id) in told:
                continue
            applicant = applicant or applicant_for(need.organisation, today)
            if not _fit(offer, need, applicant, today).fits:
                continue
            db.session.add(NeedNotice(need_id=need.id, offer_id=offer.id, created_at=clock.now()))
            told.add((need.id, offer.id))
            notify_org(offer.organisation, "finance.need_match",
                       _l("A financing need fits your offer \u201c%(offer)s\u201d", offer=offer.title),
                       _l("%(org)s needs %(amount)s over %(n)d months: %(title)s", org=need.organisation.display_name,
                         amount=later(_vnd, need.amount), n=need.tenor_months, title=need.title),
                       url=f"/finance/needs/{need.id}")
            sent += 1
    db.session.commit()
    return sent


def _vnd(amount: int) -> str:
    from ...l10n import format_vnd

    return format_vnd(amount)
