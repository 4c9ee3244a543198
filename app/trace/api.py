"""/api/v1/trace: lots, inputs, dispatches, listing trace profiles, declared footprints, verifier checks,
JSON-LD, QR codes and EPCIS 2.0 — thin twins of the pages over the same service calls."""
from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, json_body, page_body
from ..mail import public_base
from . import footprint, qr
from .schemas import (ListingTraceSchema, LotListArgsSchema, LotListSchema, LotSchema, TraceAvailableDispatchSchema,
                      TraceCorrectionInput, TraceDeclarationInput, TraceDeclarationReviewInput, TraceDeclarationSchema,
                      TraceDispatchCancelInput, TraceDispatchInput, TraceDispatchSchema, TraceEpcisInput,
                      TraceEventSchema, TraceFlagListArgsSchema, TraceFlagListSchema, TraceFlagReviewInput,
                      TraceFlagSchema, TraceInputRemovalInput, TraceInputSchema, TraceLotCreateInput, TraceOutsideInput,
                      TracePeriodInput, TracePeriodSchema, TracePlatformInput, TraceProfileInput, TraceQrArgsSchema,
                      TraceVoidInput)
from .services import epcis, footprints, integrity, lots, profiles, public

blp = Blueprint("api_trace", __name__, url_prefix="/api/v1/trace", description="Traceability: lots, inputs, "
                "GS1 Digital Link, recycled-content integrity, footprints, EPCIS 2.0")

JSONLD = "application/ld+json"


def _base() -> str:
    return public_base() + "/"


def _lot_out(lot):
    cov = integrity.coverage(lot)
    fp = footprints.lot_footprint(lot, cov)
    lot.uri = lots.lot_uri(lot, _base())
    lot.coverage = {"status": cov.status, "model": cov.model, "required_kg": round(cov.required_kg, 6),
                    "available_kg": round(cov.available_kg, 6), "shortfall_kg": round(cov.shortfall_kg, 6),
                    "covered_share": round(cov.covered_share, 6)}
    lot.recycled_badge = integrity.badge(lot, cov)
    lot.footprint_kg_per_unit = fp.per_unit_kg
    lot.footprint_basis = "declared" if fp.declared else "estimate"
    return lot


# ------------------------------------------------------------------ lots

@blp.route("/lots", methods=["GET"])
@blp.arguments(LotListArgsSchema, location="query")
@blp.response(200, LotListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def list_lots(actor, args):
    """Your organisation's lots, newest production first."""
    page = lots.list_lots(actor, listing_id=args.get("listing_id"), status=args.get("status"),
                          page=args.get("page", 1), per_page=args.get("per_page", 20))
    for lot in page.items:
        _lot_out(lot)
    return page_body(page, LotSchema())


@blp.route("/lots", methods=["POST"])
@input_body(blp, TraceLotCreateInput)
@blp.response(201, LotSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def create_lot(actor, body):
    """Record a lot of one of your listings (GTIN, unit and composition are taken from the listing)."""
    data = dict(body)
    listing_id = data.pop("listing_id", None)
    return _lot_out(lots.record_lot(actor, listing_id, data))


@blp.route("/lots/<int:lot_id>", methods=["GET"])
@blp.response(200, LotSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_lot(actor, lot_id):
    """One of your lots with its inputs, recycled-content coverage and footprint."""
    return _lot_out(lots.get_lot_for_owner(actor, lot_id))


@blp.route("/lots/<int:lot_id>/corrections", methods=["POST"])
@input_body(blp, TraceCorrectionInput)
@blp.response(200, LotSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def correct_lot(actor, body, lot_id):
    """Correct dates, quantity, recycled claim, yield, DQL or note (a new event with the reason)."""
    return _lot_out(lots.correct_lot(actor, lot_id, body))


@blp.route("/lots/<int:lot_id>/void", methods=["POST"])
@input_body(blp, TraceVoidInput)
@blp.response(200, LotSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def void_lot(actor, body, lot_id):
    """Void a lot (its code keeps resolving and says so)."""
    return _lot_out(lots.void_lot(actor, lot_id, body))


@blp.route("/lots/<int:lot_id>/events", methods=["GET"])
@blp.response(200, TraceEventSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def lot_events(actor, lot_id):
    """The lot's append-only history."""
    return lots.events_of(lots.get_lot_for_owner(actor, lot_id))


@blp.route("/lots/<int:lot_id>/inputs", methods=["POST"])
@blp.response(201, TraceInputSchema)
@blp.doc(security=BEARER, requestBody={"required": True, "content": {
    "application/json": {"schema": TracePlatformInput},  # the classes: apispec registers the components
    "multipart/form-data": {"schema": TraceOutsideInput}}})
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def add_input(actor, lot_id):
    """Add an input: JSON `{dispatch_id, mass_kg}` for a lot shipped to you under a deal, or multipart with
    `kind=outside`, supplier, description, mass, recycled share and the `evidence` file."""
    if request.mimetype == "multipart/form-data":
        return lots.add_input(actor, lot_id, request.form.to_dict(), request.files.get("evidence"))
    return lots.add_input(actor, lot_id, json_body())


@blp.route("/lots/<int:lot_id>/inputs/<int:input_id>/remove", methods=["POST"])
@input_body(blp, TraceInputRemovalInput)
@blp.response(200, TraceInputSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def remove_input(actor, body, lot_id, input_id):
    """Remove an input (a new event; the input stays in the history)."""
    return lots.remove_input(actor, lot_id, input_id, body)


@blp.route("/lots/<int:lot_id>/dispatches", methods=["POST"])
@input_body(blp, TraceDispatchInput)
@blp.response(201, TraceDispatchSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def dispatch_lot(actor, body, lot_id):
    """Ship (part of) a lot under a deal your organisation supplies; the buyer can then use it as an input."""
    return lots.dispatch_lot(actor, lot_id, body)


@blp.route("/dispatches/<int:dispatch_id>/void", methods=["POST"])
@input_body(blp, TraceDispatchCancelInput)
@blp.response(200, TraceDispatchSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def void_dispatch(actor, body, dispatch_id):
    """Cancel a shipment the buyer has not used yet."""
    return lots.void_dispatch(actor, dispatch_id, body)


@blp.route("/dispatches/available", methods=["GET"])
@blp.response(200, TraceAvailableDispatchSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403)
@auth_required
def available_dispatches(actor):
    """Lots shipped to your organisation under deals, with the mass still usable as input."""
    out = []
    for d, left in lots.available_dispatches(actor):
        d.kg_left, d.supplier, d.lot_number = left, d.lot.organisation.display_name, d.lot.lot_number
        out.append(d)
    return out


# ------------------------------------------------------------------ public: JSON-LD, QR, EPCIS

@blp.route("/lots/<int:lot_id>/jsonld", methods=["GET"])
@document_errors(blp, 404)
@auth_optional
def lot_jsonld(actor, lot_id):
    """The lot described with schema.org (JSON-LD): what the resolver gives machines."""
    import json

    lot = public.lot_for_view(actor, lot_id)
    return Response(json.dumps(public.jsonld(actor, lot, _base()), ensure_ascii=False), mimetype=JSONLD)


@blp.route("/lots/<int:lot_id>/qr.png", methods=["GET"])
@blp.arguments(TraceQrArgsSchema, location="query")
@document_errors(blp, 404, 422)
@auth_optional
def lot_qr_png(actor, args, lot_id):
    """The lot's QR code as PNG (300 dpi; size s = 20 mm, m = 30 mm, l = 50 mm)."""
    lot = public.lot_for_view(actor, lot_id)
    return Response(qr.png(lots.lot_uri(lot, _base()), args["size"]), mimetype="image/png")


@blp.route("/lots/<int:lot_id>/qr.svg", methods=["GET"])
@blp.arguments(TraceQrArgsSchema, location="query")
@document_errors(blp, 404, 422)
@auth_optional
def lot_qr_svg(actor, args, lot_id):
    """The lot's QR code as SVG in millimetres (for print)."""
    lot = public.lot_for_view(actor, lot_id)
    return Response(qr.svg(lots.lot_uri(lot, _base()), args["size"]), mimetype="image/svg+xml")


@blp.route("/lots/<int:lot_id>/epcis", methods=["GET"])
@document_errors(blp, 404)
@auth_optional
def lot_epcis(actor, lot_id):
    """The lot's events as an EPCIS 2.0 JSON-LD document (its shipments to customers only for its owner)."""
    import json

    lot = public.lot_for_view(actor, lot_id)
    return Response(json.dumps(epcis.lot_document(actor, lot, _base()), ensure_ascii=False), mimetype=JSONLD)


@blp.route("/epcis", methods=["GET"])
@blp.arguments(TraceEpcisInput, location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def org_epcis(actor, args):
    """Your organisation's events with a business date in [from, to] (at most 366 days) as EPCIS 2.0."""
    import json

    records = epcis.organisation_records(actor, args["start"], args["end"], _base())
    return Response(json.dumps(epcis.to_document(records, _base()), ensure_ascii=False), mimetype=JSONLD)


# ------------------------------------------------------------------ listing trace profiles

def _listing_out(listing):
    p = profiles.profile_for(listing.id)
    fp = footprints.listing_footprint(listing)
    t = footprint.table()
    used = {}
    for c in fp.estimate.components:
        for which, f in c.factors:
            used[(c.material, which)] = {"material": c.material, "which": which, "kg_co2e_per_tonne": f.value,
                                         "citation": t.citation(f)}
    return {"listing_id": listing.id, "components": list(p.components) if p else [], "dql": p.dql if p else None,
            "balance_model": p.balance_model.value if p else "lot",
            "default_yield_pct": p.default_yield_pct if p else 100.0,
            "periods": profiles.periods_of(listing.id), "footprint_kg_per_unit": fp.per_unit_kg,
            "footprint_basis": "declared" if fp.declared else "estimate", "footprint_gaps": list(fp.estimate.gaps),
            "factors": list(used.values())}


@blp.route("/listings/<int:listing_id>", methods=["GET"])
@blp.response(200, ListingTraceSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_profile(actor, listing_id):
    """Your listing's trace profile, periods and footprint with the factors used and their citations."""
    from .services._common import own_listing

    return _listing_out(own_listing(actor, listing_id))


@blp.route("/listings/<int:listing_id>", methods=["PUT"])
@input_body(blp, TraceProfileInput)
@blp.response(200, ListingTraceSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def save_profile(actor, body, listing_id):
    """Set the composition per unit, DIN SPEC 91446 level, mass-balance model and default yield."""
    from .services._common import own_listing

    profiles.save_profile(actor, listing_id, body)
    return _listing_out(own_listing(actor, listing_id))


@blp.route("/listings/<int:listing_id>/periods", methods=["POST"])
@input_body(blp, TracePeriodInput)
@blp.response(201, TracePeriodSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def add_period(actor, body, listing_id):
    """Declare a mass-balance period (the per-period model uses it)."""
    return profiles.add_period(actor, listing_id, body)


@blp.route("/listings/<int:listing_id>/declarations", methods=["POST"])
@input_body(blp, TraceDeclarationInput)
@blp.response(201, TraceDeclarationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def declare(actor, body, listing_id):
    """Declare the footprint of an ISO 14067 study against one of your carbon claims (verifiers confirm it)."""
    return footprints.declare_footprint(actor, listing_id, body)


# ------------------------------------------------------------------ verifiers

@blp.route("/flags", methods=["GET"])
@blp.arguments(TraceFlagListArgsSchema, location="query")
@blp.response(200, TraceFlagListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def list_flags(actor, args):
    """Lots whose recycled-content claim is not covered (verifiers)."""
    page = integrity.flags_queue(actor, status=args.get("status", "open"), page=args.get("page", 1),
                                 per_page=args.get("per_page", 20))
    return page_body(page, TraceFlagSchema())


@blp.route("/flags/<int:flag_id>/review", methods=["POST"])
@input_body(blp, TraceFlagReviewInput)
@blp.response(200, TraceFlagSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def review_flag(actor, body, flag_id):
    """Note what you checked or asked about a shortfall (verifiers)."""
    return integrity.review_flag(actor, flag_id, body)


@blp.route("/declarations/<int:declaration_id>/review", methods=["POST"])
@input_body(blp, TraceDeclarationReviewInput)
@blp.response(200, TraceDeclarationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def review_declaration(actor, body, declaration_id):
    """Confirm or reject a declared footprint (verifiers)."""
    return footprints.review_declaration(actor, declaration_id, body)
