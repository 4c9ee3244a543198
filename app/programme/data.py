"""Platform data the indicators read, loaded once per snapshot (read-only, plain tuples).

The snapshot job is the only reader of the other domains' live tables for statistics: it loads the
rows it needs here, and the indicators (`definitions.py`) filter them per period in memory, so one
snapshot costs a handful of queries whatever the number of periods. Dates are Vietnam calendar days.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from ..extensions import db

VN = dt.timedelta(hours=7)


def vn_day(value: dt.datetime | None) -> dt.date | None:
    return (value + VN).date() if value is not None else None


class Rec(NamedTuple):
    """One thing an indicator counts: `entity` is counted once per cell (a deal seen from both parties
    is one deal nationally); `org_id` is the organisation behind it (drill-down)."""

    entity: object
    org_id: int | None
    province: str | None
    sectors: tuple | list
    keys: tuple
    measures: dict


class Org(NamedTuple):
    id: int
    kind: str
    segment: str | None
    province: str | None
    sectors: tuple
    since: dt.date | None  # approval day


class Deal(NamedTuple):
    id: int
    buyer: int
    supplier: int
    listing: int | None
    day: dt.date
    total_vnd: int


class Listing(NamedTuple):
    id: int
    org: int
    category: str
    published: dt.date | None


class ClaimSpan(NamedTuple):
    kind: str
    valid_from: dt.date
    valid_until: dt.date


class Simple(NamedTuple):
    id: int
    org: int
    day: dt.date


class Rfq(NamedTuple):
    id: int
    buyer: int
    day: dt.date | None


class Quote(NamedTuple):
    id: int
    supplier: int
    day: dt.date


class Offer(NamedTuple):
    id: int
    org: int
    purposes: tuple
    published: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    closed: dt.date | None


class Lead(NamedTuple):
    id: int
    business: int
    purpose: str
    day: dt.date


class Fair(NamedTuple):
    id: int
    organiser: int
    province: str | None
    starts_on: dt.date


class Exhibitor(NamedTuple):
    fair: int
    org: int


class Meeting(NamedTuple):
    id: int
    fair: int
    exhibitor: int
    day: dt.date


class Transport(NamedTuple):
    id: int
    shipper: int
    day: dt.date
    mode: str | None
    co2e: float | None
    baseline: float | None


class Event(NamedTuple):
    province: str
    day: dt.date


@dataclass
class PlatformData:
    orgs: dict[int, Org] = field(default_factory=dict)
    deals: list[Deal] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    claims: dict[int, list[ClaimSpan]] = field(default_factory=dict)  # listing id → certified spans
    rfqs: list[Rfq] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    fairs: list[Fair] = field(default_factory=list)
    exhibitors: list[Exhibitor] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    transports: list[Transport] = field(default_factory=list)
    awareness_events: list[Event] = field(default_factory=list)
    taxonomy: dict[str, str] = field(default_factory=dict)
    _categories: dict[int, str] = field(default_factory=dict)

    # ---- helpers used by the definitions -------------------------------------------------------
    def orgs_at(self, day: dt.date, kind: str | None = None, segments: tuple = ()):
        for org in self.orgs.values():
            if org.since is None or org.since > day:
                continue
            if kind and org.kind != kind:
                continue
            if segments and org.segment not in segments:
                continue
            yield org

    def deals_between(self, start: dt.date, end: dt.date):
        return (d for d in self.deals if start <= d.day <= end)

    def is_packaging(self, listing_id: int | None) -> bool:
        cat = self._categories.get(listing_id or 0, "")
        return cat == "packaging" or cat.startswith("packaging.")

    def listing_certified(self, listing_id: int | None, day: dt.date, kinds: tuple = ()) -> bool:
        return any((not kinds or c.kind in kinds) and c.valid_from <= day <= c.valid_until
                   for c in self.claims.get(listing_id or 0, ()))

    def listing_certified_kinds(self, listing_id: int, day: dt.date) -> set[str]:
        return {c.kind for c in self.claims.get(listing_id, ()) if c.valid_from <= day <= c.valid_until}

    def listings_published_at(self, day: dt.date):
        return (lst for lst in self.listings if lst.published is not None and lst.published <= day)

    def offers_open_at(self, day: dt.date):
        for o in self.offers:
            if o.published is None or o.published > day:
                continue
            if o.closed is not None and o.closed <= day:
                continue
            if (o.valid_from and o.valid_from > day) or (o.valid_until and o.valid_until < day):
                continue
            yield o

    def taxonomy_sectors(self, purposes) -> list[str]:
        return sorted({self.taxonomy[p] for p in purposes if p in self.taxonomy})

    def first_day(self) -> dt.date | None:
        """The earliest day anything counted happened (snapshots start with its year)."""
        days = [o.since for o in self.orgs.values() if o.since]
        days += [x.day for x in self.deals] + [x.day for x in self.quotes] + [x.day for x in self.leads]
        days += [x.day for x in self.rfqs if x.day] + [x.day for x in self.meetings] + [x.day for x in self.transports]
        days += [x.published for x in self.listings if x.published and x.published > dt.date.min]
        days += [x.published for x in self.offers if x.published] + [x.starts_on for x in self.fairs]
        days += [x.day for x in self.awareness_events]
        return min(days) if days else None


def load(as_of: dt.date) -> PlatformData:
    """Read what the indicators need. Only approved organisations count; claims count while verified
    (or since expired) inside their validity dates; cancelled deals, withdrawn quotes, draft or cancelled
    fairs and rejected applications never count."""
    from ..catalog.models import Listing as ListingM, ListingStatus
    from ..fairs.models import ApplicationStatus, Fair as FairM, FairApplication, FairStatus, Meeting as MeetingM, MeetingSlot
    from ..finance.models import FinanceOffer, Lead as LeadM, OfferStatus
    from ..finance.taxonomy import TAXONOMY_SECTOR
    from ..knowledge.models import ItemStatus, ItemType, KnowledgeItem
    from ..labels.models import Claim, ClaimStatus, Label
    from ..logistics import factors
    from ..logistics.models import QuoteStatus as TQStatus, TransportQuote, TransportRoute
    from ..orgs.models import Organisation, OrgStatus
    from ..sourcing.models import Deal as DealM, DealStatus, Quote as QuoteM, QuoteStatus, Rfq as RfqM, RfqStatus

    d = PlatformData(taxonomy=dict(TAXONOMY_SECTOR))
    s = db.session
    for o in s.scalars(db.select(Organisation).where(Organisation.status == OrgStatus.approved)):
        d.orgs[o.id] = Org(o.id, o.kind.value, o.buyer_segment.value if o.buyer_segment else None, o.province_code,
                           tuple(o.sectors or ()), vn_day(o.approved_at or o.created_at))
    for row in s.execute(db.select(DealM.id, DealM.buyer_org_id, DealM.supplier_org_id, DealM.listing_id,
                                   DealM.agreed_at, DealM.total_vnd).where(DealM.status != DealStatus.cancelled)):
        d.deals.append(Deal(row[0], row[1], row[2], row[3], vn_day(row[4]), int(row[5] or 0)))
    for row in s.execute(db.select(ListingM.id, ListingM.organisation_id, ListingM.category, ListingM.status,
                                   ListingM.published_at)):
        d._categories[row[0]] = row[2]
        if row[3] == ListingStatus.published:
            d.listings.append(Listing(row[0], row[1], row[2], vn_day(row[4]) or dt.date.min))
    spans: dict[int, list[ClaimSpan]] = defaultdict(list)
    for listing_id, kind, vf, vu in s.execute(
            db.select(Claim.listing_id, Label.kind, Claim.valid_from, Claim.valid_until).join(Label, Label.id == Claim.label_id)
            .where(Claim.listing_id.is_not(None), Claim.status.in_([ClaimStatus.verified, ClaimStatus.expired]))):
        spans[listing_id].append(ClaimSpan(kind.value, vf, vu))
    d.claims = dict(spans)
    for rid, buyer, opened in s.execute(db.select(RfqM.id, RfqM.buyer_org_id, RfqM.opened_at)
                                        .where(RfqM.status != RfqStatus.draft)):
        d.rfqs.append(Rfq(rid, buyer, vn_day(opened)))
    for qid, supplier, created in s.execute(db.select(QuoteM.id, QuoteM.supplier_org_id, QuoteM.created_at)
                                            .where(QuoteM.status != QuoteStatus.withdrawn)):
        d.quotes.append(Quote(qid, supplier, vn_day(created)))
    for o in s.scalars(db.select(FinanceOffer).where(FinanceOffer.status != OfferStatus.draft)):
        d.offers.append(Offer(o.id, o.organisation_id, tuple(o.purposes or ()), vn_day(o.published_at),
                              o.valid_from, o.valid_until,
                              vn_day(o.closed_at) if o.status == OfferStatus.closed else None))
    for lid, business, purpose, created in s.execute(db.select(LeadM.id, LeadM.business_org_id, LeadM.need_purpose,
                                                               LeadM.created_at)):
        d.leads.append(Lead(lid, business, purpose or "", vn_day(created)))
    for f in s.scalars(db.select(FairM).where(FairM.status == FairStatus.published)):
        d.fairs.append(Fair(f.id, f.organiser_id, f.province_code, f.starts_on))
    for fair_id, org_id in s.execute(db.select(FairApplication.fair_id, FairApplication.organisation_id)
                                     .where(FairApplication.status == ApplicationStatus.approved)):
        d.exhibitors.append(Exhibitor(fair_id, org_id))
    for mid, fair_id, exhibitor, starts in s.execute(
            db.select(MeetingM.id, MeetingM.fair_id, MeetingM.exhibitor_org_id, MeetingSlot.starts_at)
            .join(MeetingSlot, MeetingSlot.id == MeetingM.slot_id)):
        d.meetings.append(Meeting(mid, fair_id, exhibitor, vn_day(starts)))
    table = factors.table()
    for q, route in s.execute(db.select(TransportQuote, TransportRoute).join(TransportRoute, TransportRoute.id == TransportQuote.route_id)
                              .where(TransportQuote.status == TQStatus.accepted)):
        vc = table.classes.get(q.vehicle_class or "")
        co2e = q.committed_co2e_kg if q.committed_co2e_kg is not None else q.estimated_co2e_kg
        baseline = _road_baseline(route.weight_kg, route.origin, route.destination)
        d.transports.append(Transport(q.id, route.organisation_id, vn_day(q.decided_at or q.answered_at or q.requested_at),
                                      vc.mode if vc else None, co2e, baseline))
    for province, starts in s.execute(
            db.select(KnowledgeItem.province_code, KnowledgeItem.starts_at)
            .where(KnowledgeItem.type == ItemType.event, KnowledgeItem.status == ItemStatus.published,
                   KnowledgeItem.province_code.is_not(None), KnowledgeItem.event_kind.in_(["training", "awareness"]),
                   KnowledgeItem.starts_at.is_not(None))):
        d.awareness_events.append(Event(province, vn_day(starts)))
    return d


BASELINE_CLASS = "road_diesel_hgv"  # UK DESNZ 2025 "all HGVs, diesel", well-to-wheel


def _road_baseline(weight_kg: float, origin: str, destination: str) -> float | None:
    from ..errors import ValidationFailed
    from ..logistics import factors

    try:
        est = factors.estimate(weight_kg, origin, destination, mode=BASELINE_CLASS)
    except ValidationFailed:
        return None
    row = est.by_class(BASELINE_CLASS)
    return row.co2e_kg if row else None
