"""The quote comparison of a request: one row per quote the viewer may see (the buyer: every quote; a
supplier: its own) with price, lead time, certified labels of the quoted listing, distance to the delivery
province, and the estimated transport CO2e (road and the lowest-emission mode, for the quoted quantity's
weight; None with a reason when unknown). The page and `GET /api/v1/rfqs/{id}/quotes/comparison` both
call `compare_quotes`."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from search.matching import haversine_km

from ... import vn
from ...extensions import db
from ...permissions import Actor
from .. import extensions
from .quotes import list_quotes
from .rfqs import get_rfq
from .shipping import quotes_shipping


def compare_quotes(actor: Actor, rfq_id: int) -> tuple:
    """(rfq, rows) — rows sorted by unit price, then lead time; see the module docstring."""
    from ...labels.models import Label
    from ..matching import listing_facts

    rfq = get_rfq(actor, rfq_id)
    quotes = list_quotes(actor, rfq.id)
    facts = listing_facts([q.listing_id for q in quotes if q.listing_id])
    shipping = quotes_shipping(quotes)
    dest = vn.province(rfq.delivery_province)
    codes = sorted({c for f in facts.values() for c in f.labels})
    english = str(get_locale() or "vi") == "en"
    names = {code: (en if english else vi) or code for code, en, vi in db.session.execute(
        db.select(Label.code, Label.name_en, Label.name_vi).where(Label.code.in_(codes)))} if codes else {}
    rows = []
    for q in quotes:
        f = facts.get(q.listing_id) if q.listing_id else None
        origin = f.location if f and f.location else None
        if origin is None:
            p = vn.province(q.supplier.province_code)
            origin = (p.lat, p.lon) if p else None
        km = round(haversine_km(origin, (dest.lat, dest.lon))) if origin and dest else None
        ship = shipping[q.id]
        transport = extensions.transport_estimate(ship) if ship.weight_kg is not None and ship.origin else None
        if transport is not None:
            note = ""
        elif ship.weight_kg is None:
            note = ship.weight_note
        elif not extensions.has_transport_estimator():
            note = _("not estimated yet")
        else:
            note = _("No estimate for this route.")
        labels = sorted(f.labels) if f else []
        rows.append({"quote": q, "labels": labels, "label_names": [names.get(c, c) for c in labels], "km": km,
                     "shipping": ship, "transport": transport, "transport_note": note,
                     "listing_title": f.title if f else ""})
    rows.sort(key=lambda r: (r["quote"].unit_price_vnd, r["quote"].lead_time_days, r["quote"].id))
    return rfq, rows
