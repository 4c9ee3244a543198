"""Eligibility of a business for offers, and offers matched to a financing need."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from ... import clock, vn
from ...errors import Forbidden
from ...orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from ...permissions import Actor, require_user
from .. import eligibility as el
from ..applicant import applicant_for, label_names
from ..models import FinanceOffer
from ...validation import load
from ..schemas import MatchInput
from .offers import get_offer_for, open_offers


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


def need_from(data: dict[str, Any]) -> el.Need:
    """A financing need typed into the matching page or sent to the API (`schemas.MatchInput`)."""
    fields = load(MatchInput, {k: v for k, v in data.items() if k in MatchInput._declared_fields})
    return el.Need(fields.get("purpose"), fields.get("amount"), fields.get("tenor_months"), fields.get("needed_by"),
                   fields.get("project_type"))


def taxonomy_body() -> dict:
    """The green taxonomy as the API lists it (names in the request's language)."""
    from ..taxonomy import PROJECT_TYPES, TAXONOMY_SECTORS, TAXONOMY_SOURCE, TAXONOMY_VERSION

    return {"version": TAXONOMY_VERSION, "source": str(TAXONOMY_SOURCE),
            "types": [{"code": t.code, "sector": t.purpose_sector, "sector_name": str(TAXONOMY_SECTORS[t.purpose_sector]),
                       "name": str(t.name), "criteria_summary": str(t.criteria) if t.criteria else None,
                       "verified": t.verified, "missing": t.missing} for t in PROJECT_TYPES.values()]}
