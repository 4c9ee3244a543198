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

from ... import clock, uploads
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...locking import lock
from ...notifications.services import audit, notify_org
from ...pagination import paginate
from ...permissions import Actor, require_user
from ...sourcing import services as sourcing
from .. import digital_link
from ..models import InputKind, Lot, LotDispatch, LotEvent, LotInput, LotStatus
from . import integrity, profiles
from ._common import MAX_QTY, add_event, date, get_lot, number, own_lot, require_producer, text, unit_mass_kg, writable_listing

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
CORRECTABLE = ("production_date", "expiry_date", "quantity", "recycled_pct", "yield_pct", "dql", "note")
MAX_INPUTS = 50


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


# ------------------------------------------------------------------ validation

def _clean_lot_fields(data: dict[str, Any], *, partial: bool, current: Lot | None = None) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    def wanted(f):
        return f in data or not partial

    today = clock.today()
    if wanted("production_date"):
        try:
            d = date(data.get("production_date"))
            if d is None:
                raise ValueError
            if d > today:
                err("production_date", _("The production date cannot be in the future."))
            elif d < dt.date(2000, 1, 1):
                err("production_date", _("Enter a production date after 2000."))
            out["production_date"] = d
        except (TypeError, ValueError):
            err("production_date", _("Enter a date (YYYY-MM-DD)."))
    if "expiry_date" in data:
        try:
            out["expiry_date"] = date(data.get("expiry_date"))
        except (TypeError, ValueError):
            err("expiry_date", _("Enter a date (YYYY-MM-DD)."))
    produced = out.get("production_date", current.production_date if current else None)
    expiry = out.get("expiry_date", current.expiry_date if current else None)
    if produced and expiry and expiry < produced and "expiry_date" not in errors:
        err("expiry_date", _("The expiry date must not be before the production date."))
    if wanted("quantity"):
        try:
            n = number(data.get("quantity"))
            if n is None or not 0 < n <= MAX_QTY:
                raise ValueError
            out["quantity"] = float(n)
        except (TypeError, ValueError):
            err("quantity", _("Enter a quantity greater than 0."))
    if "recycled_pct" in data:
        try:
            n = number(data.get("recycled_pct"))
            if n is not None and not 0 <= n <= 100:
                raise ValueError
            out["recycled_pct"] = None if n is None else float(n)
        except (TypeError, ValueError):
            err("recycled_pct", _("Enter a percentage from 0 to 100."))
    if "yield_pct" in data and data.get("yield_pct") not in (None, ""):
        try:
            n = number(data.get("yield_pct"))
            if n is None or not 0 < n <= 100:
                raise ValueError
            out["yield_pct"] = float(n)
        except (TypeError, ValueError):
            err("yield_pct", _("Enter a yield above 0 and at most 100 %."))
    if "dql" in data:
        try:
            n = number(data.get("dql"), integer=True)
            if n is not None and n not in profiles.DQL_LABELS:
                raise ValueError
            out["dql"] = n
        except (TypeError, ValueError):
            err("dql", _("Choose a data quality level from 1 to 4."))
    if "note" in data:
        v = str(data.get("note") or "").strip()
        if len(v) > 500:
            err("note", _("At most %(n)d characters.", n=500))
        out["note"] = v
    return out, errors


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
    listing = writable_listing(actor, listing_id)
    fields, errors = _clean_lot_fields(data, partial=False)
    number_ = str(data.get("lot_number") or "").strip()
    if not number_:
        errors.setdefault("lot_number", []).append(_("Enter the lot number."))
    elif not digital_link.valid_lot(number_):
        errors.setdefault("lot_number", []).append(
            _("Use 1–20 letters (without accents), digits or !\"%&'()*+,-./:;<=>?_ — no spaces."))
    gtin = None
    if listing.gtin:
        try:
            gtin = digital_link.gtin14(listing.gtin)
        except digital_link.DigitalLinkError:
            gtin = None
    if number_ and "lot_number" not in errors:
        if db.session.scalar(db.select(Lot.id).where(Lot.listing_id == listing.id, Lot.lot_number == number_)):
            errors.setdefault("lot_number", []).append(_("This lot number is already recorded for this product."))
        elif gtin and find_by_gtin_lot(gtin, number_) is not None:
            errors.setdefault("lot_number", []).append(
                _("Another product with the same GTIN already has this lot number: check the GTIN of the listing."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    profile = profiles.profile_for(listing.id)
    components = list(profile.components) if profile else []
    lot = Lot(listing_id=listing.id, organisation_id=listing.organisation_id, lot_number=number_, gtin=gtin,
              production_date=fields["production_date"], expiry_date=fields.get("expiry_date"),
              quantity=fields["quantity"], unit=listing.unit, unit_mass_kg=unit_mass_kg(listing, components),
              components=components,
              recycled_pct=fields["recycled_pct"] if "recycled_pct" in fields else (
                  float(listing.recycled_pct) if listing.recycled_pct is not None else None),
              yield_pct=fields.get("yield_pct", profile.default_yield_pct if profile else 100.0),
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


def correct_lot(actor: Actor, lot_id, data: dict[str, Any], reason: str) -> Lot:
    lot = own_lot(actor, lot_id)
    if lot.status != LotStatus.active:
        raise Conflict(_("A voided lot cannot be corrected."))
    reason = (reason or "").strip()
    editable = {k: v for k, v in data.items() if k in CORRECTABLE}
    fields, errors = _clean_lot_fields(editable, partial=True, current=lot)
    if len(reason) < 5:
        errors.setdefault("reason", []).append(_("Say why the lot is corrected (at least 5 characters)."))
    if not editable and "reason" not in errors:
        errors.setdefault("_", []).append(_("Nothing to correct."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    changes = {}
    for k, v in fields.items():
        old = getattr(lot, k)
        if old != v:
            changes[k] = [_jsonable(old), _jsonable(v)]
            setattr(lot, k, v)
    if not changes:
        raise ValidationFailed(_("These are already the lot's values."), {"_": [_("Nothing changed.")]})
    lot.version += 1
    add_event(lot, actor, "corrected", changes, reason)
    audit(actor.user_id, "trace.lot_corrected", "trace_lot", lot.id, changes | {"reason": reason}, lot.organisation_id)
    integrity.refresh_listing(lot.listing_id)
    db.session.commit()
    return lot


def void_lot(actor: Actor, lot_id, reason: str) -> Lot:
    lot = own_lot(actor, lot_id)
    if lot.status != LotStatus.active:
        raise Conflict(_("This lot is already voided."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"reason": [_("Say why the lot is voided (at least 5 characters).")]})
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
    errors: dict[str, list[str]] = {}
    facts = None
    try:
        facts = sourcing.deal_shipping(actor, data.get("deal_id"))
    except NotFound:
        errors["deal_id"] = [_("Unknown deal.")]
    if facts is not None and facts.supplier_org_id != actor.org_id:
        errors["deal_id"] = [_("Only the supplier of a deal ships lots under it.")]
    try:
        qty = number(data.get("quantity"))
        if qty is None or not 0 < qty <= MAX_QTY:
            raise ValueError
    except (TypeError, ValueError):
        qty = None
        errors["quantity"] = [_("Enter a quantity greater than 0.")]
    if qty is not None and qty > lot.quantity - shipped_quantity(lot) + 1e-9:
        errors["quantity"] = [_("Only %(n)s %(unit)s of this lot are left to ship.",
                                n=f"{lot.quantity - shipped_quantity(lot):g}", unit=lot.unit)]
    try:
        shipped_on = date(data.get("shipped_on")) or clock.today()
        if shipped_on < lot.production_date or shipped_on > clock.today():
            errors["shipped_on"] = [_("The shipping date must be between the production date and today.")]
    except (TypeError, ValueError):
        shipped_on = None
        errors["shipped_on"] = [_("Enter a date (YYYY-MM-DD).")]
    mass = None
    if qty is not None:
        if lot.unit_mass_kg is not None:
            mass = qty * lot.unit_mass_kg
        else:
            try:
                mass = number(data.get("mass_kg"))
                if mass is None or not 0 < mass <= MAX_QTY:
                    raise ValueError
            except (TypeError, ValueError):
                errors["mass_kg"] = [_("The mass of one unit is not known: enter the mass shipped in kg.")]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
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


def void_dispatch(actor: Actor, dispatch_id, reason: str) -> LotDispatch:
    d = db.session.get(LotDispatch, int(dispatch_id)) if str(dispatch_id).isdigit() else None
    if d is None:
        raise NotFound(_("Shipment not found."))
    lot = own_lot(actor, d.lot_id)
    d = lock(LotDispatch, d.id)  # never cancel a shipment the buyer is using at this moment
    if d.voided_at is not None:
        raise Conflict(_("This shipment is already cancelled."))
    if used_mass(d) > 0:
        raise Conflict(_("The buyer already used this shipment as an input; it cannot be cancelled."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"reason": [_("Say why the shipment is cancelled (at least 5 characters).")]})
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
    lot = lock(Lot, own_lot(actor, lot_id).id)  # the lot's input cap holds under concurrent requests
    if lot.status != LotStatus.active:
        raise Conflict(_("A voided lot cannot get inputs."))
    if len(lot.active_inputs) >= MAX_INPUTS:
        raise Conflict(_("At most %(n)d inputs per lot.", n=MAX_INPUTS))
    kind = str(data.get("kind") or ("platform" if data.get("dispatch_id") not in (None, "") else "outside"))
    if kind not in InputKind.__members__:
        raise ValidationFailed(_("Please correct the highlighted fields."), {"kind": [_("Choose a platform or an outside input.")]})
    errors: dict[str, list[str]] = {}
    try:
        mass = number(data.get("mass_kg"))
        if mass is None or not 0 < mass <= MAX_QTY:
            raise ValueError
    except (TypeError, ValueError):
        mass = None
        errors["mass_kg"] = [_("Enter the mass used in kg, greater than 0.")]
    try:
        received_on = date(data.get("received_on"))
    except (TypeError, ValueError):
        received_on = None
        errors["received_on"] = [_("Enter a date (YYYY-MM-DD).")]
    if received_on is not None and received_on > clock.today():
        errors["received_on"] = [_("The receiving date cannot be in the future.")]
    if kind == InputKind.platform.value:
        return _add_platform_input(actor, lot, data, mass, received_on, errors)
    return _add_outside_input(actor, lot, data, mass, received_on, errors, evidence)


def _add_platform_input(actor, lot, data, mass, received_on, errors) -> LotInput:
    from ...sourcing.models import Deal

    d = None
    raw = data.get("dispatch_id")
    if str(raw or "").isdigit():
        # The shipment's mass is used at most once, also by inputs recorded at the same moment: its row is
        # locked while what is left is computed (app.locking).
        d = lock(LotDispatch, int(raw))
    deal = db.session.get(Deal, d.deal_id) if d is not None else None
    if d is None or deal is None or deal.buyer_org_id != actor.org_id or d.voided_at is not None:
        errors["dispatch_id"] = [_("Choose a lot shipped to your organisation under a deal.")]
    elif d.lot_id == lot.id:
        errors["dispatch_id"] = [_("A lot cannot be its own input.")]
    elif mass is not None and mass > d.mass_kg - used_mass(d) + 1e-9:
        errors["mass_kg"] = [_("Only %(n)s kg of this shipment are left to use.", n=f"{d.mass_kg - used_mass(d):g}")]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    source = d.lot
    received_on = received_on or d.received_on or clock.today()
    if received_on < d.shipped_on:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"received_on": [_("The goods cannot arrive before they were shipped.")]})
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


def _add_outside_input(actor, lot, data, mass, received_on, errors, evidence) -> LotInput:
    supplier = str(data.get("supplier_name") or "").strip()
    description = str(data.get("description") or "").strip()
    if not supplier:
        errors["supplier_name"] = [_("Name the supplier.")]
    elif len(supplier) > 200:
        errors["supplier_name"] = [_("At most %(n)d characters.", n=200)]
    if not description:
        errors["description"] = [_("Describe the input (what it is).")]
    elif len(description) > 200:
        errors["description"] = [_("At most %(n)d characters.", n=200)]
    material = str(data.get("material") or "").strip()
    from ..footprint import table

    if material and material not in table().materials and material != "other":
        errors["material"] = [_("Choose a material from the list.")]
    try:
        recycled = number(data.get("recycled_pct")) or 0.0
        if not 0 <= recycled <= 100:
            raise ValueError
    except (TypeError, ValueError):
        recycled = 0.0
        errors["recycled_pct"] = [_("Enter a percentage from 0 to 100.")]
    try:
        dql = number(data.get("dql"), integer=True)
        if dql is not None and dql not in profiles.DQL_LABELS:
            raise ValueError
    except (TypeError, ValueError):
        dql = None
        errors["dql"] = [_("Choose a data quality level from 1 to 4.")]
    if received_on is None and "received_on" not in errors:
        errors["received_on"] = [_("Enter a date (YYYY-MM-DD).")]
    if evidence is None or not getattr(evidence, "filename", ""):
        errors["evidence"] = [_("Attach the evidence (delivery note, invoice or certificate) as PDF, JPEG or PNG.")]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    stored = uploads.store_document(evidence, f"trace/{lot.organisation_id}", field="evidence", max_bytes=EVIDENCE_MAX_BYTES)
    inp = LotInput(lot_id=lot.id, kind=InputKind.outside, supplier_name=supplier, description=description,
                   material=material, mass_kg=float(mass), recycled_pct=float(recycled), dql=dql, received_on=received_on,
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


def remove_input(actor: Actor, lot_id, input_id, reason: str) -> LotInput:
    lot = own_lot(actor, lot_id)
    inp = next((i for i in lot.inputs if str(i.id) == str(input_id)), None)
    if inp is None:
        raise NotFound(_("Input not found."))
    if inp.removed_at is not None:
        raise Conflict(_("This input is already removed."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"reason": [_("Say why the input is removed (at least 5 characters).")]})
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
