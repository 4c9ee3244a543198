"""Offers in search: the document builder the indexer uses (kind "offer", search/mappings/offer.v1.json)
and the offer search (facets: product type, purpose, amount, province) on whichever engine is configured.

An offer is searchable while published and its institution is approved; documents carry the validity
window so that searches filter by today's date (an offer that expires needs no outbox row to vanish).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from .. import clock, searching, vn
from ..errors import ValidationFailed
from ..extensions import db
from ..notifications.services import enqueue_index
from ..orgs.models import OrgStatus
from ..pagination import SEARCH_WINDOW, check_window
from ..searching import ResultPage
from .models import FinanceOffer, OfferStatus
from .taxonomy import AMOUNT_BUCKETS, NATIONWIDE, PRODUCT_TYPES, PURPOSES

FAR_PAST = dt.datetime(2000, 1, 1)
FAR_FUTURE = dt.datetime(2100, 1, 1)
NO_RATE = 100.0  # sorts offers without a stated rate last on "lowest rate"
NO_LIMIT = 10 ** 15


def offer_document(offer: FinanceOffer | None) -> dict | None:
    if offer is None or offer.status != OfferStatus.published or offer.organisation.status != OrgStatus.approved:
        return None
    org = offer.organisation
    return {
        "id": str(offer.id),
        "version": offer.version,
        "title": offer.title,
        "title_en": offer.title_en,
        "description": offer.description,
        "description_en": offer.description_en,
        "org_id": str(org.id),
        "org_name": org.display_name,
        "org_province": org.province_code,
        "product_type": offer.product_type,
        "purposes": list(offer.purposes or []),
        "provinces": list(offer.eligible_provinces or []) or [NATIONWIDE],
        "org_kinds": list(offer.eligible_kinds or []),
        "sizes": list(offer.eligible_sizes or []),
        "currency": offer.currency,
        "amount_min": offer.amount_min or 0,
        "amount_max": offer.amount_max if offer.amount_max is not None else NO_LIMIT,
        "rate_min": offer.rate_min if offer.rate_min is not None else NO_RATE,
        "valid_from": dt.datetime.combine(offer.valid_from, dt.time()) if offer.valid_from else FAR_PAST,
        "valid_until": dt.datetime.combine(offer.valid_until, dt.time(23, 59)) if offer.valid_until else FAR_FUTURE,
        "published_at": offer.published_at or offer.created_at,
    }


def offer_one(offer_id: int):
    return offer_document(db.session.get(FinanceOffer, offer_id))


def offer_many(ids: list[int]) -> dict[int, dict | None]:
    rows = {o.id: o for o in db.session.scalars(db.select(FinanceOffer).where(FinanceOffer.id.in_(ids)))}
    return {i: offer_document(rows.get(i)) for i in ids}


def offer_all():
    stmt = db.select(FinanceOffer).where(FinanceOffer.status == OfferStatus.published).order_by(FinanceOffer.id)
    for offer in db.session.scalars(stmt):
        doc = offer_document(offer)
        if doc:
            yield doc



def org_status_changed(org) -> None:
    """A suspended institution's offers leave search (and come back on approval)."""
    _reindex_org_offers(org)


def org_profile_changed(org, fields) -> None:
    """Offer documents carry the institution's name and province."""
    _reindex_org_offers(org)


def _reindex_org_offers(org) -> None:
    ids = list(db.session.scalars(db.select(FinanceOffer.id).where(FinanceOffer.organisation_id == org.id,
                                                                   FinanceOffer.status == OfferStatus.published)))
    for offer_id in ids:
        offer = db.session.get(FinanceOffer, offer_id)
        offer.bump_version()
        enqueue_index("offer", offer_id)


# ------------------------------------------------------------------ searching

FACETS = {"product_type": "product_type", "purpose": "purposes", "amount": "amount", "province": "provinces"}
SORTS = ("relevance", "newest", "price_asc", "price_desc")


@dataclass
class OfferPage(ResultPage):
    """Items are FinanceOffer rows (open, published, institution approved)."""


_list = searching.listed


def build_query(args: dict[str, Any], today: dt.date | None = None):
    from search import Range, SearchQuery

    today = today or clock.today()
    filters: dict[str, list[str] | bool] = {}
    product_types = _list(args.get("product_type"))
    if any(p not in PRODUCT_TYPES for p in product_types):
        raise ValidationFailed(_("Unknown product type."), {"product_type": [_("Unknown product type.")]})
    if product_types:
        filters["product_type"] = product_types
    purposes = _list(args.get("purpose"))
    if any(p not in PURPOSES for p in purposes):
        raise ValidationFailed(_("Unknown purpose."), {"purpose": [_("Unknown purpose.")]})
    if purposes:
        filters["purposes"] = purposes
    provinces = _list(args.get("province"))
    if any(vn.province(p) is None and p != NATIONWIDE for p in provinces):
        raise ValidationFailed(_("Unknown province."), {"province": [_("Unknown province.")]})
    if provinces:
        filters["provinces"] = provinces + ([NATIONWIDE] if NATIONWIDE not in provinces else [])
    start = dt.datetime.combine(today, dt.time())
    ranges = {"valid_from": Range(lte=dt.datetime.combine(today, dt.time(23, 59))), "valid_until": Range(gte=start)}
    bucket = args.get("amount")
    if bucket:
        from search import load_mapping

        b = next((b for b in load_mapping("offer").facet("amount").ranges if b.key == bucket), None)
        if b is None:
            raise ValidationFailed(_("Unknown amount range."), {"amount": [_("Unknown amount range.")]})
        ranges["amount_max"] = Range(gte=b.gte, lt=b.lt)
    need = args.get("need_amount")
    if need:
        ranges["amount_min"] = Range(lte=int(need))
        if not bucket:
            ranges["amount_max"] = Range(gte=int(need))
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ValidationFailed(_("Unknown sort order."), {"sort": [_("Unknown sort order.")]})
    page, per_page = int(args.get("page") or 1), int(args.get("per_page") or 20)
    check_window(page, per_page, SEARCH_WINDOW)
    return SearchQuery(text=(args.get("q") or "").strip(), filters=filters, ranges=ranges,
                       facets=["product_type", "purposes", "amount", "provinces"], sort=sort, page=page,
                       per_page=per_page)


def search_offers(args: dict[str, Any]) -> OfferPage:
    """Search open offers (the one search read path: app.searching); an offer unpublished or closed since it
    was indexed is skipped. Raises SearchUnavailableError (503) when the engine cannot answer."""
    if args.get("province"):  # `1`, `01` and names read as the official code, for the filter and the ticked facet
        args = {**args, "province": [vn.province_code(p) or p for p in _list(args.get("province"))]}
    query = build_query(args)
    return searching.run("offer", query, hydrate=_open_offers, facets=lambda raw: _shape(raw, args), page=OfferPage)


def _open_offers(ids: list[int]) -> dict[int, FinanceOffer]:
    rows = db.session.scalars(db.select(FinanceOffer).where(FinanceOffer.id.in_(ids)))
    return {o.id: o for o in rows if o.is_open() and offer_document(o)}


def facet_label(facet: str, value: str) -> str:
    if facet == "province":
        return _("Nationwide") if value == NATIONWIDE else (vn.province_name(value) or value)
    labels = {"product_type": PRODUCT_TYPES, "purpose": PURPOSES, "amount": AMOUNT_BUCKETS}[facet]
    return str(labels.get(value, value))


def _shape(raw: dict[str, list[dict]], args: dict[str, Any]) -> dict[str, list[dict]]:
    return searching.shape_facets(raw, args, FACETS, facet_label, skip_empty=("amount",))
