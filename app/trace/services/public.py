"""What a scanned code shows: visibility of lots, the trace view (product, producer, dates, certifications
valid on the production date, inputs and their own trace links, transport legs, recycled-content
coverage and the footprint), its JSON-LD for machines and the GS1 linkset of the resolver.

A lot is public when its organisation is approved and its listing is not a draft (an archived listing's
lots stay traceable: the printed codes are in the market). A voided lot still resolves and says so.
Members of the lot's organisation, verifiers and admins see any lot.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from ...catalog.models import Listing, ListingStatus
from ...errors import NotFound
from ...extensions import db
from ...l10n import format_day
from ...orgs.models import OrgStatus
from ...permissions import Actor
from .. import balance, digital_link
from ..models import InputKind, Lot, LotStatus
from . import footprints, integrity, lots, profiles

GS1_VOC = "https://gs1.org/voc/"
MAX_DEPTH = 6  # how far up the chain the page lists ancestors


def is_public(lot: Lot) -> bool:
    listing: Listing = lot.listing
    return lot.organisation.status == OrgStatus.approved and listing.status != ListingStatus.draft


def can_see(actor: Actor, lot: Lot) -> bool:
    return is_public(lot) or (actor.is_authenticated and (actor.org_id == lot.organisation_id or actor.is_verifier
                                                          or actor.is_admin))


def lot_for_view(actor: Actor, lot_id) -> Lot:
    lot = lots.get_lot(lot_id)
    if not can_see(actor, lot):
        raise NotFound(_("Lot not found."))
    return lot


def resolve(actor: Actor, link: digital_link.DigitalLink) -> tuple[Lot | None, Listing | None]:
    """The lot (with a lot qualifier) or the listing (GTIN only) a Digital Link names, as the actor may see it."""
    if link.lot:
        lot = lots.find_by_gtin_lot(link.gtin, link.lot)
        if lot is None or not can_see(actor, lot):
            raise NotFound(_("This code is not registered on GreenConnect."))
        return lot, lot.listing
    candidates = [lst for lst in db.session.scalars(db.select(Listing).where(Listing.gtin.is_not(None)).where(
        Listing.gtin.in_({link.gtin, link.gtin[1:], link.gtin[2:], link.gtin[6:]})).order_by(Listing.id))
        if _gtin14(lst.gtin) == link.gtin]
    from ...catalog import services as catalog

    visible = [lst for lst in candidates if catalog.is_public(lst)
               or (actor.is_authenticated and actor.org_id == lst.organisation_id)]
    if not visible:
        raise NotFound(_("This code is not registered on GreenConnect."))
    return None, visible[0]


def _gtin14(value: str | None) -> str | None:
    try:
        return digital_link.gtin14(value)
    except digital_link.DigitalLinkError:
        return None


# ------------------------------------------------------------------ the trace view

@dataclass
class InputView:
    input: Any
    source: Lot | None
    source_public: bool
    trace_url: str | None


@dataclass
class TraceView:
    lot: Lot
    listing: Listing
    uri: str
    coverage: balance.Coverage
    badge: bool
    valid_claims: list = field(default_factory=list)
    other_claims: list = field(default_factory=list)   # (claim, reason) not valid on the production date
    inputs: list[InputView] = field(default_factory=list)
    ancestors: list[tuple[int, Lot]] = field(default_factory=list)  # (depth, lot) further up the chain
    footprint: Any = None
    dql_label: str = ""
    flag: Any = None


def certifications_on(lot: Lot) -> tuple[list, list]:
    """(claims valid on the production date, [(claim, why not)] for the verified ones that were not)."""
    from ...labels import services as labels

    day = lot.production_date
    claims = [c for c in labels.claims_of_org(lot.organisation_id) if c.listing_id in (None, lot.listing_id)]
    valid, other = [], []
    for c in claims:
        if not footprints.was_verified(c):
            continue
        if footprints.valid_on(c, day):
            valid.append(c)
        elif c.valid_until < day:
            other.append((c, _("expired on %(date)s, before the production date", date=format_day(c.valid_until, fmt="short"))))
        elif c.valid_from > day:
            other.append((c, _("valid only from %(date)s, after the production date", date=format_day(c.valid_from, fmt="short"))))
    return valid, other


def trace_view(actor: Actor, lot: Lot, base_url: str) -> TraceView:
    cov = integrity.coverage(lot)
    valid, other = certifications_on(lot)
    view = TraceView(lot=lot, listing=lot.listing, uri=lots.lot_uri(lot, base_url), coverage=cov,
                     badge=integrity.badge(lot, cov), valid_claims=valid, other_claims=other,
                     footprint=footprints.lot_footprint(lot, cov),
                     dql_label=str(profiles.DQL_LABELS.get(lot.dql, "")) if lot.dql else "",
                     flag=integrity.open_flag_for(lot))
    for inp in lot.active_inputs:
        src = inp.source_lot if inp.kind == InputKind.platform else None
        public = src is not None and can_see(actor, src)
        view.inputs.append(InputView(inp, src, public, url_for("trace.lot_page", lot_id=src.id) if public else None))
    view.ancestors = ancestors(actor, lot)
    return view


def ancestors(actor: Actor, lot: Lot) -> list[tuple[int, Lot]]:
    """The visible lots further up the chain, breadth first (depth 2 = inputs of the inputs), bounded."""
    out: list[tuple[int, Lot]] = []
    seen = {lot.id}
    frontier = [i.source_lot for i in lot.active_inputs if i.source_lot is not None]
    depth = 1
    while frontier and depth <= MAX_DEPTH:
        nxt = []
        for src in frontier:
            if src.id in seen:
                continue
            seen.add(src.id)
            if depth > 1 and can_see(actor, src):
                out.append((depth, src))
            nxt.extend(i.source_lot for i in src.active_inputs if i.source_lot is not None)
        frontier, depth = nxt, depth + 1
    return out


# ------------------------------------------------------------------ machine-readable

def links(lot: Lot, base_url: str) -> dict[str, list[dict]]:
    """GS1 link types → targets, for the linkset and for `linkType` redirects."""
    root = base_url.rstrip("/")
    page = root + url_for("trace.lot_page", lot_id=lot.id)
    out = {
        "defaultLink": [{"href": page, "title": _("Traceability of lot %(lot)s", lot=lot.lot_number), "type": "text/html",
                         "hreflang": ["vi", "en"]}],
        "traceability": [{"href": page, "title": _("Traceability"), "type": "text/html", "hreflang": ["vi", "en"]}],
        "epcis": [{"href": root + url_for("api_trace.lot_epcis", lot_id=lot.id), "title": "EPCIS 2.0",
                   "type": "application/ld+json"}],
        "certificationInfo": [{"href": page + "#certifications", "title": _("Certifications"), "type": "text/html"}],
        "sustainabilityInfo": [{"href": page + "#footprint", "title": _("Carbon footprint and recycled content"),
                                "type": "text/html"}],
    }
    from ...catalog import services as catalog

    if catalog.is_public(lot.listing):
        out["pip"] = [{"href": root + url_for("catalog.detail", listing_id=lot.listing_id), "title": lot.listing.title,
                       "type": "text/html", "hreflang": ["vi", "en"]}]
    return out


def linkset(lot: Lot, base_url: str) -> dict[str, Any]:
    """RFC 9264 linkset (application/linkset+json) as the GS1-Conformant resolver standard describes it."""
    entry: dict[str, Any] = {"anchor": lots.lot_uri(lot, base_url)}
    for name, targets in links(lot, base_url).items():
        entry[GS1_VOC + name] = targets
    return {"linkset": [entry]}


def jsonld(actor: Actor, lot: Lot, base_url: str) -> dict[str, Any]:
    """schema.org (with GS1 Web Vocabulary) description of the lot."""
    view = trace_view(actor, lot, base_url)
    listing, org = lot.listing, lot.organisation
    root = base_url.rstrip("/")
    doc: dict[str, Any] = {
        "@context": {"@vocab": "https://schema.org/", "gs1": GS1_VOC, "gc": root + "/ns/trace#"},
        "@type": "SomeProducts",
        "@id": view.uri,
        "name": listing.title,
        "description": listing.description,
        "productionDate": lot.production_date.isoformat(),
        "identifier": [{"@type": "PropertyValue", "propertyID": "gs1:lot", "value": lot.lot_number}],
        "inventoryLevel": {"@type": "QuantitativeValue", "value": lot.quantity, "unitText": lot.unit},
        "manufacturer": {"@type": "Organization", "name": org.display_name,
                         "url": root + url_for("catalog.storefront", org_id=org.id),
                         "address": {"@type": "PostalAddress", "addressRegion": _province(org.province_code),
                                     "addressCountry": "VN"}},
        "url": root + url_for("trace.lot_page", lot_id=lot.id),
        "gc:status": lot.status.value,
        "hasCertification": [_certification(c) for c in view.valid_claims],
        "gc:recycledContent": {"claimedPercent": lot.recycled_pct, "coverage": view.coverage.status,
                               "requiredKg": round(view.coverage.required_kg, 3),
                               "availableKg": round(view.coverage.available_kg, 3),
                               "model": view.coverage.model, "badge": view.badge},
        "isRelatedTo": [{"@id": lots.lot_uri(i.source, base_url)} if i.source is not None and i.source_public else
                        {"name": i.input.description, "gc:supplier": i.input.supplier_name}
                        for i in view.inputs],
    }
    if lot.gtin:
        doc["gtin"] = lot.gtin
        doc["hasGS1DigitalLink"] = view.uri
    if lot.expiry_date:
        doc["gs1:expirationDate"] = lot.expiry_date.isoformat()
    if lot.dql:
        doc["gc:recyclateDataQualityLevel"] = {"standard": "DIN SPEC 91446", "level": lot.dql}
    fp = view.footprint
    doc["gc:carbonFootprint"] = {
        "kgCO2ePerUnit": fp.per_unit_kg, "unitText": lot.unit,
        "basis": "declared (ISO 14067, verified)" if fp.declared else "estimate (cradle-to-gate materials + inbound transport)",
        "factors": fp.estimate.factors_version and f"material_factors.v{fp.estimate.factors_version} (DESNZ 2025)",
        "gaps": list(fp.estimate.gaps),
    }
    return doc


def _certification(claim) -> dict[str, Any]:
    return {"@type": "Certification", "name": claim.label.name_en, "certificationIdentification": claim.certificate_number,
            "issuedBy": {"@type": "Organization", "name": claim.issuer or claim.label.issuing_body},
            "validFrom": claim.valid_from.isoformat(), "expires": claim.valid_until.isoformat(),
            "certificationStatus": "CertificationActive" if claim.status.value == "verified" else "CertificationInactive"}


def _province(code: str | None) -> str:
    from ... import vn

    return vn.province_name(code) if code else ""


def listing_lots_public(listing: Listing, limit: int = 10) -> list[Lot]:
    rows = db.session.scalars(db.select(Lot).where(Lot.listing_id == listing.id, Lot.status == LotStatus.active)
                              .order_by(Lot.production_date.desc(), Lot.id.desc()).limit(limit))
    return [lot for lot in rows if is_public(lot)]


def today() -> dt.date:
    from ... import clock

    return clock.today()
