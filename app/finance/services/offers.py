"""Finance offers: validation, reads and the draft → published → closed lifecycle."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock, vn
from ...errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...pagination import paginate
from ...notifications.services import audit, audit_value, enqueue_index
from ...orgs.models import OrgKind, OrgStatus
from ...orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from ...permissions import Actor, require_can_publish, require_org_kind, require_user
from ..applicant import label_names
from ..models import FinanceOffer, OfferStatus
from ..taxonomy import CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PURPOSES

OFFER_STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}
MAX_AMOUNT = 10 ** 15
OFFER_OBJECT = "finance_offer"
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
    return paginate(stmt, page, per_page)


def open_offers(today: dt.date | None = None) -> list[FinanceOffer]:
    """Published offers inside their validity window, of approved institutions."""
    from ...orgs.models import Organisation

    today = today or clock.today()
    stmt = (db.select(FinanceOffer).join(Organisation, Organisation.id == FinanceOffer.organisation_id)
            .where(FinanceOffer.status == OfferStatus.published, Organisation.status == OrgStatus.approved,
                   db.or_(FinanceOffer.valid_from.is_(None), FinanceOffer.valid_from <= today),
                   db.or_(FinanceOffer.valid_until.is_(None), FinanceOffer.valid_until >= today))
            .order_by(FinanceOffer.published_at.desc(), FinanceOffer.id.desc()))
    return list(db.session.scalars(stmt))


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
          {k: audit_value(v) for k, v in fields.items() if k not in ("description", "description_en")}, actor.org_id)
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
            changes[key] = [audit_value(getattr(offer, key)), audit_value(value)]
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
