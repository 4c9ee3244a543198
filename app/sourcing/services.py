"""Sourcing requests (RFQs), invitations, quotes, deals and message threads.

Rules
- Buyer organisations create requests; members of the buyer organisation manage them. Opening a
  request (draft → open) needs an approved organisation.
- A public request is visible to every signed-in organisation once opened; a request for invited
  suppliers only is visible to its buyer and to the invited suppliers. Anyone else gets 404.
- An open request past its closing date is *expired* (computed at read time; `flask rfqs expire`
  stores it). When the buyer set `max_quotes`, the request closes after that many quotes.
- Producers answer with one submitted quote per request; the buyer sees every quote on its own
  requests, a supplier only its own. Accepting a quote records a Deal, declines the other quotes
  (with the buyer's optional reason) and marks the request awarded.
- A thread per (request, supplier): only the buyer organisation and that supplier read or write it.
- An invited supplier's first quote, message or decline is its response (responsiveness).
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock, mail, uploads, vn
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit, notify_org
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..permissions import Actor, require_can_publish, require_org_kind, require_user
from .models import (Attachment, Deal, DealStatus, Frequency, Message, Quote, QuoteStatus, Rfq, RfqInvitation,
                     RfqStatus, Thread, Visibility)

INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")  # Incoterms® 2020
FREQUENCY_LABELS = {"one_off": _l("One-off"), "monthly": _l("Recurring, per month")}
VISIBILITY_LABELS = {"public": _l("Public: every supplier can see it"), "invited": _l("Invited suppliers only")}
STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed"), "awarded": _l("Awarded"),
                 "expired": _l("Expired")}
QUOTE_STATUS_LABELS = {"submitted": _l("Submitted"), "withdrawn": _l("Withdrawn"), "accepted": _l("Accepted"),
                       "declined": _l("Declined")}
MAX_ATTACHMENTS = 5
UNANSWERED_AFTER = dt.timedelta(hours=72)  # an invitation without answer counts as "no response" after this
EDITABLE = ("title", "description", "category", "quantity", "unit", "frequency", "target_price_min", "target_price_max",
            "required_labels", "preferred_labels", "min_recycled_pct", "delivery_province", "needed_by", "visibility",
            "closes_on", "max_quotes")


# ------------------------------------------------------------------ validation

def _units() -> dict:
    try:
        from ..catalog.taxonomy import UNITS
        return UNITS
    except ImportError:  # pragma: no cover - the catalog ships with the platform
        return {"piece": "piece", "kg": "kg", "tonne": "tonne", "box": "box"}


def _categories() -> dict:
    try:
        from ..catalog.taxonomy import CATEGORIES
        return CATEGORIES
    except ImportError:  # pragma: no cover
        return {}


def _label_codes() -> set[str]:
    try:
        from ..labels.models import Label
    except ImportError:  # pragma: no cover
        return set()
    return set(db.session.scalars(db.select(Label.code).where(Label.active.is_(True))))


def _number(value, *, integer: bool = False):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if integer:  # "150.000" / "150,000 ₫": thousands separators
            value = "".join(ch for ch in value if ch.isdigit() or ch == "-")
        else:
            value = value.replace(",", ".")
    n = float(value)
    if not math.isfinite(n):
        raise ValueError
    if integer:
        if n != int(n):
            raise ValueError
        return int(n)
    return n


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _codes(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    return sorted({str(v).strip() for v in value if str(v).strip()})


def clean_rfq(data: dict[str, Any], *, partial: bool = False, current: Rfq | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    def given(f):
        return f in data and data[f] is not None

    if given("title") or not partial:
        v = str(data.get("title") or "").strip()
        if len(v) < 3:
            err("title", _("Enter a title of at least 3 characters."))
        elif len(v) > 200:
            err("title", _("At most %(n)d characters.", n=200))
        out["title"] = v
    if given("description"):
        v = str(data["description"]).strip()
        if len(v) > 5000:
            err("description", _("At most %(n)d characters.", n=5000))
        out["description"] = v
    if "category" in data:
        v = str(data.get("category") or "").strip() or None
        if v is not None and v not in _categories():
            err("category", _("Choose a category."))
        out["category"] = v
    if given("quantity") or not partial:
        try:
            n = _number(data.get("quantity"))
            if n is None or n <= 0 or n > 1e12:
                raise ValueError
            out["quantity"] = n
        except (TypeError, ValueError):
            err("quantity", _("Enter a quantity greater than 0."))
    if given("unit") or not partial:
        v = str(data.get("unit") or "").strip()
        if v not in _units():
            err("unit", _("Choose a unit."))
        out["unit"] = v
    if given("frequency") or not partial:
        v = str(data.get("frequency") or "one_off")
        if v not in Frequency.__members__:
            err("frequency", _("Choose one-off or monthly."))
        else:
            out["frequency"] = Frequency(v)
    for f in ("target_price_min", "target_price_max"):
        if f in data:
            try:
                n = _number(data[f], integer=True)
                if n is not None and not 0 < n <= 10**12:
                    raise ValueError
                out[f] = n
            except (TypeError, ValueError):
                err(f, _("Enter a whole number of đồng above 0."))
    lo = out.get("target_price_min", current.target_price_min if current else None)
    hi = out.get("target_price_max", current.target_price_max if current else None)
    if lo is not None and hi is not None and lo > hi and "target_price_max" not in errors:
        err("target_price_max", _("The maximum price must not be below the minimum."))
    known = None
    for f in ("required_labels", "preferred_labels"):
        if f in data:
            codes = _codes(data[f])
            known = _label_codes() if known is None else known
            unknown = [c for c in codes if c not in known]
            if unknown:
                err(f, _("Unknown label: %(codes)s", codes=", ".join(unknown)))
            if len(codes) > 10:
                err(f, _("At most %(n)d labels.", n=10))
            out[f] = codes
    if "min_recycled_pct" in data:
        try:
            n = _number(data["min_recycled_pct"], integer=True)
            if n is not None and not 0 <= n <= 100:
                raise ValueError
            out["min_recycled_pct"] = n
        except (TypeError, ValueError):
            err("min_recycled_pct", _("Enter a whole percentage from 0 to 100."))
    if given("delivery_province") or not partial:
        p = vn.province(data.get("delivery_province"))
        if p is None:
            err("delivery_province", _("Choose one of the 34 provinces."))
        else:
            out["delivery_province"] = p.code
    for f in ("needed_by", "closes_on"):
        if f in data or (f == "closes_on" and not partial):
            try:
                d = _date(data.get(f))
                if d is None and f == "closes_on":
                    raise ValueError
                out[f] = d
            except (TypeError, ValueError):
                err(f, _("Enter a date (YYYY-MM-DD)."))
    closes = out.get("closes_on", current.closes_on if current else None)
    if "closes_on" in out and closes is not None and closes < clock.today():
        err("closes_on", _("The closing date must be today or later."))
    needed = out.get("needed_by", current.needed_by if current else None)
    if needed is not None and closes is not None and needed < closes and ("needed_by" in out or "closes_on" in out):
        err("needed_by", _("The needed-by date must not be before the closing date."))
    if given("visibility") or not partial:
        v = str(data.get("visibility") or "public")
        if v not in Visibility.__members__:
            err("visibility", _("Choose public or invited suppliers only."))
        else:
            out["visibility"] = Visibility(v)
    if "max_quotes" in data:
        try:
            n = _number(data["max_quotes"], integer=True)
            if n is not None and not 1 <= n <= 100:
                raise ValueError
            out["max_quotes"] = n
        except (TypeError, ValueError):
            err("max_quotes", _("Enter a number of quotes from 1 to 100."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out


def _jsonable(v):
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


# ------------------------------------------------------------------ reading and permissions

def _get(rfq_id: int) -> Rfq:
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is None:
        raise NotFound(_("Request not found."))
    return rfq


def is_buyer(actor: Actor, rfq: Rfq) -> bool:
    return actor.is_authenticated and actor.org_id == rfq.buyer_org_id


def is_invited(org_id: int | None, rfq: Rfq) -> bool:
    return org_id is not None and any(i.supplier_org_id == org_id for i in rfq.invitations)


def can_view(actor: Actor, rfq: Rfq) -> bool:
    if not actor.is_authenticated:
        return False
    if is_buyer(actor, rfq) or actor.is_admin:
        return True
    if rfq.status == RfqStatus.draft or actor.org is None:
        return False
    if is_invited(actor.org_id, rfq):
        return True
    if rfq.visibility == Visibility.public:
        return True
    # a supplier keeps access to a request it quoted on
    return any(q.supplier_org_id == actor.org_id for q in rfq.quotes)


def get_rfq(actor: Actor, rfq_id: int) -> Rfq:
    require_user(actor)
    rfq = _get(rfq_id)
    if not can_view(actor, rfq):
        raise NotFound(_("Request not found."))
    return rfq


def get_own_rfq(actor: Actor, rfq_id: int) -> Rfq:
    require_user(actor)
    rfq = _get(rfq_id)
    if not is_buyer(actor, rfq):
        if can_view(actor, rfq):
            raise Forbidden(_("Only the buyer can do this."))
        raise NotFound(_("Request not found."))
    return rfq


def _supplier_visible(org_id: int):
    invited = db.select(RfqInvitation.rfq_id).where(RfqInvitation.supplier_org_id == org_id)
    quoted = db.select(Quote.rfq_id).where(Quote.supplier_org_id == org_id)
    return db.and_(Rfq.status != RfqStatus.draft,
                   db.or_(Rfq.visibility == Visibility.public, Rfq.id.in_(invited), Rfq.id.in_(quoted)))


def list_rfqs(actor: Actor, *, scope: str = "auto", status: str | None = None, q: str = "", page: int = 1,
              per_page: int = 20):
    """scope: `mine` (the buyer's own), `open` (what suppliers may answer), `auto` (by organisation kind)."""
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    if scope == "auto":
        scope = "mine" if actor.org.kind == OrgKind.buyer else "open"
    stmt = db.select(Rfq)
    today = clock.today()
    if scope == "mine":
        stmt = stmt.where(Rfq.buyer_org_id == actor.org_id)
    else:
        stmt = stmt.where(_supplier_visible(actor.org_id), Rfq.buyer_org_id != actor.org_id)
        if status is None:
            status = "open"
    if status:
        if status not in RfqStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        if status == "open":
            stmt = stmt.where(Rfq.status == RfqStatus.open, Rfq.closes_on >= today)
        elif status == "expired":
            stmt = stmt.where(db.or_(Rfq.status == RfqStatus.expired,
                                     db.and_(Rfq.status == RfqStatus.open, Rfq.closes_on < today)))
        else:
            stmt = stmt.where(Rfq.status == RfqStatus(status))
    if q.strip():
        stmt = stmt.where(Rfq.title.ilike(f"%{q.strip()}%"))
    stmt = stmt.order_by(db.func.coalesce(Rfq.opened_at, Rfq.created_at).desc(), Rfq.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


# ------------------------------------------------------------------ writing requests

def create_rfq(actor: Actor, data: dict[str, Any]) -> Rfq:
    require_org_kind(actor, OrgKind.buyer.value)
    fields = clean_rfq(data)
    fields.setdefault("required_labels", [])
    fields.setdefault("preferred_labels", [])
    rfq = Rfq(buyer_org_id=actor.org_id, created_by_id=actor.user_id, status=RfqStatus.draft, **fields)
    db.session.add(rfq)
    db.session.flush()
    audit(actor.user_id, "rfq.created", "rfq", rfq.id, {k: _jsonable(v) for k, v in fields.items()}, actor.org_id)
    if data.get("status") == RfqStatus.open.value:
        _open(actor, rfq)
    db.session.commit()
    return rfq


def update_rfq(actor: Actor, rfq_id: int, data: dict[str, Any]) -> Rfq:
    rfq = get_own_rfq(actor, rfq_id)
    editable = {k: v for k, v in data.items() if k in EDITABLE}
    if editable:
        if rfq.effective_status() not in (RfqStatus.draft, RfqStatus.open):
            raise Conflict(_("A closed request cannot be edited."))
        if rfq.status == RfqStatus.open and rfq.quotes and set(editable) - {"closes_on", "max_quotes", "description"}:
            raise Conflict(_("Suppliers have quoted: only the description, closing date and quote limit can change."))
        fields = clean_rfq(editable, partial=True, current=rfq)
        changes = {}
        for k, v in fields.items():
            if getattr(rfq, k) != v:
                changes[k] = [_jsonable(getattr(rfq, k)), _jsonable(v)]
                setattr(rfq, k, v)
        if changes:
            audit(actor.user_id, "rfq.updated", "rfq", rfq.id, changes, actor.org_id)
    status = data.get("status")
    if status and status != rfq.status.value:
        if status == "open":
            _open(actor, rfq)
        elif status == "closed":
            _close(actor, rfq, RfqStatus.closed, str(data.get("close_reason") or "")[:300])
        else:
            raise ValidationFailed(_("A request can be opened or closed."), {"status": [_("Use open or closed.")]})
    db.session.commit()
    return rfq


def _open(actor: Actor, rfq: Rfq) -> None:
    require_can_publish(actor)
    if rfq.status != RfqStatus.draft:
        raise Conflict(_("Only a draft can be opened."))
    if rfq.closes_on < clock.today():
        raise ValidationFailed(_("The closing date has passed."), {"closes_on": [_("The closing date must be today or later.")]})
    rfq.status = RfqStatus.open
    rfq.opened_at = clock.now()
    audit(actor.user_id, "rfq.opened", "rfq", rfq.id, {}, rfq.buyer_org_id)
    for inv in rfq.invitations:
        _notify_invited(rfq, inv.supplier)


def _close(actor: Actor | None, rfq: Rfq, status: RfqStatus, reason: str = "") -> None:
    if rfq.effective_status() not in (RfqStatus.open, RfqStatus.draft):
        raise Conflict(_("This request is already closed."))
    rfq.status = status
    rfq.closed_at = clock.now()
    rfq.close_reason = reason
    audit(actor.user_id if actor else None, f"rfq.{status.value}", "rfq", rfq.id, {"reason": reason}, rfq.buyer_org_id)


def expire_rfqs() -> int:
    """Store `expired` on open requests past their closing date (the read-time rule made durable)."""
    today = clock.today()
    rows = list(db.session.scalars(db.select(Rfq).where(Rfq.status == RfqStatus.open, Rfq.closes_on < today)))
    for rfq in rows:
        rfq.status = RfqStatus.expired
        rfq.closed_at = clock.now()
        audit(None, "rfq.expired", "rfq", rfq.id, {"closes_on": rfq.closes_on.isoformat()}, rfq.buyer_org_id)
        notify_org(rfq.buyer, "sourcing.rfq_expired", _("Your request “%(title)s” has expired.", title=rfq.title),
                   url=_rfq_url(rfq.id))
    db.session.commit()
    return len(rows)


def _rfq_url(rfq_id: int) -> str:
    try:
        return url_for("sourcing.rfq_detail", rfq_id=rfq_id)
    except Exception:  # noqa: BLE001 - outside a request (CLI): a relative path is enough for in-app links
        return f"/sourcing/requests/{rfq_id}"


def _absolute(path: str) -> str:
    from flask import has_request_context, request

    if path.startswith("http"):
        return path
    base = request.host_url if has_request_context() else (current_app.config.get("BASE_URL") or "http://localhost/")
    return base.rstrip("/") + path


# ------------------------------------------------------------------ invitations

def _notify_invited(rfq: Rfq, supplier: Organisation) -> None:
    title = _("%(buyer)s invites you to quote: %(title)s", buyer=rfq.buyer.display_name, title=rfq.title)
    notify_org(supplier, "sourcing.invited", title, url=_rfq_url(rfq.id))


def invite_supplier(actor: Actor, rfq_id: int, supplier_org_id: int, listing_id: int | None = None) -> RfqInvitation:
    rfq = get_own_rfq(actor, rfq_id)
    if rfq.effective_status() not in (RfqStatus.draft, RfqStatus.open):
        raise Conflict(_("This request is closed."))
    supplier = db.session.get(Organisation, supplier_org_id)
    if supplier is None or supplier.kind != OrgKind.producer or supplier.status != OrgStatus.approved:
        raise ValidationFailed(_("Choose an approved producer."), {"supplier_org_id": [_("Not an approved producer.")]})
    if listing_id is not None:
        _check_listing(listing_id, supplier.id, "listing_id")
    existing = db.session.scalar(db.select(RfqInvitation).where(RfqInvitation.rfq_id == rfq.id,
                                                                 RfqInvitation.supplier_org_id == supplier.id))
    if existing is not None:
        return existing
    inv = RfqInvitation(rfq_id=rfq.id, supplier_org_id=supplier.id, listing_id=listing_id, invited_by_id=actor.user_id,
                        invited_at=clock.now())
    rfq.invitations.append(inv)
    db.session.flush()
    audit(actor.user_id, "rfq.invited", "rfq", rfq.id, {"supplier_org_id": supplier.id, "listing_id": listing_id}, rfq.buyer_org_id)
    if rfq.status == RfqStatus.open:
        _notify_invited(rfq, supplier)
    db.session.commit()
    return inv


def _check_listing(listing_id: int, org_id: int, field: str) -> None:
    try:
        from ..catalog.models import Listing
    except ImportError:  # pragma: no cover
        return
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != org_id:
        raise ValidationFailed(_("Choose one of the supplier's listings."), {field: [_("Unknown listing.")]})


def _mark_response(rfq: Rfq, org_id: int) -> None:
    for inv in rfq.invitations:
        if inv.supplier_org_id == org_id and inv.first_response_at is None:
            inv.first_response_at = clock.now()


def decline_invitation(actor: Actor, rfq_id: int, reason: str = "") -> RfqInvitation:
    rfq = get_rfq(actor, rfq_id)
    inv = next((i for i in rfq.invitations if i.supplier_org_id == actor.org_id), None)
    if inv is None:
        raise NotFound(_("You were not invited to this request."))
    inv.declined_at = inv.declined_at or clock.now()
    inv.decline_reason = (reason or "")[:500]
    _mark_response(rfq, actor.org_id)
    audit(actor.user_id, "rfq.invitation_declined", "rfq", rfq.id, {"reason": inv.decline_reason}, actor.org_id)
    notify_org(rfq.buyer, "sourcing.invitation_declined",
               _("%(supplier)s will not quote on “%(title)s”.", supplier=actor.org.display_name, title=rfq.title),
               body=inv.decline_reason, url=_rfq_url(rfq.id))
    db.session.commit()
    return inv


# ------------------------------------------------------------------ quotes

def clean_quote(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    try:
        n = _number(data.get("unit_price_vnd"), integer=True)
        if n is None or not 0 < n <= 10**12:
            raise ValueError
        out["unit_price_vnd"] = n
    except (TypeError, ValueError):
        err("unit_price_vnd", _("Enter a whole number of đồng above 0."))
    try:
        n = _number(data.get("quantity"))
        if n is None or not 0 < n <= 1e12:
            raise ValueError
        out["quantity"] = n
    except (TypeError, ValueError):
        err("quantity", _("Enter a quantity greater than 0."))
    try:
        n = _number(data.get("lead_time_days"), integer=True)
        if n is None or not 0 <= n <= 365:
            raise ValueError
        out["lead_time_days"] = n
    except (TypeError, ValueError):
        err("lead_time_days", _("Enter a lead time from 0 to 365 days."))
    try:
        d = _date(data.get("valid_until"))
        if d is None or d < clock.today():
            raise ValueError
        out["valid_until"] = d
    except (TypeError, ValueError):
        err("valid_until", _("Enter a date today or later (YYYY-MM-DD)."))
    inco = str(data.get("incoterm") or "").strip().upper() or None
    if inco is not None and inco not in INCOTERMS:
        err("incoterm", _("Choose an Incoterms 2020 rule."))
    out["incoterm"] = inco
    for f, limit in (("delivery_terms", 300), ("notes", 5000)):
        v = str(data.get(f) or "").strip()
        if len(v) > limit:
            err(f, _("At most %(n)d characters.", n=limit))
        out[f] = v
    if data.get("listing_id") not in (None, ""):
        try:
            out["listing_id"] = int(data["listing_id"])
        except (TypeError, ValueError):
            err("listing_id", _("Unknown listing."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out


def _active_quotes(rfq: Rfq) -> list[Quote]:
    return [q for q in rfq.quotes if q.status == QuoteStatus.submitted]


def submit_quote(actor: Actor, rfq_id: int, data: dict[str, Any], attachments: list | None = None) -> Quote:
    require_org_kind(actor, OrgKind.producer.value)
    rfq = get_rfq(actor, rfq_id)
    require_can_publish(actor)
    if rfq.effective_status() != RfqStatus.open:
        raise Conflict(_("This request no longer takes quotes."))
    if any(q.supplier_org_id == actor.org_id for q in _active_quotes(rfq)):
        raise Conflict(_("You already quoted on this request; withdraw that quote to send a new one."))
    fields = clean_quote(data)
    if fields.get("listing_id") is not None:
        _check_listing(fields["listing_id"], actor.org_id, "listing_id")
    quote = Quote(rfq_id=rfq.id, supplier_org_id=actor.org_id, created_by_id=actor.user_id, **fields)
    rfq.quotes.append(quote)
    db.session.flush()
    for f in attachments or []:
        _attach(rfq, actor.org_id, "quote", quote.id, f)
    _mark_response(rfq, actor.org_id)
    audit(actor.user_id, "quote.submitted", "quote", quote.id,
          {k: _jsonable(v) for k, v in fields.items()} | {"rfq_id": rfq.id}, actor.org_id)
    notify_org(rfq.buyer, "sourcing.quote",
               _("New quote from %(supplier)s on “%(title)s”", supplier=actor.org.display_name, title=rfq.title),
               url=_rfq_url(rfq.id) + "/quotes")
    if rfq.max_quotes and len(_active_quotes(rfq)) >= rfq.max_quotes:
        _close(None, rfq, RfqStatus.closed, "max_quotes")
    db.session.commit()
    return quote


def _attach(rfq: Rfq, supplier_org_id: int, owner_type: str, owner_id: int, file_storage) -> Attachment:
    count = db.session.scalar(db.select(db.func.count(Attachment.id)).where(
        Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)) or 0
    if count >= MAX_ATTACHMENTS:
        raise ValidationFailed(_("At most %(n)d attachments.", n=MAX_ATTACHMENTS), {"attachment": [_("Too many files.")]})
    stored = uploads.store_document(file_storage, f"sourcing/{rfq.id}", field="attachment")
    att = Attachment(owner_type=owner_type, owner_id=owner_id, rfq_id=rfq.id, supplier_org_id=supplier_org_id,
                     path=stored.path, mime=stored.mime, size=stored.size, original_name=stored.original_name,
                     created_at=clock.now())
    db.session.add(att)
    return att


def list_quotes(actor: Actor, rfq_id: int) -> list[Quote]:
    """The buyer sees every quote on its request; a supplier only its own."""
    rfq = get_rfq(actor, rfq_id)
    if is_buyer(actor, rfq) or actor.is_admin:
        return [q for q in rfq.quotes if q.status != QuoteStatus.withdrawn]
    return [q for q in rfq.quotes if q.supplier_org_id == actor.org_id]


def get_quote(actor: Actor, quote_id: int) -> Quote:
    require_user(actor)
    quote = db.session.get(Quote, quote_id)
    if quote is None or not (quote.supplier_org_id == actor.org_id or quote.rfq.buyer_org_id == actor.org_id
                             or actor.is_admin):
        raise NotFound(_("Quote not found."))
    return quote


def withdraw_quote(actor: Actor, quote_id: int) -> Quote:
    quote = get_quote(actor, quote_id)
    if quote.supplier_org_id != actor.org_id:
        raise Forbidden(_("Only the supplier can withdraw its quote."))
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be withdrawn."))
    quote.status = QuoteStatus.withdrawn
    audit(actor.user_id, "quote.withdrawn", "quote", quote.id, {}, actor.org_id)
    db.session.commit()
    return quote


def decline_quote(actor: Actor, quote_id: int, reason: str = "") -> Quote:
    quote = get_quote(actor, quote_id)
    if quote.rfq.buyer_org_id != actor.org_id:
        raise Forbidden(_("Only the buyer can decline a quote."))
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be declined."))
    _decline(actor, quote, reason)
    db.session.commit()
    return quote


def _decline(actor: Actor, quote: Quote, reason: str) -> None:
    quote.status = QuoteStatus.declined
    quote.decline_reason = (reason or "")[:500]
    audit(actor.user_id, "quote.declined", "quote", quote.id, {"reason": quote.decline_reason}, actor.org_id)
    notify_org(quote.supplier, "sourcing.quote_declined",
               _("Your quote on “%(title)s” was declined.", title=quote.rfq.title), body=quote.decline_reason,
               url=_rfq_url(quote.rfq_id))


def accept_quote(actor: Actor, quote_id: int, decline_reason: str = "") -> Deal:
    quote = get_quote(actor, quote_id)
    rfq = quote.rfq
    if rfq.buyer_org_id != actor.org_id:
        raise Forbidden(_("Only the buyer can accept a quote."))
    if quote.status != QuoteStatus.submitted:
        raise Conflict(_("Only a submitted quote can be accepted."))
    if rfq.status not in (RfqStatus.open, RfqStatus.closed, RfqStatus.expired):
        raise Conflict(_("This request has already been awarded."))
    if quote.valid_until < clock.today():
        raise Conflict(_("This quote is no longer valid; ask the supplier for a new one."))
    now = clock.now()
    quote.status = QuoteStatus.accepted
    deal = Deal(rfq_id=rfq.id, quote_id=quote.id, buyer_org_id=rfq.buyer_org_id, supplier_org_id=quote.supplier_org_id,
                listing_id=quote.listing_id, quantity=quote.quantity, unit=rfq.unit, frequency=rfq.frequency,
                unit_price_vnd=quote.unit_price_vnd, total_vnd=quote.total_vnd, incoterm=quote.incoterm,
                delivery_province=rfq.delivery_province, agreed_at=now,
                delivery_by=rfq.needed_by or (clock.today() + dt.timedelta(days=quote.lead_time_days)),
                status=DealStatus.active)
    db.session.add(deal)
    for other in _active_quotes(rfq):
        if other.id != quote.id:
            _decline(actor, other, decline_reason)
    rfq.status = RfqStatus.awarded
    rfq.closed_at = now
    db.session.flush()
    audit(actor.user_id, "quote.accepted", "quote", quote.id, {"deal_id": deal.id}, actor.org_id)
    audit(actor.user_id, "deal.created", "deal", deal.id,
          {"quote_id": quote.id, "total_vnd": deal.total_vnd, "supplier_org_id": deal.supplier_org_id}, actor.org_id)
    notify_org(quote.supplier, "sourcing.deal",
               _("%(buyer)s accepted your quote on “%(title)s”.", buyer=rfq.buyer.display_name, title=rfq.title),
               url=_deal_url(deal.id))
    db.session.commit()
    return deal


def _deal_url(deal_id: int) -> str:
    try:
        return url_for("sourcing.deal_detail", deal_id=deal_id)
    except Exception:  # noqa: BLE001
        return f"/sourcing/deals/{deal_id}"


def list_deals(actor: Actor, *, page: int = 1, per_page: int = 20):
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    stmt = (db.select(Deal).where(db.or_(Deal.buyer_org_id == actor.org_id, Deal.supplier_org_id == actor.org_id))
            .order_by(Deal.agreed_at.desc(), Deal.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def get_deal(actor: Actor, deal_id: int) -> Deal:
    require_user(actor)
    deal = db.session.get(Deal, deal_id)
    if deal is None or not (actor.org_id in (deal.buyer_org_id, deal.supplier_org_id) or actor.is_admin):
        raise NotFound(_("Deal not found."))
    return deal


# ------------------------------------------------------------------ shipping facts (for logistics)
#
# Logistics depends on sourcing, never the other way round: it calls these functions (plain values
# out, permission checks inside) and plugs its pages into sourcing through `sourcing.extensions`.

KG_PER_UNIT = {"kg": 1.0, "tonne": 1000.0}  # units that are a weight convert directly


@dataclass(frozen=True)
class ShippingFacts:
    """What moving the goods of a deal or quote involves: origin and destination provinces, the weight
    (None when it cannot be derived, with `weight_note` saying why)."""

    origin: str | None
    destination: str
    quantity: float
    unit: str
    weight_kg: float | None
    weight_note: str = ""
    deal_id: int | None = None
    buyer_org_id: int | None = None
    supplier_org_id: int | None = None
    title: str = ""


def shipment_weight_kg(quantity: float | None, unit: str | None, unit_weight_kg: float | None = None
                       ) -> tuple[float | None, str]:
    """The weight rule: kg and tonne convert directly; any other unit uses the listing's optional
    `unit_weight_kg`; otherwise the weight is unknown → (None, reason)."""
    try:
        qty = float(quantity)
    except (TypeError, ValueError):
        return None, _("No quantity.")
    if not math.isfinite(qty) or qty <= 0:
        return None, _("No quantity.")
    if unit in KG_PER_UNIT:
        return round(qty * KG_PER_UNIT[unit], 3), ""
    if unit_weight_kg:
        return round(qty * float(unit_weight_kg), 3), ""
    units = _units()
    return None, _("Weight unknown: the quantity is in %(unit)s and the listing gives no weight per unit.",
                   unit=str(units.get(unit, unit)))


def _listings_shipping(ids: list[int]) -> dict[int, tuple[str | None, float | None]]:
    """{listing id: (origin province, unit weight in kg)}."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    from ..catalog.models import Listing

    return {r.id: (r.origin_province, r.unit_weight_kg) for r in db.session.execute(
        db.select(Listing.id, Listing.origin_province, Listing.unit_weight_kg).where(Listing.id.in_(ids)))}


def quotes_shipping(quotes: list[Quote]) -> dict[int, ShippingFacts]:
    """{quote id: facts}: origin (the quoted listing's province, else the supplier's), the request's
    delivery province and the weight of the quoted quantity. No permission check: the caller already
    decided the viewer sees these quotes."""
    listings = _listings_shipping([q.listing_id for q in quotes])
    out = {}
    for q in quotes:
        origin, unit_weight = listings.get(q.listing_id, (None, None))
        weight, note = shipment_weight_kg(q.quantity, q.rfq.unit, unit_weight)
        out[q.id] = ShippingFacts(origin or q.supplier.province_code, q.rfq.delivery_province, q.quantity, q.rfq.unit,
                                  weight, note, buyer_org_id=q.rfq.buyer_org_id, supplier_org_id=q.supplier_org_id,
                                  title=q.rfq.title)
    return out


def is_deal_party(actor: Actor, deal_id: int | None) -> bool:
    """True when the actor's organisation is the buyer or the supplier of the deal (admins are not)."""
    if deal_id is None or not actor.is_authenticated or actor.org_id is None:
        return False
    deal = db.session.get(Deal, deal_id)
    return deal is not None and actor.org_id in (deal.buyer_org_id, deal.supplier_org_id)


def deal_shipping(actor: Actor, deal_id: int) -> ShippingFacts:
    """The shipping facts of a deal, for one of its parties only (anyone else: 404)."""
    require_user(actor)
    try:
        deal_id = int(deal_id)
    except (TypeError, ValueError):
        raise NotFound(_("Deal not found.")) from None
    if not is_deal_party(actor, deal_id):
        raise NotFound(_("Deal not found."))
    deal = db.session.get(Deal, deal_id)
    listing_origin, unit_weight = _listings_shipping([deal.listing_id]).get(deal.listing_id, (None, None))
    weight, note = shipment_weight_kg(deal.quantity, deal.unit, unit_weight)
    return ShippingFacts(listing_origin or deal.supplier.province_code, deal.delivery_province, deal.quantity,
                         deal.unit, weight, note, deal_id=deal.id, buyer_org_id=deal.buyer_org_id,
                         supplier_org_id=deal.supplier_org_id, title=deal.rfq.title)


# ------------------------------------------------------------------ messages

def _thread_party(actor: Actor, rfq: Rfq, supplier_org_id: int | None) -> int:
    """The supplier side of the thread the actor may use (404 for anyone else)."""
    if is_buyer(actor, rfq):
        if supplier_org_id is None:
            raise ValidationFailed(_("Choose the supplier."), {"supplier_org_id": [_("Required.")]})
        return supplier_org_id
    if supplier_org_id not in (None, actor.org_id):
        raise NotFound(_("Conversation not found."))
    if not can_view(actor, rfq) or actor.org is None or actor.org.kind != OrgKind.producer:
        raise NotFound(_("Conversation not found."))
    return actor.org_id


def get_thread(actor: Actor, rfq_id: int, supplier_org_id: int | None = None, *, create: bool = False) -> Thread | None:
    rfq = get_rfq(actor, rfq_id)
    supplier_id = _thread_party(actor, rfq, supplier_org_id)
    thread = db.session.scalar(db.select(Thread).where(Thread.rfq_id == rfq.id, Thread.supplier_org_id == supplier_id))
    if thread is None and create:
        supplier = db.session.get(Organisation, supplier_id)
        if supplier is None or supplier.kind != OrgKind.producer:
            raise NotFound(_("Conversation not found."))
        if is_buyer(actor, rfq) and not (is_invited(supplier_id, rfq) or any(q.supplier_org_id == supplier_id for q in rfq.quotes)):
            raise Conflict(_("Invite the supplier before writing to it."))
        thread = Thread(rfq_id=rfq.id, supplier_org_id=supplier_id, created_at=clock.now())
        db.session.add(thread)
        db.session.flush()
    return thread


def send_message(actor: Actor, rfq_id: int, body: str, supplier_org_id: int | None = None,
                 attachments: list | None = None) -> Message:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write a message."), {"body": [_("Write a message.")]})
    if len(body) > 5000:
        raise ValidationFailed(_("At most %(n)d characters.", n=5000), {"body": [_("At most %(n)d characters.", n=5000)]})
    thread = get_thread(actor, rfq_id, supplier_org_id, create=True)
    rfq = thread.rfq
    now = clock.now()
    msg = Message(thread_id=thread.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id, body=body, created_at=now)
    db.session.add(msg)
    db.session.flush()
    for f in attachments or []:
        _attach(rfq, thread.supplier_org_id, "message", msg.id, f)
    thread.last_message_at = now
    from_buyer = actor.org_id == rfq.buyer_org_id
    if from_buyer:
        thread.buyer_read_at = now
        recipient = thread.supplier
    else:
        thread.supplier_read_at = now
        _mark_response(rfq, actor.org_id)
        recipient = rfq.buyer
    title = _("New message from %(org)s about “%(title)s”", org=actor.org.display_name, title=rfq.title)
    url = _thread_url(rfq.id, thread.supplier_org_id)
    notify_org(recipient, "sourcing.message", title, body=body[:300], url=url)
    audit(actor.user_id, "rfq.message", "rfq", rfq.id, {"thread_id": thread.id, "message_id": msg.id}, actor.org_id)
    db.session.commit()
    for m in recipient.memberships:
        try:
            mail.send(m.user.email, title, "sourcing_message", title=title, body=body, url=_absolute(url),
                      sender=actor.org.display_name)
        except Exception:  # noqa: BLE001 - the message is saved; e-mail is best effort
            current_app.logger.exception("could not e-mail message notification")
    return msg


def _thread_url(rfq_id: int, supplier_org_id: int) -> str:
    try:
        return url_for("sourcing.thread", rfq_id=rfq_id, supplier_org_id=supplier_org_id)
    except Exception:  # noqa: BLE001
        return f"/sourcing/requests/{rfq_id}/messages/{supplier_org_id}"


def list_messages(actor: Actor, rfq_id: int, supplier_org_id: int | None = None, *, mark_read: bool = True) -> tuple[Thread | None, list[Message]]:
    thread = get_thread(actor, rfq_id, supplier_org_id)
    if thread is None:
        return None, []
    if mark_read:
        if actor.org_id == thread.rfq.buyer_org_id:
            thread.buyer_read_at = clock.now()
        else:
            thread.supplier_read_at = clock.now()
        db.session.commit()
    return thread, list(thread.messages)


def unread_in(thread: Thread, org_id: int) -> int:
    mark = thread.buyer_read_at if org_id == thread.rfq.buyer_org_id else thread.supplier_read_at
    return sum(1 for m in thread.messages if m.sender_org_id != org_id and (mark is None or m.created_at > mark))


def threads_for(actor: Actor, rfq_id: int) -> list[tuple[Thread, int]]:
    """The threads of a request the actor is party to, with unread counts."""
    rfq = get_rfq(actor, rfq_id)
    stmt = db.select(Thread).where(Thread.rfq_id == rfq.id)
    if not is_buyer(actor, rfq):
        stmt = stmt.where(Thread.supplier_org_id == actor.org_id)
    threads = list(db.session.scalars(stmt.order_by(Thread.last_message_at.desc().nulls_last(), Thread.id)))
    return [(t, unread_in(t, actor.org_id)) for t in threads]


def unread_total(org_id: int) -> int:
    threads = db.session.scalars(db.select(Thread).join(Rfq, Rfq.id == Thread.rfq_id).where(
        db.or_(Thread.supplier_org_id == org_id, Rfq.buyer_org_id == org_id)))
    return sum(unread_in(t, org_id) for t in threads)


def attachment_for(actor: Actor, attachment_id: int) -> Attachment:
    require_user(actor)
    att = db.session.get(Attachment, attachment_id)
    if att is None:
        raise NotFound(_("File not found."))
    rfq = db.session.get(Rfq, att.rfq_id)
    if actor.org_id not in (rfq.buyer_org_id, att.supplier_org_id) and not actor.is_admin:
        raise NotFound(_("File not found."))
    return att


def attachments_of(owner_type: str, ids: list[int]) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = {}
    if ids:
        for a in db.session.scalars(db.select(Attachment).where(Attachment.owner_type == owner_type,
                                                                 Attachment.owner_id.in_(ids)).order_by(Attachment.id)):
            out.setdefault(a.owner_id, []).append(a)
    return out


# ------------------------------------------------------------------ responsiveness

def responsiveness(org_ids: list[int] | None = None) -> dict[int, dict]:
    """{org_id: {"invitations", "responded", "response_rate", "median_hours"}} from invitation events.

    An invitation counts once it was answered (quote, message or decline) or once it has waited
    UNANSWERED_AFTER without an answer; the median is over answered invitations.
    """
    stmt = db.select(RfqInvitation.supplier_org_id, RfqInvitation.invited_at, RfqInvitation.first_response_at, Rfq.status)\
        .join(Rfq, Rfq.id == RfqInvitation.rfq_id).where(Rfq.status != RfqStatus.draft)
    if org_ids is not None:
        if not org_ids:
            return {}
        stmt = stmt.where(RfqInvitation.supplier_org_id.in_(org_ids))
    now = clock.now()
    acc: dict[int, list] = {}
    for org_id, invited_at, answered_at, _status in db.session.execute(stmt):
        hours = acc.setdefault(org_id, [0, []])
        if answered_at is not None:
            hours[0] += 1
            hours[1].append(max(0.0, (answered_at - invited_at).total_seconds() / 3600))
        elif now - invited_at >= UNANSWERED_AFTER:
            hours[0] += 1
    out = {}
    for org_id, (counted, times) in acc.items():
        if not counted:
            continue
        out[org_id] = {"invitations": counted, "responded": len(times), "response_rate": len(times) / counted,
                       "median_hours": statistics.median(times) if times else None}
    return out


# ------------------------------------------------------------------ saved searches

def clean_search_params(params: dict[str, Any]) -> dict[str, Any]:
    from .alerts import SEARCH_KEYS

    out: dict[str, Any] = {}
    for key in SEARCH_KEYS:
        v = params.get(key)
        if v in (None, "", []):
            continue
        if isinstance(v, list):
            v = [str(x)[:100] for x in v if str(x).strip()][:20]
            if not v:
                continue
        else:
            v = str(v)[:200]
        out[key] = v
    for key in ("price_min", "price_max", "moq_max", "recycled_min"):
        if key in out:
            try:
                float(out[key] if not isinstance(out[key], list) else out[key][0])
            except ValueError:
                raise ValidationFailed(_("Please correct the highlighted fields."), {key: [_("Enter a number.")]}) from None
    if not out:
        raise ValidationFailed(_("Search for something or choose a filter before saving."),
                               {"q": [_("Search for something or choose a filter before saving.")]})
    return out


def save_search(actor: Actor, name: str, params: dict[str, Any]):
    from .models import SavedSearch

    require_user(actor)
    clean = clean_search_params(params)
    name = (name or "").strip() or str(clean.get("q") or _("My search"))
    if len(name) > 120:
        raise ValidationFailed(_("At most %(n)d characters.", n=120), {"name": [_("At most %(n)d characters.", n=120)]})
    count = db.session.scalar(db.select(db.func.count(SavedSearch.id)).where(SavedSearch.user_id == actor.user_id,
                                                                               SavedSearch.unsubscribed_at.is_(None))) or 0
    if count >= 20:
        raise Conflict(_("You can keep at most 20 saved searches."))
    s = SavedSearch(user_id=actor.user_id, organisation_id=actor.org_id, name=name, params=clean, created_at=clock.now())
    db.session.add(s)
    db.session.flush()
    audit(actor.user_id, "saved_search.created", "saved_search", s.id, {"params": clean}, actor.org_id)
    db.session.commit()
    return s


def list_saved_searches(actor: Actor):
    from .models import SavedSearch

    require_user(actor)
    return list(db.session.scalars(db.select(SavedSearch).where(SavedSearch.user_id == actor.user_id)
                                   .order_by(SavedSearch.id.desc())))


def delete_saved_search(actor: Actor, search_id: int) -> None:
    from .models import SavedSearch

    require_user(actor)
    s = db.session.get(SavedSearch, search_id)
    if s is None or s.user_id != actor.user_id:
        raise NotFound(_("Saved search not found."))
    audit(actor.user_id, "saved_search.deleted", "saved_search", s.id, {}, actor.org_id)
    db.session.delete(s)
    db.session.commit()


def unsubscribe(search) -> None:
    search.unsubscribed_at = search.unsubscribed_at or clock.now()
    audit(search.user_id, "saved_search.unsubscribed", "saved_search", search.id, {}, search.organisation_id)
    db.session.commit()
