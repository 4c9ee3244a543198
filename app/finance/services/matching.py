"""Eligibility of a business for offers, and offers matched to a financing need."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from ... import clock, vn
from ...errors import Forbidden, ValidationFailed
from ...orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from ...permissions import Actor, require_user
from .. import eligibility as el
from ..applicant import applicant_for, label_names
from ..models import FinanceOffer
from ..taxonomy import PURPOSES
from .offers import MAX_AMOUNT, _parse_date, get_offer_for, open_offers


def _locale() -> str:
    try:
        return str(get_locale() or "vi")
    except Exception:  # noqa: BLE001 - outside a request
        return "vi"


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
