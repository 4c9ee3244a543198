"""Public procurement: procurement lists per product group, tender lists (shortlists) and the green
purchasing share of a buyer.

Rules:
- A product is on a procurement list when it is public (published, approved organisation) and holds at
  least one *certified* claim (verified, valid today) of a label whose kind public buyers can name as a
  criterion (`ACCEPTED_KINDS`: Type I eco-labels, energy labels, organic, recycled content,
  compostability, responsible forestry). The criterion's wording and legal basis come from the label
  registry; published criteria sets (`data/criteria_sets.v1.json`) add the product group's criteria
  with their source.
- Tender lists belong to a buyer organisation; only its members see or change them (others get 404).
- The green purchasing share of a buyer for a year: the value of its deals whose product held a
  verified claim of an accepted label valid on the day the deal was agreed (one that has expired
  since still counts for that deal), over the value of all its deals
  that year (cancelled deals count in neither).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import clock
from ..catalog.models import Listing, ListingStatus
from ..catalog.taxonomy import CATEGORIES, top_categories
from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from ..labels.models import Claim, ClaimStatus, Label, LabelKind
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..pagination import paginate
from ..permissions import Actor, require_user
from ..validation import Choice, Ids, Input, Text, load
from .models import TenderItem, TenderList

ACCEPTED_KINDS = (LabelKind.eco, LabelKind.energy, LabelKind.organic, LabelKind.recycled, LabelKind.compostable,
                  LabelKind.forestry)
MAX_ITEMS = 500
DATA = Path(__file__).parent / "data" / "criteria_sets.v1.json"


# ------------------------------------------------------------------ input schemas (forms and API alike)

class TenderListInput(Input):
    title = Text(200, min_len=3, required=True, message=_l("Enter a title of at least 3 characters."))
    product_group = Choice(top_categories, required=True, message=_l("Choose a product group."))


class TenderItemsInput(Input):
    listing_ids = Ids(required=True, max_items=100, message=_l("Choose at least one product."))


# ------------------------------------------------------------------ criteria sets (reference data)

@dataclass(frozen=True)
class CriteriaSet:
    code: str
    label: str
    groups: tuple[str, ...]
    name_vi: str
    name_en: str
    summary_vi: str
    summary_en: str
    source: str
    verified: bool
    missing: str = ""
    source_vi: str = ""
    missing_vi: str = ""

    # what a person reads, in their language (Vietnamese unless the page is English)
    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_vi

    def summary(self, locale: str) -> str:
        return self.summary_en if locale == "en" else self.summary_vi

    def source_in(self, locale: str) -> str:
        return self.source if locale == "en" else (self.source_vi or self.source)

    def missing_in(self, locale: str) -> str:
        return self.missing if locale == "en" else (self.missing_vi or self.missing)

    @property
    def shown_code(self) -> str:
        """The set's published number (NSTVN-01:2023); empty where the label publishes no separate set
        and `code` is only the label's internal code (vn-organic), which no page shows."""
        return "" if self.code == self.label else self.code


@cache
def criteria_sets() -> tuple[CriteriaSet, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(CriteriaSet(**{**s, "groups": tuple(s["groups"])}) for s in raw["sets"])


def criteria_sets_for(label_code: str, group: str) -> list[CriteriaSet]:
    return [c for c in criteria_sets() if c.label == label_code and (group in c.groups or not c.groups)]


# ------------------------------------------------------------------ procurement lists

def _certified_claims(today: dt.date):
    return (db.select(Claim.listing_id).join(Label, Claim.label_id == Label.id)
            .where(Claim.status == ClaimStatus.verified, Claim.valid_from <= today, Claim.valid_until >= today,
                   Label.kind.in_(ACCEPTED_KINDS), Claim.listing_id.is_not(None)))


def _in_group(group: str):
    return db.or_(Listing.category == group, Listing.category.like(f"{group}.%"))


def _public():
    return (db.select(Listing).join(Organisation, Listing.organisation_id == Organisation.id)
            .where(Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved))


def product_groups(today: dt.date | None = None) -> list[tuple[str, object, int]]:
    """(code, name, how many products qualify) per top-level product group."""
    today = today or clock.today()
    qualifying = _public().where(Listing.id.in_(_certified_claims(today))).with_only_columns(Listing.category).subquery()
    rows = db.session.execute(db.select(qualifying.c.category, db.func.count()).group_by(qualifying.c.category)).all()
    counts: dict[str, int] = {}
    for category, n in rows:
        top = category.split(".", 1)[0]
        counts[top] = counts.get(top, 0) + n
    return [(code, CATEGORIES[code], counts.get(code, 0)) for code in top_categories()]


def check_group(group: str) -> str:
    if group not in top_categories():
        raise NotFound(_("No such product group."))
    return group


def procurement_products(group: str | None, page: int = 1, per_page: int = 20, today: dt.date | None = None):
    """One page of the products of `group` (every group when None) that qualify, newest first."""
    today = today or clock.today()
    stmt = _public().where(Listing.id.in_(_certified_claims(today)))
    if group is not None:
        stmt = stmt.where(_in_group(check_group(group)))
    stmt = (stmt.options(selectinload(Listing.claims).selectinload(Claim.label), selectinload(Listing.organisation))
            .order_by(Listing.published_at.desc().nulls_last(), Listing.id.desc()))
    return paginate(stmt, page, per_page)


def criteria_of(listing: Listing, group: str | None = None, today: dt.date | None = None) -> list[dict]:
    """The listing's qualifying certifications, each with the criterion's wording, legal basis and the
    published criteria sets of its product group."""
    today = today or clock.today()
    group = group or listing.category.split(".", 1)[0]
    out = []
    for claim in sorted(listing.claims, key=lambda c: c.id):
        if not claim.is_certified(today) or claim.label.kind not in ACCEPTED_KINDS:
            continue
        out.append({"claim": claim, "label": claim.label, "sets": criteria_sets_for(claim.label.code, group)})
    return out


# ------------------------------------------------------------------ tender lists

def _require_buyer(actor: Actor) -> Organisation:
    require_user(actor)
    if actor.org is None or actor.org.kind != OrgKind.buyer:
        raise Forbidden(_("Tender lists are for buyer organisations."))
    return actor.org


def lists_of(actor: Actor) -> list[TenderList]:
    org = _require_buyer(actor)
    return list(db.session.scalars(db.select(TenderList).where(TenderList.organisation_id == org.id)
                                   .order_by(TenderList.updated_at.desc(), TenderList.id.desc())))


def get_list(actor: Actor, list_id: int) -> TenderList:
    require_user(actor)
    tl = db.session.get(TenderList, list_id)
    if tl is None or tl.organisation_id != actor.org_id:
        raise NotFound(_("Tender list not found."))
    return tl


def create_list(actor: Actor, data) -> TenderList:
    org = _require_buyer(actor)
    clean = load(TenderListInput, data)
    tl = TenderList(organisation_id=org.id, title=clean["title"], product_group=clean["product_group"],
                    created_by_id=actor.user_id)
    db.session.add(tl)
    db.session.commit()
    return tl


def add_items(actor: Actor, list_id: int, data, today: dt.date | None = None) -> TenderList:
    """Add qualifying products of the list's group; products already on it are left as they are."""
    from ..locking import commit_or_conflict, lock

    tl = get_list(actor, list_id)
    clean = load(TenderItemsInput, data)
    lock(TenderList, tl.id)  # two tabs adding at once: one row per product, the cap holds
    today = today or clock.today()
    wanted = set(clean["listing_ids"])
    qualifying = set(db.session.scalars(
        _public().where(Listing.id.in_(wanted), _in_group(tl.product_group), Listing.id.in_(_certified_claims(today)))
        .with_only_columns(Listing.id)))
    if wanted - qualifying:
        from ..errors import ValidationFailed

        raise ValidationFailed(_("Only products on this group's procurement list can be added."),
                               {"listing_ids": [_("Not on the procurement list of this product group: %(ids)s",
                                                  ids=", ".join(str(i) for i in sorted(wanted - qualifying)))]})
    present = set(db.session.scalars(db.select(TenderItem.listing_id).where(TenderItem.tender_list_id == tl.id)))
    new = sorted(qualifying - present)
    if len(present) + len(new) > MAX_ITEMS:
        raise Conflict(_("A tender list holds at most %(n)d products.", n=MAX_ITEMS))
    for listing_id in new:
        db.session.add(TenderItem(tender_list_id=tl.id, listing_id=listing_id))
    tl.updated_at = clock.now()
    commit_or_conflict(_("The list changed meanwhile; please try again."))
    return tl


def remove_item(actor: Actor, list_id: int, listing_id: int) -> TenderList:
    tl = get_list(actor, list_id)
    item = db.session.scalar(db.select(TenderItem).where(TenderItem.tender_list_id == tl.id,
                                                         TenderItem.listing_id == listing_id))
    if item is None:
        raise NotFound(_("This product is not on the list."))
    db.session.delete(item)
    tl.updated_at = clock.now()
    db.session.commit()
    return tl


def delete_list(actor: Actor, list_id: int) -> None:
    tl = get_list(actor, list_id)
    db.session.delete(tl)
    db.session.commit()


def tender_rows(tl: TenderList, today: dt.date | None = None) -> list[dict]:
    """Each shortlisted product with the criteria it meets today (a claim may have expired since it was added)."""
    today = today or clock.today()
    rows = []
    for item in tl.items:
        listing = item.listing
        rows.append({"listing": listing, "criteria": criteria_of(listing, tl.product_group, today),
                     "public": listing.status == ListingStatus.published and listing.organisation.status == OrgStatus.approved})
    return rows


def tender_criteria(rows: list[dict]) -> list[dict]:
    """The distinct criteria of a tender list, for the tender documents' wording."""
    seen: dict[str, dict] = {}
    for row in rows:
        for c in row["criteria"]:
            entry = seen.setdefault(c["label"].code, {"label": c["label"], "sets": {}})
            for s in c["sets"]:
                entry["sets"][s.code] = s
    return [{"label": e["label"], "sets": list(e["sets"].values())} for e in seen.values()]


# ------------------------------------------------------------------ green purchasing share

def green_purchasing_share(org_id: int, year: int) -> dict:
    from ..sourcing.models import Deal, DealStatus

    start, end = dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1)
    deals = list(db.session.scalars(db.select(Deal).where(
        Deal.buyer_org_id == org_id, Deal.agreed_at >= start, Deal.agreed_at < end,
        Deal.status != DealStatus.cancelled)))
    total = sum(d.total_vnd for d in deals)
    listing_ids = {d.listing_id for d in deals if d.listing_id is not None}
    periods: dict[int, list[tuple[dt.date, dt.date]]] = {}
    if listing_ids:  # one query for every deal's certificates (a dashboard panel: no query per deal)
        for listing_id, valid_from, valid_until in db.session.execute(
                db.select(Claim.listing_id, Claim.valid_from, Claim.valid_until).join(Label, Claim.label_id == Label.id)
                .where(Claim.listing_id.in_(listing_ids), Claim.status.in_((ClaimStatus.verified, ClaimStatus.expired)),
                       Label.kind.in_(ACCEPTED_KINDS))):
            periods.setdefault(listing_id, []).append((valid_from, valid_until))
    green = sum(d.total_vnd for d in deals
                if any(start_ <= d.agreed_at.date() <= end_ for start_, end_ in periods.get(d.listing_id, ())))
    return {"year": year, "deals": len(deals), "total_vnd": total, "green_vnd": green,
            "share": (green / total) if total else None}
