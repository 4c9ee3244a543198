"""Shipper routes and transport quotes: request quotes from providers, providers answer with price,
transit time and committed CO2e, the shipper accepts one.

Deals: a party (buyer or supplier) of a sourcing deal arranges its transport with
`create_route_for_deal` (origin, destination and weight come from the deal); the route carries the
`deal_id`, the other party sees it read-only, and the deal page shows the accepted transport
(`transport_for_deal`). Party checks go through `app.sourcing.services` (`is_deal_party`,
`deal_shipping`): logistics depends on sourcing, sourcing never imports logistics (it exposes
extension points in `app.sourcing.extensions`, wired in `app.logistics.deals`)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..locking import commit_or_conflict, lock
from ..pagination import paginate
from ..notifications.services import audit, notify_org
from ..orgs.models import Organisation, OrgKind
from ..permissions import Actor, require_can_publish, require_member_of, require_org_kind, require_user
from . import factors
from .models import QuoteStatus, TransportQuote, TransportRoute
from ..sourcing import services as sourcing
from ..validation import load
from .schemas import DealRouteInput, NoteInput, QuoteAnswerInput, QuoteRequestInput, RouteInput
from .services import is_public, profile_for_org, verified_intensities

SHIPPER_KINDS = (OrgKind.producer.value, OrgKind.buyer.value)


def create_route(actor: Actor, data: dict[str, Any]) -> TransportRoute:
    require_org_kind(actor, *SHIPPER_KINDS)
    require_can_publish(actor)
    values = load(RouteInput, data)
    origin, destination, weight = values["origin"], values["destination"], float(values["weight_kg"])
    deal_id = values.get("deal_id")
    if deal_id is not None:
        if not sourcing.is_deal_party(actor, deal_id):  # never reveal whether another's deal exists
            raise ValidationFailed(_("Please correct the highlighted fields."), {"deal_id": [_("Unknown deal.")]})
        if sourcing.lock_deal(deal_id) is None or _deal_route(deal_id) is not None:  # one route per deal
            raise ValidationFailed(_("Please correct the highlighted fields."),
                                   {"deal_id": [_("Transport is already being arranged for this deal.")]})
    route = TransportRoute(organisation_id=actor.org_id, created_by_id=actor.user_id, origin=origin,
                           destination=destination, weight_kg=weight, volume_m3=values.get("volume_m3"),
                           cold_chain=bool(values.get("cold_chain")), reference=values.get("reference") or "",
                           deal_id=deal_id,
                           created_at=clock.now())
    db.session.add(route)
    db.session.flush()
    audit(actor.user_id, "logistics.route_created", "logistics_route", route.id,
          {"origin": origin, "destination": destination, "weight_kg": weight, "deal_id": deal_id}, actor.org_id)
    commit_or_conflict(_("Transport is already being arranged for this deal."))
    return route


def get_route(actor: Actor, route_id: int, *, owner_only: bool = False) -> TransportRoute:
    """The owning organisation's members see a route; so does a provider asked to quote on it."""
    require_user(actor)
    route = db.session.get(TransportRoute, route_id)
    if route is None:
        raise NotFound(_("Not found."))
    if actor.org_id == route.organisation_id:
        return route
    if not owner_only and actor.org_id and any(q.provider_id == actor.org_id for q in route.quotes):
        return route
    if not owner_only and route.deal_id is not None and sourcing.is_deal_party(actor, route.deal_id):
        return route  # the deal's other party follows the transport (read-only)
    raise NotFound(_("Not found."))


def _deal_route(deal_id: int) -> TransportRoute | None:
    return db.session.scalar(db.select(TransportRoute).where(TransportRoute.deal_id == deal_id)
                             .order_by(TransportRoute.created_at.desc(), TransportRoute.id.desc()).limit(1))


def deal_route(actor: Actor, deal_id: int) -> TransportRoute | None:
    """The route of a deal (None when no transport is arranged yet), for the deal's parties (404 otherwise)."""
    sourcing.deal_shipping(actor, deal_id)
    return _deal_route(int(deal_id))


def create_route_for_deal(actor: Actor, deal_id: int, data: dict[str, Any] | None = None) -> TransportRoute:
    """A party of the deal arranges its transport: origin (the listing's province, else the supplier's),
    destination (the request's delivery province) and weight (from the quantity and unit, see
    `sourcing.services.shipment_weight_kg`) come from the deal; `data["weight_kg"]` is needed only when
    the deal's weight is unknown. One route per deal: the party that already arranges it gets its
    route back; the other party gets a conflict (it sees that route from the deal page)."""
    facts = sourcing.deal_shipping(actor, deal_id)  # NotFound for anyone but the two parties
    require_org_kind(actor, *SHIPPER_KINDS)
    require_can_publish(actor)
    values = load(DealRouteInput, data)
    # One route per deal: both parties arranging transport at once give one route and 409s for the other.
    sourcing.lock_deal(facts.deal_id)
    existing = _deal_route(facts.deal_id)
    if existing is not None:
        if existing.organisation_id == actor.org_id:
            return existing
        raise Conflict(_("%(org)s is already arranging the transport of this deal.",
                         org=existing.organisation.display_name))
    weight = facts.weight_kg if facts.weight_kg is not None else values.get("weight_kg")
    if weight is None:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"weight_kg": [_("Enter the weight of the goods in kg: %(why)s", why=facts.weight_note)]})
    return create_route(actor, {
        "origin": facts.origin, "destination": facts.destination, "weight_kg": weight,
        "volume_m3": values.get("volume_m3"), "cold_chain": bool(values.get("cold_chain")),
        "reference": (_("Deal #%(id)s: %(title)s", id=facts.deal_id, title=facts.title))[:200],
        "deal_id": facts.deal_id})


def list_routes(actor: Actor, page: int = 1, per_page: int = 20):
    require_user(actor)
    stmt = (db.select(TransportRoute).where(TransportRoute.organisation_id == (actor.org_id or -1))
            .order_by(TransportRoute.created_at.desc(), TransportRoute.id.desc()))
    return paginate(stmt, page, per_page)


def route_estimate(route: TransportRoute) -> factors.Estimate:
    return factors.estimate(route.weight_kg, route.origin, route.destination)


def request_quotes(actor: Actor, route_id: int, data: dict[str, Any]) -> list[TransportQuote]:
    """Ask providers for a quote; `data`: {"provider_ids", "message"} (schemas.QuoteRequestInput)."""
    route = get_route(actor, route_id, owner_only=True)
    require_can_publish(actor)
    values = load(QuoteRequestInput, data)
    route = lock(TransportRoute, route.id)  # providers asked twice at once get one request each
    if route.accepted_quote is not None:
        raise Conflict(_("A transport quote was already accepted for this shipment."))
    ids, message = values["provider_ids"], values.get("message") or ""
    existing = {q.provider_id for q in route.quotes}
    created: list[TransportQuote] = []
    for pid in ids:
        profile = profile_for_org(pid)
        if not is_public(profile):
            raise ValidationFailed(_("Unknown provider."), {"provider_ids": [_("Unknown provider.")]})
        if pid in existing:
            continue
        quote = TransportQuote(route=route, provider_id=pid, status=QuoteStatus.requested, message=message,
                               requested_by_id=actor.user_id, requested_at=clock.now())
        db.session.add(quote)
        created.append(quote)
    db.session.flush()
    for quote in created:
        audit(actor.user_id, "logistics.quote_requested", "logistics_quote", quote.id,
              {"route_id": route.id, "provider_id": quote.provider_id}, actor.org_id)
        notify_org(quote.provider, "logistics.quote_requested",
                   _l("New transport quote request from %(org)s", org=actor.org.display_name),
                   url=f"/logistics/requests/{quote.id}")
    db.session.commit()
    return created


def get_quote(actor: Actor, quote_id: int) -> TransportQuote:
    require_user(actor)
    quote = db.session.get(TransportQuote, quote_id)
    if quote is None or actor.org_id not in (quote.provider_id, quote.route.organisation_id):
        raise NotFound(_("Not found."))
    return quote


def answer_quote(actor: Actor, quote_id: int, data: dict[str, Any]) -> TransportQuote:
    """The provider answers (or revises its answer) with class, price, transit time and committed CO2e."""
    quote = get_quote(actor, quote_id)
    require_member_of(actor, quote.provider_id)
    quote = lock(TransportQuote, quote.id)  # never revise a quote the shipper is accepting
    if quote.status not in (QuoteStatus.requested, QuoteStatus.quoted):
        raise Conflict(_("This request is closed."))
    values = load(QuoteAnswerInput, data)
    profile = profile_for_org(quote.provider_id)
    vclass, note = values.pop("vehicle_class"), values.pop("provider_note", None) or ""
    route = quote.route
    est = factors.estimate(route.weight_kg, route.origin, route.destination, vclass,
                           intensities=verified_intensities(profile) if profile else None)
    ce = est.by_class(vclass)
    quote.vehicle_class = vclass
    quote.price_vnd, quote.transit_days = values["price_vnd"], values["transit_days"]
    quote.committed_co2e_kg = values["committed_co2e_kg"]
    quote.estimated_co2e_kg = ce.co2e_kg if ce else None
    quote.provider_note = note
    quote.status = QuoteStatus.quoted
    quote.answered_at = clock.now()
    audit(actor.user_id, "logistics.quote_answered", "logistics_quote", quote.id,
          {"vehicle_class": vclass, **values}, actor.org_id)
    notify_org(route.organisation, "logistics.quote_answered",
               _l("%(org)s answered your transport request", org=actor.org.display_name),
               url=f"/logistics/shipments/{route.id}")
    db.session.commit()
    return quote


def decline_quote(actor: Actor, quote_id: int, data: dict[str, Any] | None = None) -> TransportQuote:
    """The provider declines; `data`: {"note"} (schemas.NoteInput)."""
    note = load(NoteInput, data).get("note") or ""
    quote = get_quote(actor, quote_id)
    require_member_of(actor, quote.provider_id)
    quote = lock(TransportQuote, quote.id)  # never revise a quote the shipper is accepting
    if quote.status not in (QuoteStatus.requested, QuoteStatus.quoted):
        raise Conflict(_("This request is closed."))
    quote.status, quote.provider_note, quote.answered_at = QuoteStatus.declined, note, clock.now()
    audit(actor.user_id, "logistics.quote_declined", "logistics_quote", quote.id, {}, actor.org_id)
    notify_org(quote.route.organisation, "logistics.quote_declined",
               _l("%(org)s declined your transport request", org=actor.org.display_name),
               url=f"/logistics/shipments/{quote.route_id}")
    db.session.commit()
    return quote


def accept_quote(actor: Actor, quote_id: int) -> TransportQuote:
    """The shipper accepts one answered quote; the others are closed. The route now has transport."""
    quote = get_quote(actor, quote_id)
    # Lock the route (its quotes are read again) so two accepts for one shipment cannot both pass the
    # "nothing accepted yet" check: the second waits, then sees the first and gets a 409.
    route = lock(TransportRoute, quote.route_id)
    quote = lock(TransportQuote, quote.id)  # a provider's revision committed meanwhile is seen
    if actor.org_id != route.organisation_id:
        raise Forbidden(_("Only the shipper can accept a quote."))
    if route.accepted_quote is not None:
        raise Conflict(_("A transport quote was already accepted for this shipment."))
    if quote.status != QuoteStatus.quoted:
        raise Conflict(_("Only an answered quote can be accepted."))
    now = clock.now()
    quote.status, quote.decided_at = QuoteStatus.accepted, now
    for other in route.quotes:
        if other.id != quote.id and other.status in (QuoteStatus.requested, QuoteStatus.quoted):
            other.status, other.decided_at = QuoteStatus.closed, now
            notify_org(other.provider, "logistics.quote_closed",
                       _l("%(org)s chose another transport offer", org=route.organisation.display_name),
                       url=f"/logistics/requests/{other.id}")
    audit(actor.user_id, "logistics.quote_accepted", "logistics_quote", quote.id,
          {"route_id": route.id, "deal_id": route.deal_id}, actor.org_id)
    notify_org(quote.provider, "logistics.quote_accepted",
               _l("%(org)s accepted your transport offer", org=route.organisation.display_name),
               url=f"/logistics/requests/{quote.id}")
    db.session.commit()
    return quote


def list_incoming(actor: Actor, status: str | None = None) -> list[TransportQuote]:
    """Quote requests addressed to the actor's (provider) organisation, newest first."""
    require_user(actor)
    stmt = db.select(TransportQuote).where(TransportQuote.provider_id == (actor.org_id or -1))
    if status in QuoteStatus.__members__:
        stmt = stmt.where(TransportQuote.status == QuoteStatus(status))
    return list(db.session.scalars(stmt.order_by(TransportQuote.requested_at.desc(), TransportQuote.id.desc())))


# ------------------------------------------------------------------ deals (issue 5 plugs in here)

def attach_transport_to_deal(actor: Actor, route_id: int, deal_id: int) -> TransportRoute:
    """Link one of the actor's routes (and its accepted transport) to a deal the actor's organisation is
    a party to (checked by `sourcing.services.deal_shipping`: 404 otherwise); one route per deal."""
    route = get_route(actor, route_id, owner_only=True)
    try:
        deal_id = int(deal_id)
        if deal_id <= 0:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationFailed(_("Unknown deal."), {"deal_id": [_("Unknown deal.")]}) from None
    sourcing.deal_shipping(actor, deal_id)
    sourcing.lock_deal(deal_id)  # one route per deal, also when two routes are attached at once
    other = _deal_route(deal_id)
    if other is not None and other.id != route.id:
        raise Conflict(_("Transport is already being arranged for this deal."))
    old = route.deal_id
    route.deal_id = deal_id
    audit(actor.user_id, "logistics.route_attached_to_deal", "logistics_route", route.id, {"deal_id": [old, deal_id]},
          actor.org_id)
    commit_or_conflict(_("Transport is already being arranged for this deal."))
    return route


def transport_for_deal(deal_id: int, actor: Actor | None = None) -> dict[str, Any] | None:
    """What a deal page shows: the newest route linked to the deal with its accepted transport and
    CO2e (committed by the provider, and the platform's estimate), or None. With `actor`, only a party
    of the deal gets it (404 otherwise); without, the caller has already checked."""
    if actor is not None:
        sourcing.deal_shipping(actor, deal_id)
    routes = list(db.session.scalars(db.select(TransportRoute).where(TransportRoute.deal_id == deal_id)
                                     .order_by(TransportRoute.created_at.desc(), TransportRoute.id.desc())))
    if not routes:
        return None
    route = next((r for r in routes if r.accepted_quote is not None), routes[0])
    return transport_summary(route)


def transport_summary(route: TransportRoute) -> dict[str, Any]:
    quote = route.accepted_quote
    out: dict[str, Any] = {"route_id": route.id, "deal_id": route.deal_id, "origin": route.origin,
                           "destination": route.destination, "weight_kg": route.weight_kg,
                           "organisation_id": route.organisation_id, "organisation_name": route.organisation.display_name,
                           "quotes_requested": len(route.quotes),
                           "quotes_answered": sum(1 for q in route.quotes if q.answered_at is not None),
                           "accepted": None}
    if quote is not None:
        provider: Organisation = quote.provider
        out["accepted"] = {
            "quote_id": quote.id, "provider_id": provider.id, "provider_name": provider.display_name,
            "vehicle_class": quote.vehicle_class,
            "vehicle_label": factors.table().classes[quote.vehicle_class].label if quote.vehicle_class in factors.table().classes else quote.vehicle_class,
            "price_vnd": quote.price_vnd, "transit_days": quote.transit_days,
            "committed_co2e_kg": quote.committed_co2e_kg, "estimated_co2e_kg": quote.estimated_co2e_kg,
        }
    return out
