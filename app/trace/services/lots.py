"""Lots: record, correct, void; inputs (received dispatches or outside inputs with evidence); dispatches
of lots under sourcing deals. Every change is an event in the lot's append-only log (`LotEvent`); the lot,
input and dispatch rows are the state those events produced, and `replay(lot)` rebuilds it from the log.

Rules
- Producers record lots of their own listings (not archived ones). The lot number is GS1 AI (10): 1–20
  characters of GS1 character set 82 (letters, digits and `!"%&'()*+,-./:;<=>?_`; no spaces, no accents),
  unique per listing, and — with the listing's GTIN — unique on the platform (one code, one lot).
- The lot keeps the GTIN (as GTIN-14), unit, unit mass and composition it was recorded with: the printed
  code never changes meaning. Corrections change dates, quantity, recycled claim, yield, DQL and note,
  with a reason; a wrong lot number means voiding the lot and recording a new one.
- A supplier ships (part of) a lot under a deal it is the supplier of; the deal's buyer receives it and
  uses it as input of its own lots, at most the mass shipped (summed over every lot using it). The
  dispatch carries the lot's *covered* recycled share and DQL at shipping time, like a transaction
  certificate.
- Outside inputs need an evidence file (PDF, JPEG or PNG, checked by content).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock, l10n, uploads
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...locking import lock
from ...notifications.services import audit, notify_org
from ...pagination import paginate
from ...permissions import Actor, require_user
from ...sourcing import services as sourcing
from ...validation import load
from .. import digital_link
from ..models import InputKind, Lot, LotDispatch, LotEvent, LotInput, LotStatus
from ..schemas import (TraceCorrectionInput, TraceDispatchCancelInput, TraceDispatchInput, TraceInputRemovalInput,
                       TraceLotCreateInput, TraceOutsideInput, TracePlatformInput, TraceVoidInput)
from . import integrity, profiles
from ._common import add_event, get_lot, own_lot, require_producer, unit_mass_kg, writable_listing

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
CORRECTABLE = ("production_date", "expiry_date", "quantity", "recycled_pct", "yield_pct", "dql", "note")
MAX_INPUTS = 50


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """The fields given a value (a form's blank field, like an absent one, leaves the default)."""
    return {k: v for k, v in (data or {}).items() if v is not None and v != ""}


def _refuse(field: str, message: str):
    """A value the schema accepted but the lot's state does not (a number already used, mass already
    shipped): the same ValidationFailed, with the field's message, as a schema's."""
    raise ValidationFailed(_("Please correct the highlighted fields."), {field: [message]})


def _reason(schema, reason) -> str:
    """The reason of a correction, a removal or a cancellation: a string, or the API body holding it."""
    return load(schema, reason if isinstance(reason, dict) else {"reason": reason})["reason"]


# ------------------------------------------------------------------ reading

def list_lots(actor: Actor, *, listing_id: int | None = None, status: str | None = None, page: int = 1,
              per_page: int = 20):
    """The actor's organisation's lots, newest production first."""
    require_producer(actor)
    stmt = db.select(Lot).where(Lot.organisation_id == actor.org_id)
    if listing_id is not None:
        stmt = stmt.where(Lot.listing_id == int(listing_id))
    if status:
        if status not in LotStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        stmt = stmt.where(Lot.status == LotStatus(status))
    return paginate(stmt.order_by(Lot.production_date.desc(), Lot.id.desc()), page, per_page)


def events_of(lot: Lot) -> list[LotEvent]:
    return list(db.session.scalars(db.select(LotEvent).where(LotEvent.lot_id == lot.id).order_by(LotEvent.id)))


def lot_uri(lot: Lot, base_url: str) -> str:
    """What the lot's QR code encodes: its GS1 Digital Link, or the internal identifier URI."""
    if lot.gtin:
        return digital_link.build(base_url, lot.gtin, lot=lot.lot_number)
    return digital_link.internal_uri(base_url, lot.id)


def find_by_gtin_lot(gtin14: str, lot_number: str) -> Lot | None:
    return db.session.scalar(db.select(Lot).where(Lot.gtin == gtin14, Lot.lot_number == lot_number)
                             .order_by(Lot.id).limit(1))


# ------------------------------------------------------------------ lots

def record_lot(actor: Actor, listing_id, data: dict[str, Any]) -> Lot:
    """Record a lot of one of the actor's listings (`data`: TraceLotInput's fields; blank ones are not given)."""
    fields = load(TraceLotCreateInput, {**_given(data), "listing_id": listing_id})
    listing = writable_listing(actor, fields.pop("listing_id"))
    number_ = fields["lot_number"]
    gtin = None
    if listing.gtin:
        try:
            gtin = digital_link.gtin14(listing.gtin)
        except digital_link.DigitalLinkError:
            gtin = None
    if db.session.scalar(db.select(Lot.id).where(Lot.listing_id == listing.id, Lot.lot_number == number_)):
        _refuse("lot_number", _("This lot number is already recorded for this product."))
    if gtin and find_by_gtin_lot(gtin, number_) is not None:
        _refuse("lot_number", _("Another product with the same GTIN already has this lot number: check the GTIN of the "
                                "listing."))
    profile = profiles.profile_for(listing.id)
    components = list(profile.components) if profile else []
    lot = Lot(listing_id=listing.id, organisation_id=listing.organisation_id, lot_number=number_, gtin=gtin,
              production_date=fields["production_date"], expiry_date=fields.get("expiry_date"),
              quantity=fields["quantity"], unit=listing.unit, unit_mass_kg=unit_mass_kg(listing, components),
              components=components,
              recycled_pct=fields["recycled_pct"] if "recycled_pct" in fields else (
                  float(listing.recycled_pct) if listing.recycled_pct is not None else None),
              yield_pct=fields.get("yield_pct") or (profile.default_yield_pct if profile else 100.0),
              dql=fields["dql"] if "dql" in fields else (profile.dql if profile else None),
              note=fields.get("note", ""), status=LotStatus.active, version=1, created_at=clock.now(),
              created_by_id=actor.user_id)
    db.session.add(lot)
    db.session.flush()
    add_event(lot, actor, "recorded", _recorded_data(lot))
    audit(actor.user_id, "trace.lot_recorded", "trace_lot", lot.id, {"lot_number": number_, "listing_id": listing.id},
          lot.organisation_id)
    integrity.refresh_listing(listing.id)
    db.session.commit()
    return lot


def _recorded_data(lot: Lot) -> dict[str, Any]:
    return {"lot_number": lot.lot_number, "gtin": lot.gtin, "listing_id": lot.listing_id, "unit": lot.unit,
            "unit_mass_kg": lot.unit_mass_kg, "components": lot.components,
            **{f: _jsonable(getattr(lot, f)) for f in CORRECTABLE}}


def correct_lot(actor: Actor, lot_id, data: dict[str, Any], reason: str | None = None) -> Lot:
    """Correct dates, quantity, recycled claim, yield, DQL or note (`data`; a blank value clears an optional
    field) with a reason (`reason`, or `data["reason"]`). Values equal to the lot's are not changes."""
    lot = own_lot(actor, lot_id)
    if lot.status != LotStatus.active:
        raise Conflict(_("A voided lot cannot be corrected."))
    given = dict(data or {}) if reason is None else {**(data or {}), "reason": reason}
    fields = load(TraceCorrectionInput(current=lot), given, partial=CORRECTABLE)
    reason = fields.pop("reason")
    for name in ("production_date", "quantity", "yield_pct"):  # required values: a blank one keeps the lot's
        if fields.get(name) is None:
            fields.pop(name, None)
    changes = {}
    for k, v in fields.items():
        old = getattr(lot, k)
        if old != v:
            changes[k] = [_jsonable(old), _jsonable(v)]
            setattr(lot, k, v)
    if not changes:
        raise ValidationFailed(_("These are already the lot's values."), {"_schema": [_("Nothing changed.")]})
    lot.version += 1
    add_event(lot, actor, "corrected", changes, reason)
    audit(actor.user_id, "trace.lot_corrected", "trace_lot", lot.id, changes | {"reason": reason}, lot.organisation_id)
    integrity.refresh_listing(lot.listing_id)
    db.session.commit()
    return lot


def void_lot(actor: Actor, lot_id, reason) -> Lot:
    lot = own_lot(actor, lot_id)
    if lot.status != LotStatus.active:
        raise Conflict(_("This lot is already voided."))
    reason = _reason(TraceVoidInput, reason)
    lot.status = LotStatus.voided
    lot.version += 1
    add_event(lot, actor, "voided", {"status": ["active", "voided"]}, reason)
    audit(actor.user_id, "trace.lot_voided", "trace_lot", lot.id, {"reason": reason}, lot.organisation_id)
    integrity.refresh_listing(lot.listing_id)
    db.session.commit()
    return lot


# ------------------------------------------------------------------ dispatches (supplier side)

def shipped_quantity(lot: Lot) -> float:
    return float(db.session.scalar(db.select(db.func.coalesce(db.func.sum(LotDispatch.quantity), 0.0))
                                   .where(LotDispatch.lot_id == lot.id, LotDispatch.voided_at.is_(None))) or 0.0)


def dispatch_lot(actor: Actor, lot_id, data: dict[str, Any]) -> LotDispatch:
    """Ship (part of) a lot under a deal the actor's organisation supplies."""
    lot = own_lot(actor, lot_id)
    if lot.status != LotStatus.active:
        raise Conflict(_("A voided lot cannot be shipped."))
    values = load(TraceDispatchInput, data)
    try:
        facts = sourcing.deal_shipping(actor, values["deal_id"])
    except NotFound:
        _refuse("deal_id", _("Unknown deal."))
    if facts.supplier_org_id != actor.org_id:
        _refuse("deal_id", _("Only the supplier of a deal ships lots under it."))
    qty, left = values["quantity"], lot.quantity - shipped_quantity(lot)
    if qty > left + 1e-9:
        _refuse("quantity", _("Only %(n)s %(unit)s of this lot are left to ship.", n=l10n.format_number(round(left, 3)), unit=lot.unit))
    shipped_on = values.get("shipped_on") or clock.today()
    if shipped_on < lot.production_date:
        _refuse("shipped_on", _("The shipping date must be between the production date and today."))
    if lot.unit_mass_kg is not None:
        mass = qty * lot.unit_mass_kg
    elif values.get("mass_kg") is None:
        _refuse("mass_kg", _("The mass of one unit is not known: enter the mass shipped in kg."))
    else:
        mass = values["mass_kg"]
    cov = integrity.coverage(lot)
    covered_pct = (lot.recycled_pct or 0.0) * cov.covered_share if lot.recycled_pct else 0.0
    d = LotDispatch(lot_id=lot.id, deal_id=facts.deal_id, quantity=qty, mass_kg=float(mass), shipped_on=shipped_on,
                    recycled_pct=round(covered_pct, 4), dql=lot.dql, created_at=clock.now(), created_by_id=actor.user_id)
    db.session.add(d)
    db.session.flush()
    lot.version += 1
    add_event(lot, actor, "dispatched", {"dispatch_id": d.id, "deal_id": d.deal_id, "quantity": qty, "mass_kg": d.mass_kg,
                                         "shipped_on": shipped_on.isoformat(), "recycled_pct": d.recycled_pct,
                                         "buyer_org_id": facts.buyer_org_id})
    from ...orgs.models import Organisation

    buyer = db.session.get(Organisation, facts.buyer_org_id)
    notify_org(buyer, "trace.dispatched",
               _l("%(supplier)s shipped lot %(lot)s under deal #%(deal)s", supplier=actor.org.display_name,
                 lot=lot.lot_number, deal=d.deal_id),
               body=_l("Record it as an input of your lots to keep the chain traceable."), url=_deal_url(d.deal_id))
    db.session.commit()
    return d


def _deal_url(deal_id: int) -> str:
    try:
        return url_for("sourcing.deal_detail", deal_id=deal_id)
    except Exception:  # noqa: BLE001 - outside a request
        return f"/sourcing/deals/{deal_id}"


def used_mass(dispatch: LotDispatch) -> float:
    return float(db.session.scalar(db.select(db.func.coalesce(db.func.sum(LotInput.mass_kg), 0.0))
                                   .where(LotInput.dispatch_id == dispatch.id, LotInput.removed_at.is_(None))) or 0.0)


def void_dispatch(actor: Actor, dispatch_id, reason) -> LotDispatch:
    d = db.session.get(LotDispatch, int(dispatch_id)) if str(dispatch_id).isdigit() else None
    if d is None:
        raise NotFound(_("Shipment not found."))
    lot = own_lot(actor, d.lot_id)
    d = lock(LotDispatch, d.id)  # never cancel a shipment the buyer is using at this moment
    if d.voided_at is not None:
        raise Conflict(_("This shipment is already cancelled."))
    if used_mass(d) > 0:
        raise Conflict(_("The buyer already used this shipment as an input; it cannot be cancelled."))
    reason = _reason(TraceDispatchCancelInput, reason)
    d.voided_at = clock.now()
    lot.version += 1
    add_event(lot, actor, "dispatch_voided", {"dispatch_id": d.id, "deal_id": d.deal_id}, reason)
    db.session.commit()
    return d


def dispatches_for_deal(actor: Actor, deal_id: int) -> list[LotDispatch]:
    """The lots shipped under a deal, for its two parties (404 otherwise)."""
    sourcing.deal_shipping(actor, deal_id)
    return list(db.session.scalars(db.select(LotDispatch).where(LotDispatch.deal_id == int(deal_id))
                                   .order_by(LotDispatch.shipped_on, LotDispatch.id)))


def available_dispatches(actor: Actor) -> list[tuple[LotDispatch, float]]:
    """(dispatch, kg still usable) of lots shipped to the actor's organisation, newest first."""
    require_producer(actor)
    from ...sourcing.models import Deal

    rows = db.session.scalars(db.select(LotDispatch).join(Deal, Deal.id == LotDispatch.deal_id)
                              .where(Deal.buyer_org_id == actor.org_id, LotDispatch.voided_at.is_(None))
                              .order_by(LotDispatch.shipped_on.desc(), LotDispatch.id.desc()).limit(200))
    out = []
    for d in rows:
        left = d.mass_kg - used_mass(d)
        if left > 1e-9:
            out.append((d, left))
    return out


# ------------------------------------------------------------------ inputs

def add_input(actor: Actor, lot_id, data: dict[str, Any], evidence=None) -> LotInput:
    """A platform input (`dispatch_id`: a lot shipped to the actor under a deal) or an outside input
    (`kind=outside`, supplier, description, mass, recycled share, evidence file)."""
    data = dict(data or {})
    outside = data.get("kind") == "outside" or (not data.get("kind") and data.get("dispatch_id") in (None, ""))
    if outside:
        values = load(TraceOutsideInput, {**data, "evidence": evidence})
    else:
        values = load(TracePlatformInput, data)
    lot = lock(Lot, own_lot(actor, lot_id).id)  # the lot's input cap holds under concurrent requests
    if lot.status != LotStatus.active:
        raise Conflict(_("A voided lot cannot get inputs."))
    if len(lot.active_inputs) >= MAX_INPUTS:
        raise Conflict(_("At most %(n)d inputs per lot.", n=MAX_INPUTS))
    if outside:
        return _add_outside_input(actor, lot, values)
    return _add_platform_input(actor, lot, values)


def _add_platform_input(actor, lot, values) -> LotInput:
    from ...sourcing.models import Deal

    # The shipment's mass is used at most once, also by inputs recorded at the same moment: its row is locked
    # while what is left is computed (app.locking).
    d = lock(LotDispatch, values["dispatch_id"])
    deal = db.session.get(Deal, d.deal_id) if d is not None else None
    if d is None or deal is None or deal.buyer_org_id != actor.org_id or d.voided_at is not None:
        _refuse("dispatch_id", _("Choose a lot shipped to your organisation under a deal."))
    if d.lot_id == lot.id:
        _refuse("dispatch_id", _("A lot cannot be its own input."))
    mass, left = values["mass_kg"], d.mass_kg - used_mass(d)
    if mass > left + 1e-9:
        _refuse("mass_kg", _("Only %(n)s kg of this shipment are left to use.", n=l10n.format_number(round(left, 3))))
    source = d.lot
    received_on = values.get("received_on") or d.received_on or clock.today()
    if received_on < d.shipped_on:
        _refuse("received_on", _("The goods cannot arrive before they were shipped."))
    if d.received_on is None:
        d.received_on = received_on
        source.version += 1
        add_event(source, actor, "received", {"dispatch_id": d.id, "deal_id": d.deal_id, "received_on": received_on.isoformat(),
                                              "buyer_org_id": actor.org_id, "mass_kg": d.mass_kg}, org_id=actor.org_id)
    main = (source.components[0]["material"] if source.components else "")
    inp = LotInput(lot_id=lot.id, kind=InputKind.platform, dispatch_id=d.id, source_lot_id=source.id, deal_id=d.deal_id,
                   supplier_name=source.organisation.display_name[:200], description=source.listing.title[:200],
                   material=main, mass_kg=float(mass), recycled_pct=d.recycled_pct or 0.0, dql=d.dql,
                   received_on=received_on, created_at=clock.now(), created_by_id=actor.user_id)
    return _save_input(actor, lot, inp)


def _add_outside_input(actor, lot, values) -> LotInput:
    stored = uploads.store_document(values["evidence"], f"trace/{lot.organisation_id}", field="evidence",
                                    max_bytes=EVIDENCE_MAX_BYTES)
    inp = LotInput(lot_id=lot.id, kind=InputKind.outside, supplier_name=values["supplier_name"],
                   description=values["description"], material=values.get("material") or "",
                   mass_kg=float(values["mass_kg"]), recycled_pct=float(values.get("recycled_pct") or 0.0),
                   dql=values.get("dql"), received_on=values["received_on"],
                   evidence_path=stored.path, evidence_mime=stored.mime, evidence_name=stored.original_name,
                   evidence_size=stored.size, created_at=clock.now(), created_by_id=actor.user_id)
    try:
        return _save_input(actor, lot, inp)
    except Exception:
        db.session.rollback()
        try:
            uploads.absolute_path(stored.path).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - best effort clean-up
            pass
        raise


def _save_input(actor: Actor, lot: Lot, inp: LotInput) -> LotInput:
    lot.inputs.append(inp)
    db.session.flush()
    lot.version += 1
    add_event(lot, actor, "input_added", _input_data(inp))
    audit(actor.user_id, "trace.input_added", "trace_lot", lot.id, {"input_id": inp.id, "kind": inp.kind.value,
                                                                    "mass_kg": inp.mass_kg}, lot.organisation_id)
    integrity.refresh_listing(lot.listing_id)
    db.session.commit()
    return inp


def _input_data(inp: LotInput) -> dict[str, Any]:
    return {"input_id": inp.id, "kind": inp.kind.value, "dispatch_id": inp.dispatch_id, "source_lot_id": inp.source_lot_id,
            "deal_id": inp.deal_id, "supplier_name": inp.supplier_name, "description": inp.description,
            "material": inp.material, "mass_kg": inp.mass_kg, "recycled_pct": inp.recycled_pct, "dql": inp.dql,
            "received_on": inp.received_on.isoformat(), "evidence": bool(inp.evidence_path)}


def remove_input(actor: Actor, lot_id, input_id, reason) -> LotInput:
    lot = own_lot(actor, lot_id)
    inp = next((i for i in lot.inputs if str(i.id) == str(input_id)), None)
    if inp is None:
        raise NotFound(_("Input not found."))
    if inp.removed_at is not None:
        raise Conflict(_("This input is already removed."))
    reason = _reason(TraceInputRemovalInput, reason)
    inp.removed_at = clock.now()
    lot.version += 1
    add_event(lot, actor, "input_removed", {"input_id": inp.id}, reason)
    audit(actor.user_id, "trace.input_removed", "trace_lot", lot.id, {"input_id": inp.id, "reason": reason},
          lot.organisation_id)
    integrity.refresh_listing(lot.listing_id)
    db.session.commit()
    return inp


def input_evidence(actor: Actor, input_id):
    """(path, mime, name) of an outside input's evidence: the lot's organisation and verifiers only."""
    require_user(actor)
    inp = db.session.get(LotInput, int(input_id)) if str(input_id).isdigit() else None
    if inp is None or not inp.evidence_path or not (actor.org_id == inp.lot.organisation_id or actor.is_verifier):
        raise NotFound(_("Evidence not found."))
    return uploads.absolute_path(inp.evidence_path), inp.evidence_mime, inp.evidence_name or "evidence"


# ------------------------------------------------------------------ replay

def replay(lot: Lot) -> dict[str, Any]:
    """The lot's state rebuilt from its events alone: the correctable fields, status and active inputs."""
    state: dict[str, Any] = {}
    inputs: dict[int, dict] = {}
    status = "active"
    for ev in events_of(lot):
        if ev.kind == "recorded":
            state = {f: ev.data.get(f) for f in CORRECTABLE}
        elif ev.kind == "corrected":
            for f, (_old, new) in ev.data.items():
                state[f] = new
        elif ev.kind == "input_added":
            inputs[ev.data["input_id"]] = ev.data
        elif ev.kind == "input_removed":
            inputs.pop(ev.data["input_id"], None)
        elif ev.kind == "voided":
            status = "voided"
    return {"fields": state, "status": status, "inputs": sorted(inputs)}


def current_state(lot: Lot) -> dict[str, Any]:
    """The same shape as `replay`, read from the current rows (tests compare the two)."""
    return {"fields": {f: _jsonable(getattr(lot, f)) for f in CORRECTABLE}, "status": lot.status.value,
            "inputs": sorted(i.id for i in lot.active_inputs)}


def get_lot_for_owner(actor: Actor, lot_id) -> Lot:
    return own_lot(actor, lot_id)


__all__ = ["get_lot"]
