"""EPCIS 2.0 (JSON-LD binding) export of lot events, and the parser that reads such a document back.

Events (CBV 2.0 vocabulary):
- a lot is recorded        → ObjectEvent ADD, bizStep commissioning, disposition active, ILMD lot/expiry
- its inputs → the lot     → TransformationEvent, bizStep creating_class_instance (inputs in kg)
- shipped under a deal     → ObjectEvent OBSERVE, bizStep shipping, disposition in_transit, the deal as
                             purchase order, supplier → buyer as owning parties
- received by the buyer    → ObjectEvent OBSERVE, bizStep receiving, disposition in_progress
- voided                   → ObjectEvent DELETE, bizStep decommissioning, disposition inactive

Identifiers: a lot of a listing with a GTIN is the class `https://id.gs1.org/01/<GTIN>/10/<lot>` (the
canonical GS1 Digital Link, which EPCIS 2.0 accepts as an EPC class); other lots, outside inputs,
organisations and deals use the platform's own URIs. Quantities use UN/CEFACT Recommendation 20 units.
Event times are the business dates at 00:00 in Vietnam (+07:00).

The documents validate against GS1's EPCIS 2.0 JSON schema shipped in data/epcis/ (see its SOURCE.md).
A lot's public export leaves out the shipments of that lot to its customers (who bought it is the
supplier's business); its owner gets them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from ... import clock
from ...extensions import db
from ...permissions import Actor
from ...validation import load
from .. import digital_link
from ..models import InputKind, Lot, LotDispatch, LotEvent, LotStatus
from ..schemas import TraceEpcisInput
from ._common import require_producer

CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
TZ = "+07:00"
UOM = {"kg": "KGM", "tonne": "TNE", "piece": "H87", "box": "BX", "carton": "CT", "roll": "RO", "m2": "MTK",
       "m3": "MTQ", "litre": "LTR", "set": "SET"}
MAX_LOTS = 5000


def _root(base_url: str) -> str:
    return base_url.rstrip("/")


def class_uri(lot: Lot, base_url: str) -> str:
    if lot.gtin:
        return digital_link.canonical(lot.gtin, lot.lot_number)
    return digital_link.internal_uri(base_url, lot.id)


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TZ}"


def _org_uri(base_url: str, org_id: int) -> str:
    return f"{_root(base_url)}/producers/{org_id}"


def _deal_uri(base_url: str, deal_id: int) -> str:
    return f"{_root(base_url)}/sourcing/deals/{deal_id}"


def _qty(uri: str, quantity: float, unit: str) -> tuple[str, float, str]:
    return (uri, round(float(quantity), 6), UOM.get(unit, "H87"))


# ------------------------------------------------------------------ records (the internal form)

def lot_records(lot: Lot, base_url: str, *, outbound: bool = True) -> list[dict[str, Any]]:
    """The EPCIS events of a lot as plain records (what `to_document` writes and `from_document` reads)."""
    root = _root(base_url)
    cls = class_uri(lot, base_url)
    events = list(db.session.scalars(db.select(LotEvent).where(LotEvent.lot_id == lot.id).order_by(LotEvent.id)))
    recorded = next((e for e in events if e.kind == "recorded"), None)
    out: list[dict[str, Any]] = []
    ilmd = {"lotNumber": lot.lot_number}
    if lot.expiry_date:
        ilmd["itemExpirationDate"] = lot.expiry_date.isoformat()
    out.append({"type": "ObjectEvent", "event_id": f"{root}/trace/events/{recorded.id if recorded else 0}",
                "event_time": _time(lot.production_date), "action": "ADD", "biz_step": "commissioning",
                "disposition": "active", "quantities": [_qty(cls, lot.quantity, lot.unit)], "inputs": [], "outputs": [],
                "biz_transactions": [], "sources": [], "destinations": [], "ilmd": ilmd,
                "recycled_pct": lot.recycled_pct, "dql": lot.dql})
    inputs = []
    inbound: list[LotDispatch] = []
    for inp in lot.active_inputs:
        if inp.kind == InputKind.platform and inp.source_lot is not None:
            inputs.append(_qty(class_uri(inp.source_lot, base_url), inp.mass_kg, "kg"))
            if inp.dispatch is not None and inp.dispatch not in inbound:
                inbound.append(inp.dispatch)
        else:
            inputs.append(_qty(f"{root}/trace/inputs/{inp.id}", inp.mass_kg, "kg"))
    if inputs:
        out.append({"type": "TransformationEvent", "event_id": f"{root}/trace/lots/{lot.id}/transformation",
                    "event_time": _time(lot.production_date), "action": None, "biz_step": "creating_class_instance",
                    "disposition": "active", "quantities": [], "inputs": inputs,
                    "outputs": [_qty(cls, lot.quantity, lot.unit)], "biz_transactions": [], "sources": [],
                    "destinations": [], "ilmd": {}, "recycled_pct": None, "dql": None})
    for d in inbound:
        out.extend(_dispatch_records(d, base_url))
    if outbound:
        for d in db.session.scalars(db.select(LotDispatch).where(LotDispatch.lot_id == lot.id).order_by(LotDispatch.id)):
            out.extend(_dispatch_records(d, base_url))
    if lot.status == LotStatus.voided:
        voided = next((e for e in reversed(events) if e.kind == "voided"), None)
        when = voided.created_at.date() if voided else clock.today()
        out.append({"type": "ObjectEvent", "event_id": f"{root}/trace/events/{voided.id if voided else 0}",
                    "event_time": _time(when), "action": "DELETE", "biz_step": "decommissioning",
                    "disposition": "inactive", "quantities": [_qty(cls, lot.quantity, lot.unit)], "inputs": [],
                    "outputs": [], "biz_transactions": [], "sources": [], "destinations": [], "ilmd": {},
                    "recycled_pct": None, "dql": None})
    return out


def _dispatch_records(d: LotDispatch, base_url: str) -> list[dict[str, Any]]:
    if d.voided_at is not None:
        return []
    root = _root(base_url)
    deal = d.deal
    common = {"quantities": [_qty(class_uri(d.lot, base_url), d.quantity, d.lot.unit)], "inputs": [], "outputs": [],
              "biz_transactions": [("po", _deal_uri(base_url, d.deal_id))],
              "sources": [("owning_party", _org_uri(base_url, deal.supplier_org_id))],
              "destinations": [("owning_party", _org_uri(base_url, deal.buyer_org_id))], "ilmd": {},
              "recycled_pct": d.recycled_pct, "dql": d.dql}
    out = [{"type": "ObjectEvent", "event_id": f"{root}/trace/dispatches/{d.id}/shipping",
            "event_time": _time(d.shipped_on), "action": "OBSERVE", "biz_step": "shipping", "disposition": "in_transit",
            **common}]
    if d.received_on is not None:
        out.append({"type": "ObjectEvent", "event_id": f"{root}/trace/dispatches/{d.id}/receiving",
                    "event_time": _time(d.received_on), "action": "OBSERVE", "biz_step": "receiving",
                    "disposition": "in_progress", **common})
    return out


# ------------------------------------------------------------------ documents

def to_document(records: list[dict[str, Any]], base_url: str) -> dict[str, Any]:
    root = _root(base_url)
    events = [_event(r) for r in _dedupe(records)]
    return {
        "@context": [CONTEXT_URL, {"gc": f"{root}/ns/trace#", "cbvmda": "urn:epcglobal:cbv:mda:"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": clock.now().replace(microsecond=0).isoformat() + "Z",
        "sender": root,
        "epcisBody": {"eventList": events},
    }


def _dedupe(records):
    seen, out = set(), []
    for r in sorted(records, key=lambda r: (r["event_time"], r["event_id"])):
        if r["event_id"] not in seen:
            seen.add(r["event_id"])
            out.append(r)
    return out


def _qlist(items) -> list[dict[str, Any]]:
    return [{"epcClass": c, "quantity": q, "uom": u} for c, q, u in items]


def _event(r: dict[str, Any]) -> dict[str, Any]:
    e: dict[str, Any] = {"type": r["type"], "eventID": r["event_id"], "eventTime": r["event_time"],
                         "eventTimeZoneOffset": TZ}
    if r["type"] == "ObjectEvent":
        e["epcList"] = []
        e["action"] = r["action"]
        e["quantityList"] = _qlist(r["quantities"])
    else:
        e["inputQuantityList"] = _qlist(r["inputs"])
        e["outputQuantityList"] = _qlist(r["outputs"])
    e["bizStep"] = r["biz_step"]
    e["disposition"] = r["disposition"]
    if r["biz_transactions"]:
        e["bizTransactionList"] = [{"type": t, "bizTransaction": u} for t, u in r["biz_transactions"]]
    if r["sources"]:
        e["sourceList"] = [{"type": t, "source": u} for t, u in r["sources"]]
    if r["destinations"]:
        e["destinationList"] = [{"type": t, "destination": u} for t, u in r["destinations"]]
    if r["ilmd"]:
        e["ilmd"] = {f"cbvmda:{k}": v for k, v in r["ilmd"].items()}
    if r.get("recycled_pct") is not None:
        e["gc:recycledContentPercent"] = r["recycled_pct"]
    if r.get("dql") is not None:
        e["gc:recyclateDataQualityLevel"] = r["dql"]
    return e


def from_document(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Read an EPCIS document written by `to_document` back into records (sorted like the export)."""
    out = []
    for e in doc["epcisBody"]["eventList"]:
        def q(key):
            return [(x["epcClass"], x["quantity"], x["uom"]) for x in e.get(key, [])]

        out.append({
            "type": e["type"], "event_id": e["eventID"], "event_time": e["eventTime"], "action": e.get("action"),
            "biz_step": e.get("bizStep"), "disposition": e.get("disposition"),
            "quantities": q("quantityList"), "inputs": q("inputQuantityList"), "outputs": q("outputQuantityList"),
            "biz_transactions": [(x["type"], x["bizTransaction"]) for x in e.get("bizTransactionList", [])],
            "sources": [(x["type"], x["source"]) for x in e.get("sourceList", [])],
            "destinations": [(x["type"], x["destination"]) for x in e.get("destinationList", [])],
            "ilmd": {k.split(":", 1)[1]: v for k, v in (e.get("ilmd") or {}).items()},
            "recycled_pct": e.get("gc:recycledContentPercent"), "dql": e.get("gc:recyclateDataQualityLevel"),
        })
    return out


def normalise(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records in export order with tuples (what a round trip must reproduce)."""
    def t(items):
        return [tuple(x) for x in items]

    return [{**r, "quantities": t(r["quantities"]), "inputs": t(r["inputs"]), "outputs": t(r["outputs"]),
             "biz_transactions": t(r["biz_transactions"]), "sources": t(r["sources"]),
             "destinations": t(r["destinations"])} for r in _dedupe(records)]


# ------------------------------------------------------------------ what callers ask for

def lot_document(actor: Actor, lot: Lot, base_url: str) -> dict[str, Any]:
    owner = actor.is_authenticated and (actor.org_id == lot.organisation_id or actor.is_verifier)
    return to_document(lot_records(lot, base_url, outbound=owner), base_url)


def organisation_records(actor: Actor, start, end, base_url: str) -> list[dict[str, Any]]:
    """Every event of the actor's organisation with a business date in [start, end]: its lots (recorded,
    transformed, shipped, voided) and the lots it received."""
    require_producer(actor)
    values = load(TraceEpcisInput, {"from": start, "to": end})
    start, end = values["start"], values["end"]
    from ...sourcing.models import Deal

    lot_ids = set(db.session.scalars(db.select(Lot.id).where(Lot.organisation_id == actor.org_id).where(db.or_(
        Lot.production_date.between(start, end),
        Lot.id.in_(db.select(LotDispatch.lot_id).where(LotDispatch.shipped_on.between(start, end))),
        Lot.id.in_(db.select(LotEvent.lot_id).where(LotEvent.kind == "voided")))).limit(MAX_LOTS)))
    records: list[dict[str, Any]] = []
    for lot in db.session.scalars(db.select(Lot).where(Lot.id.in_(lot_ids)).order_by(Lot.id)):
        records.extend(lot_records(lot, base_url, outbound=True))
    received = db.session.scalars(db.select(LotDispatch).join(Deal, Deal.id == LotDispatch.deal_id).where(
        Deal.buyer_org_id == actor.org_id, LotDispatch.received_on.between(start, end)).limit(MAX_LOTS))
    for d in received:
        records.extend(_dispatch_records(d, base_url))
    lo, hi = _time(start), _time(end)
    return [r for r in _dedupe(records) if lo <= r["event_time"] <= hi]


def event_page_url(lot: Lot) -> str:
    return url_for("trace.lot_page", lot_id=lot.id)
