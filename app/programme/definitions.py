"""The programme's indicators as versioned definitions.

Each indicator has a code, a name (vi via the catalogue, en as msgid), a formula in words, a unit, the
national target(s) where the plan sets one, and the line of the plan it answers. Its `compute(data,
start, end)` yields records over platform data for one period; `app.programme.snapshots` turns records
into a cube of facts. Change a formula → bump its `version` (snapshots record the version they used).

Period semantics (`kind`): "flow" counts events inside [start, end]; "stock" counts what stands at `end`;
"window" counts the twelve months ending at `end` (the plan's "in the last 12 months").
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .data import PlatformData, Rec

SCP_PROGRAMME = _l("National Action Programme on Sustainable Production and Consumption 2021–2030 "
                   "(Decision 889/QĐ-TTg, 24 June 2020), targets")
MOIT_PLAN = _l("Action plan of the Ministry of Industry and Trade (Decision 3529/QĐ-BCT, 30 December 2020), targets")


@dataclass(frozen=True)
class Target:
    year: int
    low: float
    high: float | None = None  # a range "10–15 %" has low 10, high 15


@dataclass(frozen=True)
class KeyGroup:
    prefix: str  # keys of this group start with "<prefix>:"
    title: object
    labels: Callable[[], dict]


@dataclass(frozen=True)
class Indicator:
    code: str
    version: int
    name: object
    unit: str  # percent | count | vnd | kg | provinces
    formula: object
    source: object
    kind: str  # flow | stock | window
    compute: Callable[[PlatformData, dt.date, dt.date], Iterable[Rec]]
    targets: tuple[Target, ...] = ()
    ratio: bool = False  # value = 100 × num / den, else the sum of "n"
    fixed_den: int | None = None  # ratio over a constant (e.g. 34 provinces)
    key_groups: tuple[KeyGroup, ...] = ()
    group: str = "market"  # section of the statistics page
    trend: bool = True

    def value(self, measures: dict[str, float]) -> float | None:
        if self.ratio:
            den = self.fixed_den if self.fixed_den is not None else measures.get("den", 0)
            if not den:
                return None
            return round(100.0 * measures.get("num", 0) / den, 1)
        return measures.get("n", 0)

    def target_for(self, year: int) -> Target | None:
        """The target of the nearest target year at or after `year` (2025 until 2025, then 2030)."""
        later = [t for t in self.targets if t.year >= year]
        return min(later, key=lambda t: t.year) if later else (self.targets[-1] if self.targets else None)


def _labels_kinds():
    from ..labels.services.label_admin import KIND_LABELS  # noqa: PLC0415
    return KIND_LABELS


def _purpose_labels():
    from ..finance.taxonomy import PURPOSES  # noqa: PLC0415
    return PURPOSES


def _taxonomy_labels():
    from ..finance.taxonomy import TAXONOMY_SECTORS  # noqa: PLC0415
    return TAXONOMY_SECTORS


def _segment_labels():
    from ..orgs.services import SEGMENT_LABELS  # noqa: PLC0415
    return SEGMENT_LABELS


def _mode_labels():
    from ..logistics.factors import MODE_LABELS  # noqa: PLC0415
    return MODE_LABELS


RETAIL = ("supermarket", "trade_centre")


def retail_eco_packaging(d: PlatformData, start: dt.date, end: dt.date):
    """Supermarkets and trade centres (approved by `end`) and whether they bought certified packaging
    through the platform in the 12 months ending at `end` (deal not cancelled, listing in a packaging
    category, listing certified on the day of the deal)."""
    w0 = end - dt.timedelta(days=364)
    bought = {deal.buyer for deal in d.deals_between(w0, end)
              if d.is_packaging(deal.listing) and d.listing_certified(deal.listing, deal.day)}
    for org in d.orgs_at(end, kind="buyer", segments=RETAIL):
        yield Rec(org.id, org.id, org.province, org.sectors, (f"s:{org.segment}",),
                  {"den": 1, "num": 1 if org.id in bought else 0})


def retail_ecolabel_skus(d: PlatformData, start: dt.date, end: dt.date):
    """Distinct products (listings) that supermarkets and trade centres sourced through the platform in
    the 12 months ending at `end`; eco-labelled = a verified eco-label claim on the listing valid at `end`."""
    w0 = end - dt.timedelta(days=364)
    for deal in d.deals_between(w0, end):
        buyer = d.orgs.get(deal.buyer)
        if buyer is None or buyer.segment not in RETAIL or deal.listing is None:
            continue
        eco = d.listing_certified(deal.listing, end, kinds=("eco",))
        yield Rec(deal.listing, buyer.id, buyer.province, buyer.sectors, (), {"den": 1, "num": 1 if eco else 0})


def certified_listings(d: PlatformData, start: dt.date, end: dt.date):
    for lst in d.listings_published_at(end):
        kinds = d.listing_certified_kinds(lst.id, end)
        if kinds:
            org = d.orgs.get(lst.org)
            if org:
                yield Rec(lst.id, org.id, org.province, org.sectors, tuple(f"k:{k}" for k in sorted(kinds)), {"n": 1})


def certified_listing_share(d: PlatformData, start: dt.date, end: dt.date):
    for lst in d.listings_published_at(end):
        org = d.orgs.get(lst.org)
        if org:
            yield Rec(lst.id, org.id, org.province, org.sectors, (),
                      {"den": 1, "num": 1 if d.listing_certified_kinds(lst.id, end) else 0})


def rfqs_opened(d: PlatformData, start: dt.date, end: dt.date):
    for r in d.rfqs:
        if r.day and start <= r.day <= end and (org := d.orgs.get(r.buyer)):
            yield Rec(r.id, org.id, org.province, org.sectors, (), {"n": 1})


def quotes_sent(d: PlatformData, start: dt.date, end: dt.date):
    for q in d.quotes:
        if start <= q.day <= end and (org := d.orgs.get(q.supplier)):
            yield Rec(q.id, org.id, org.province, org.sectors, (), {"n": 1})


def _deal_records(d: PlatformData, start: dt.date, end: dt.date, measure: Callable):
    # both parties: each province sees the deal once, the country once (records share the deal as entity)
    for deal in d.deals_between(start, end):
        for org_id in (deal.buyer, deal.supplier):
            if org := d.orgs.get(org_id):
                yield Rec(f"deal{deal.id}", org.id, org.province, org.sectors, (), {"n": measure(deal)})


def deals_made(d, start, end):
    return _deal_records(d, start, end, lambda deal: 1)


def deal_value(d, start, end):
    return _deal_records(d, start, end, lambda deal: deal.total_vnd)


def finance_offers(d: PlatformData, start: dt.date, end: dt.date):
    for o in d.offers_open_at(end):
        if org := d.orgs.get(o.org):
            keys = tuple(f"p:{p}" for p in o.purposes) + tuple(f"t:{t}" for t in d.taxonomy_sectors(o.purposes))
            yield Rec(o.id, org.id, org.province, org.sectors, keys, {"n": 1})


def finance_leads(d: PlatformData, start: dt.date, end: dt.date):
    for lead in d.leads:
        if start <= lead.day <= end and (org := d.orgs.get(lead.business)):
            purposes = [lead.purpose] if lead.purpose else []
            keys = tuple(f"p:{p}" for p in purposes) + tuple(f"t:{t}" for t in d.taxonomy_sectors(purposes))
            yield Rec(lead.id, org.id, org.province, org.sectors, keys, {"n": 1})


def fairs_held(d: PlatformData, start: dt.date, end: dt.date):
    for fair in d.fairs:
        if start <= fair.starts_on <= end and (org := d.orgs.get(fair.organiser)):
            yield Rec(fair.id, org.id, fair.province or org.province, org.sectors, (), {"n": 1})


def fair_exhibitors(d: PlatformData, start: dt.date, end: dt.date):
    fairs = {f.id: f for f in d.fairs if start <= f.starts_on <= end}
    for app_ in d.exhibitors:
        fair = fairs.get(app_.fair)
        if fair and (org := d.orgs.get(app_.org)):
            yield Rec(org.id, org.id, fair.province or org.province, org.sectors, (), {"n": 1})


def b2b_meetings(d: PlatformData, start: dt.date, end: dt.date):
    fairs = {f.id: f for f in d.fairs}
    for m in d.meetings:
        fair = fairs.get(m.fair)
        if fair and start <= m.day <= end and (org := d.orgs.get(m.exhibitor)):
            yield Rec(m.id, org.id, fair.province or org.province, org.sectors, (), {"n": 1})


def transport_arranged(d: PlatformData, start: dt.date, end: dt.date):
    for t in d.transports:
        if start <= t.day <= end and (org := d.orgs.get(t.shipper)):
            yield Rec(t.id, org.id, org.province, org.sectors, (f"m:{t.mode}",) if t.mode else (), {"n": 1})


def transport_co2e_avoided(d: PlatformData, start: dt.date, end: dt.date):
    for t in d.transports:
        if start <= t.day <= end and t.co2e is not None and t.baseline is not None and (org := d.orgs.get(t.shipper)):
            yield Rec(t.id, org.id, org.province, org.sectors, (f"m:{t.mode}",) if t.mode else (),
                      {"n": round(t.baseline - t.co2e, 2), "co2e": t.co2e, "baseline": t.baseline})


def provinces_participating(d: PlatformData, start: dt.date, end: dt.date):
    for org in d.orgs_at(end):
        if org.province:
            yield Rec(f"p{org.province}", org.id, org.province, org.sectors, (f"o:{org.kind}",), {"n": 1})


def awareness_provinces(d: PlatformData, start: dt.date, end: dt.date):
    """Each of the 34 provinces, and whether it had a published training or awareness event in the period
    (knowledge hub): nationally a share of 34, for one province 100 % or 0 %."""
    from .. import vn  # noqa: PLC0415

    active = {ev.province for ev in d.awareness_events if start <= ev.day <= end}
    for code in vn.provinces():
        code = str(vn.province(code).code)
        yield Rec(f"p{code}", None, code, (), (), {"den": 1, "num": 1 if code in active else 0})


def _org_kind_labels():
    from ..orgs.services import KIND_LABELS  # noqa: PLC0415
    return KIND_LABELS


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "retail_eco_packaging", 1, _l("Supermarkets and trade centres buying eco-friendly packaging"), "percent",
        _l("Supermarkets and trade centres on the platform that bought certified packaging (a packaging listing "
           "with a verified, unexpired certification on the day of the deal; cancelled deals excluded) in the last "
           "12 months ÷ all approved supermarkets and trade centres on the platform."),
        MOIT_PLAN, "window", retail_eco_packaging, (Target(2025, 85), Target(2030, 100)), ratio=True,
        key_groups=(KeyGroup("s", _l("By segment"), _segment_labels),), group="targets"),
    Indicator(
        "retail_ecolabel_skus", 1, _l("Eco-labelled share of products sourced by supermarkets and trade centres"),
        "percent",
        _l("Distinct products that supermarkets and trade centres sourced through the platform in the last 12 months "
           "(deals not cancelled) carrying a verified eco-label valid at the end of the period ÷ all those products."),
        SCP_PROGRAMME, "window", retail_ecolabel_skus, (Target(2025, 10, 15), Target(2030, 20, 30)), ratio=True,
        group="targets"),
    Indicator(
        "awareness_provinces", 1, _l("Provinces running awareness activities"), "percent",
        _l("Provinces with at least one published training or awareness event in the knowledge hub in the "
           "period ÷ 34 provinces."),
        MOIT_PLAN, "flow", awareness_provinces, (Target(2025, 80), Target(2030, 100)), ratio=True,
        group="targets", trend=False),
    Indicator(
        "certified_listings", 1, _l("Certified listings"), "count",
        _l("Published listings carrying at least one verified certification that has not expired, at the end of "
           "the period; by label kind (a listing with two kinds counts once in each)."),
        _l("Action plan task 6.1: eco-labelling, including recycled and carbon labels"), "stock", certified_listings,
        key_groups=(KeyGroup("k", _l("By label kind"), _labels_kinds),), group="labels"),
    Indicator(
        "certified_listing_share", 1, _l("Share of listings that are certified"), "percent",
        _l("Certified published listings ÷ all published listings, at the end of the period."),
        _l("Action plan task 6.1: eco-labelling, including recycled and carbon labels"), "stock",
        certified_listing_share, ratio=True, group="labels"),
    Indicator(
        "rfqs", 1, _l("Requests for quotation opened"), "count",
        _l("Requests for quotation opened by buyers in the period."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection"), "flow", rfqs_opened,
        group="connections"),
    Indicator(
        "quotes", 1, _l("Quotes sent"), "count",
        _l("Quotes sent by suppliers in the period (withdrawn quotes excluded)."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection"), "flow", quotes_sent,
        group="connections"),
    Indicator(
        "deals", 1, _l("Deals"), "count",
        _l("Deals agreed in the period, cancelled deals excluded; a deal counts in the province of each party "
           "and once nationally."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection"), "flow", deals_made,
        group="connections"),
    Indicator(
        "deal_value", 1, _l("Value of deals"), "vnd",
        _l("Total value of the deals agreed in the period (cancelled deals excluded), in VND."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection"), "flow", deal_value,
        group="connections"),
    Indicator(
        "finance_offers", 1, _l("Green finance offers"), "count",
        _l("Offers published and open at the end of the period, by purpose and by sector of the national green "
           "taxonomy (Decision 21/2025/QĐ-TTg)."),
        _l("Action plan task 14: green finance"), "stock", finance_offers,
        key_groups=(KeyGroup("p", _l("By purpose"), _purpose_labels),
                    KeyGroup("t", _l("By green-taxonomy sector"), _taxonomy_labels)), group="finance"),
    Indicator(
        "finance_leads", 1, _l("Green finance leads"), "count",
        _l("Expressions of interest sent by businesses to financial institutions in the period, by purpose and "
           "green-taxonomy sector."),
        _l("Action plan task 14: green finance"), "flow", finance_leads,
        key_groups=(KeyGroup("p", _l("By purpose"), _purpose_labels),
                    KeyGroup("t", _l("By green-taxonomy sector"), _taxonomy_labels)), group="finance"),
    Indicator(
        "fairs", 1, _l("Trade fairs held"), "count",
        _l("Published fairs starting in the period, in the province where they are held."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection at fairs"), "flow", fairs_held,
        group="fairs"),
    Indicator(
        "exhibitors", 1, _l("Exhibitors at fairs"), "count",
        _l("Organisations with an approved booth at a fair starting in the period (each counted once)."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection at fairs"), "flow", fair_exhibitors,
        group="fairs"),
    Indicator(
        "meetings", 1, _l("B2B meetings at fairs"), "count",
        _l("B2B meetings booked at fairs, by the day of the meeting."),
        _l("Action plan task 7.2: trade promotion and supply–demand connection at fairs"), "flow", b2b_meetings,
        group="fairs"),
    Indicator(
        "transport", 1, _l("Transport arranged"), "count",
        _l("Transport quotes accepted through the platform in the period, by the mode of the vehicle class."),
        _l("Action plan task 5.1: green logistics"), "flow", transport_arranged,
        key_groups=(KeyGroup("m", _l("By transport mode"), _mode_labels),), group="logistics"),
    Indicator(
        "co2e_avoided", 1, _l("CO2e avoided against road transport"), "kg",
        _l("For each accepted transport: the road baseline (the same weight and route by average diesel heavy "
           "truck, UK DESNZ 2025 factor) minus the provider's committed CO2e (or the platform's estimate for the "
           "vehicle class), in kg CO2e."),
        _l("Action plan task 5.1: green logistics"), "flow", transport_co2e_avoided,
        key_groups=(KeyGroup("m", _l("By transport mode"), _mode_labels),), group="logistics"),
    Indicator(
        "provinces", 1, _l("Provinces with participating organisations"), "provinces",
        _l("Provinces where at least one approved organisation on the platform is based, at the end of the period."),
        _l("Action plan task 12.2: a platform connecting the network of sustainable production and consumption"),
        "stock", provinces_participating,
        key_groups=(KeyGroup("o", _l("By organisation type"), _org_kind_labels),), group="reach"),
)
BY_CODE = {i.code: i for i in INDICATORS}

GROUPS = {
    "targets": _l("National targets"),
    "labels": _l("Eco-labelling"),
    "connections": _l("Supply and demand connections"),
    "finance": _l("Green finance"),
    "fairs": _l("Trade fairs and B2B meetings"),
    "logistics": _l("Green logistics"),
    "reach": _l("Reach"),
}
UNITS = {"percent": "%", "count": "", "vnd": "₫", "kg": "kg CO2e", "provinces": ""}


def versions() -> dict[str, int]:
    return {i.code: i.version for i in INDICATORS}


def key_label(ind: Indicator, key: str) -> str:
    prefix, _, code = key.partition(":")
    for g in ind.key_groups:
        if g.prefix == prefix:
            return str(g.labels().get(code, code))
    return key
