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
from ...validation import load
from ..schemas import MAX_AMOUNT, OfferInput

OFFER_STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}
OFFER_OBJECT = "finance_offer"


def offer_fields(data: dict[str, Any], *, current: FinanceOffer | None = None) -> dict[str, Any]:
    """The offer's input read by its schema (`schemas.OfferInput`): the whole offer when creating, the
    fields sent when editing (checked against the offer's other values)."""
    fields = load(OfferInput(current=current), data, partial=current is not None)
    for name in ("min_years_operating", "min_certified_share"):
        if fields.get(name) == 0:
            fields[name] = None  # no minimum
    return fields


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
    fields = offer_fields(data)
    publish = fields.pop("publish", False)
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
    fields = offer_fields(data, current=offer)
    fields.pop("publish", None)
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
