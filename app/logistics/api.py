"""/api/v1/logistics: provider search and profile, shipment CO2e estimator, routes and transport quotes."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..api import BEARER, PageArgsSchema, auth_optional, auth_required, document_errors, input_body, page_body
from ..errors import NotFound
from . import factors, provider_search, services, shipments
from .schemas import (DealRouteInput, DealTransportSchema, EstimateInput, FleetEntrySchema, NoteInput, ProfileInput,
                      ProviderSchema, ProviderSearchArgsSchema, ProviderSearchBodySchema, QuoteAnswerInput,
                      QuoteRequestInput, RouteInput, ShipmentEstimateSchema, TransportQuoteListArgsSchema,
                      TransportQuoteListSchema, TransportQuoteSchema, TransportRouteDetailSchema, TransportRouteSchema,
                      VerifyInput)

blp = Blueprint("api_logistics", __name__, url_prefix="/api/v1/logistics", description="Green logistics")


@blp.route("/estimate", methods=["POST"])
@input_body(blp, EstimateInput, example={"weight_kg": 10000, "origin": "01", "destination": "79"})
@blp.response(200, ShipmentEstimateSchema)
@document_errors(blp, 422)
@auth_optional
def estimate(actor, body):
    """Shipment CO2e per vehicle class: distance (great-circle between the provinces' seats × the mode's
    circuity factor) and well-to-wheel kg CO2e from the versioned default factors, with each factor's
    source. Classes with no default factor have `co2e_kg: null` and a `note`. Same origin and destination:
    a fixed 30 km local delivery, road classes only."""
    return factors.estimate_shipment(body).as_dict()


@blp.route("/providers", methods=["GET"])
@blp.arguments(ProviderSearchArgsSchema, location="query")
@blp.response(200, ProviderSearchBodySchema)
@document_errors(blp, 422, 503)
@auth_optional
def search_providers(actor, args):
    """Search published logistics providers; facets: mode, province (served), certification, cold_chain."""
    page = provider_search.search_providers(args)
    return {"items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page,
            "pages": page.pages, "facets": page.facets, "degraded": bool(page.degraded)}


@blp.route("/providers/<int:org_id>", methods=["GET"])
@blp.response(200, ProviderSchema)
@document_errors(blp, 404)
@auth_optional
def get_provider(actor, org_id):
    """A provider's green profile and fleet (intensity_status: verified, declared or default)."""
    return services.provider_item(services.get_provider(actor, org_id))


@blp.route("/profile", methods=["PUT"])
@input_body(blp, ProfileInput)
@blp.response(200, ProviderSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def save_profile(actor, body):
    """Create or update your logistics organisation's profile and fleet (owner only). `fleet` replaces
    the whole fleet; a changed declared intensity must be verified again."""
    return services.provider_item(services.save_profile(actor, body))


@blp.route("/fleet/<int:entry_id>/verify", methods=["POST"])
@input_body(blp, VerifyInput)
@blp.response(200, FleetEntrySchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def verify(actor, body, entry_id):
    """Confirm a provider's declared emission intensity (verifiers only); it then replaces the default."""
    entry = services.verify_intensity(actor, entry_id, body)
    return next(f for f in services.provider_item(entry.profile)["fleet"] if f["vehicle_class"] == entry.vehicle_class)


@blp.route("/routes", methods=["GET"])
@blp.arguments(PageArgsSchema, location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 422)
@auth_required
def list_routes(actor, args):
    """Your organisation's shipments."""
    return page_body(shipments.list_routes(actor, args["page"], args["per_page"]), TransportRouteSchema())


@blp.route("/routes", methods=["POST"])
@input_body(blp, RouteInput)
@blp.response(201, TransportRouteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_route(actor, body):
    """Create a shipment (producers and buyers of approved organisations)."""
    return shipments.create_route(actor, body)


@blp.route("/routes/<int:route_id>", methods=["GET"])
@blp.response(200, TransportRouteDetailSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_route(actor, route_id):
    """A shipment with its mode comparison, matching providers (for the shipper) and quotes."""
    route = shipments.get_route(actor, route_id)
    route.estimate = shipments.route_estimate(route).as_dict()
    route.matches = []
    if actor.org_id == route.organisation_id:
        route.matches = [{
            "provider_id": m.organisation.id, "name": m.organisation.display_name, "vehicle_class": m.vehicle_class,
            "co2e_kg": m.co2e_kg, "factor_basis": m.factor_basis, "certifications": m.certifications,
            "capacity_tonnes_month": m.capacity_tonnes_month,
        } for m in services.match_providers(route.weight_kg, route.origin, route.destination,
                                            cold_chain=route.cold_chain)]
    else:  # a provider sees its own quote only
        route.visible_quotes = [q for q in route.quotes if q.provider_id == actor.org_id]
    return route


@blp.route("/routes/<int:route_id>/quotes", methods=["POST"])
@input_body(blp, QuoteRequestInput)
@blp.response(201, TransportQuoteListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def request_quotes(actor, body, route_id):
    """Ask providers for a transport quote on your shipment."""
    return {"items": shipments.request_quotes(actor, route_id, body)}


@blp.route("/quotes", methods=["GET"])
@blp.arguments(TransportQuoteListArgsSchema, location="query")
@blp.response(200, TransportQuoteListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 422)
@auth_required
def incoming_quotes(actor, args):
    """Quote requests addressed to your (provider) organisation."""
    return {"items": shipments.list_incoming(actor, args.get("status"))}


@blp.route("/quotes/<int:quote_id>/answer", methods=["POST"])
@input_body(blp, QuoteAnswerInput)
@blp.response(200, TransportQuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def answer_quote(actor, body, quote_id):
    """Answer a request: vehicle class, price (₫), transit days and the CO2e (kg) you commit to."""
    return shipments.answer_quote(actor, quote_id, body)


@blp.route("/quotes/<int:quote_id>/decline", methods=["POST"])
@input_body(blp, NoteInput)
@blp.response(200, TransportQuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def decline_quote(actor, body, quote_id):
    """Decline a request (provider)."""
    return shipments.decline_quote(actor, quote_id, body)


@blp.route("/quotes/<int:quote_id>/accept", methods=["POST"])
@blp.response(200, TransportQuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def accept_quote(actor, quote_id):
    """Accept an answered quote (shipper); other open quotes on the shipment are closed."""
    return shipments.accept_quote(actor, quote_id)


@blp.route("/deals/<int:deal_id>/route", methods=["POST"])
@input_body(blp, DealRouteInput)
@blp.response(201, TransportRouteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def create_deal_route(actor, body, deal_id):
    """Arrange the transport of a deal (its buyer or supplier): a shipment from the listing's (else the
    supplier's) province to the request's delivery province, weight from the deal's quantity and unit
    (`weight_kg` only when that is unknown). Idempotent for the party already arranging it; 409 for the
    other party; 404 for anyone else."""
    return shipments.create_route_for_deal(actor, deal_id, body)


@blp.route("/deals/<int:deal_id>/transport", methods=["GET"])
@blp.response(200, DealTransportSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def deal_transport(actor, deal_id):
    """The deal's transport (parties only): accepted provider, price, transit time, CO2e committed and
    estimated; 404 when none is arranged."""
    summary = shipments.transport_for_deal(deal_id, actor)
    if summary is None:
        raise NotFound(_("No transport is arranged for this deal."))
    return summary
