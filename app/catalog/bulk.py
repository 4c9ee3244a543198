"""Bulk listing import: many listings in one request, idempotent on the producer's own SKU.

Rules
- Members of a producer organisation import into their own organisation (others: 403).
- Every row is validated with the service's own schema, `ListingInput`, exactly as a single listing
  (the form and `POST /api/v1/listings` use it too; an update is a partial load against the current
  listing), then the publishing rules. Numbers written as text are read in the request's language,
  like the form's. A row is applied entirely or not at all. Each problem is reported with its row
  number, field and message; the valid rows are imported even when others fail.
- `sku` is required on every row. A listing of the organisation with that SKU is updated with the
  row's fields (the fields the row gives; PATCH semantics), otherwise a listing is created. A row
  that changes nothing is `unchanged`: no new version, no outbox row — importing the same file twice
  creates nothing twice. The same SKU twice in one file is an error on the later row.
- `status` per row: `draft` (default for new rows), `published` (needs an approved organisation, a
  description and a price tier, as in the form) or `archived`. An archived listing is edited only by
  a row that also restores it (`draft` / `published`).
- Limits: `BULK_IMPORT_MAX_ROWS` rows and `BULK_IMPORT_MAX_BYTES` bytes per request → 413.
- Writing: batched INSERTs (`app.sqlbulk`: COPY on PostgreSQL) and executemany UPDATEs for listings and
  price tiers, with their audit entries and search outbox rows, in one transaction and one commit (the indexer makes them
  findable). A concurrent import that took the same new SKU first makes the whole batch retry once,
  so the row becomes an update instead of a duplicate.
"""
from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import bindparam, delete, update
from sqlalchemy.exc import IntegrityError

from .. import clock, sqlbulk
from ..errors import ValidationFailed
from ..extensions import db
from ..notifications.models import AuditEntry, OutboxEvent
from ..notifications.services import audit_value
from ..orgs.models import OrgKind
from ..permissions import Actor, require_org_kind
from .bulk_formats import Row, TooLarge, too_many_rows  # noqa: F401  (TooLarge: callers raise it too)
from .models import Listing, ListingStatus, PriceTier
from ..validation import field_messages
from .schemas import ListingInput
from .services import publish_problems

DEFAULT_MAX_ROWS = 5000
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_COLUMNS = ("title", "title_en", "description", "description_en", "category", "material", "recycled_pct",
            "compostable", "biodegradable", "origin_province", "unit", "moq", "capacity_month", "lead_time_days",
            "unit_weight_kg", "export_markets", "gtin", "sku")
_DEFAULTS = {"title_en": "", "description": "", "description_en": "", "material": "", "recycled_pct": None,
             "compostable": False, "biodegradable": False, "capacity_month": None, "lead_time_days": None,
             "unit_weight_kg": None, "export_markets": [], "gtin": None}


def max_rows() -> int:
    return int(current_app.config.get("BULK_IMPORT_MAX_ROWS") or DEFAULT_MAX_ROWS)


def max_bytes() -> int:
    return int(current_app.config.get("BULK_IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


@dataclass
class RowResult:
    row: int
    sku: str | None
    status: str  # created | updated | unchanged | error
    listing_id: int | None = None
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowResult]
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("created", "updated", "unchanged", "error")}


@dataclass
class _Plan:
    row: Row
    sku: str
    listing: SimpleNamespace | None = None  # the existing listing's columns and price tiers (update)
    fields: dict[str, Any] = field(default_factory=dict)
    tiers: list[tuple[float, int]] | None = None
    status: str | None = None
    changes: dict[str, list] = field(default_factory=dict)


def forbid_other_kinds(actor: Actor) -> None:
    """Only producer organisations import (checked before a file is read)."""
    require_org_kind(actor, OrgKind.producer.value)


def import_listings(actor: Actor, rows: Sequence[Row], *, dry_run: bool = False) -> ImportResult:
    """Validate every row, then create/update the valid ones in batches; one commit."""
    require_org_kind(actor, OrgKind.producer.value)
    if len(rows) > max_rows():
        raise too_many_rows(max_rows())
    if not rows:
        raise ValidationFailed(_("The file has no rows."), {"file": [_("The file has no rows.")]})
    paused = gc.isenabled()
    gc.disable()  # thousands of small live objects: the cyclic collector's full passes cost more than the work
    try:
        for attempt in (1, 2):
            try:
                return _import_once(actor, rows, dry_run=dry_run)
            except IntegrityError:
                db.session.rollback()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        if paused:
            gc.enable()


def _import_once(actor: Actor, rows: Sequence[Row], *, dry_run: bool) -> ImportResult:
    schema = ListingInput()  # one instance for every row (building a schema costs more than loading a row)
    results: dict[int, RowResult] = {}
    plans: list[_Plan] = []
    seen: dict[str, int] = {}
    skus = []
    for r in rows:
        sku = _sku_of(r)
        if "_row" in r.errors:
            continue
        if not sku:
            r.err("sku", _("Give every row your own product code (SKU): re-importing updates the same listing."))
        elif sku in seen:
            r.err("sku", _("This SKU is already on row %(n)d.", n=seen[sku]))
        else:
            seen[sku] = r.row
            skus.append(sku)
    existing = _existing(actor.org_id, skus)
    can_publish = actor.org is not None and actor.org.can_publish
    for r in rows:
        sku = _sku_of(r)
        plan = _Plan(r, sku, existing.get(sku) if not r.errors else None)
        if not r.errors:
            _validate(plan, schema, can_publish)
        if r.errors:
            results[r.row] = RowResult(r.row, sku or None, "error",
                                       errors=[{"field": f, "message": str(m)} for f, ms in r.errors.items() for m in ms])
        else:
            plans.append(plan)
    if dry_run:
        for p in plans:
            status = "created" if p.listing is None else ("updated" if p.changes else "unchanged")
            results[p.row.row] = RowResult(p.row.row, p.sku, status, p.listing.id if p.listing else None)
        db.session.rollback()
        return ImportResult([results[r.row] for r in rows], dry_run=True)
    written = _write(actor, plans)
    results.update(written)
    db.session.commit()
    return ImportResult([results[r.row] for r in rows])


def _sku_of(r: Row) -> str:
    sku = r.data.get("sku")
    if isinstance(sku, int) and not isinstance(sku, bool):
        sku = str(sku)
    return sku.strip() if isinstance(sku, str) else ""


def _existing(org_id: int, skus: list[str]) -> dict[str, SimpleNamespace]:
    """The organisation's listings with these SKUs, as plain records (columns + price tiers): read with
    two Core queries per 900 SKUs; re-importing 5,000 unchanged rows must not build 5,000 ORM objects."""
    table, tiers_t = Listing.__table__, PriceTier.__table__
    columns = [table.c.id, table.c.version, table.c.status, table.c.published_at] + [table.c[k] for k in _COLUMNS]
    out: dict[str, SimpleNamespace] = {}
    for i in range(0, len(skus), 900):
        chunk = skus[i:i + 900]
        by_id = {}
        for row in db.session.execute(db.select(*columns).where(table.c.organisation_id == org_id,
                                                                table.c.sku.in_(chunk))).mappings():
            rec = SimpleNamespace(**row, price_tiers=[])
            rec.status = ListingStatus(rec.status) if not isinstance(rec.status, ListingStatus) else rec.status
            out[rec.sku] = by_id[rec.id] = rec
        if by_id:
            for lid, q, p in db.session.execute(db.select(tiers_t.c.listing_id, tiers_t.c.min_qty, tiers_t.c.price_vnd)
                                                .where(tiers_t.c.listing_id.in_(list(by_id)))
                                                .order_by(tiers_t.c.listing_id, tiers_t.c.min_qty)):
                by_id[lid].price_tiers.append(SimpleNamespace(min_qty=q, price_vnd=p))
    return out


def _validate(plan: _Plan, schema: ListingInput, can_publish: bool) -> None:
    r, listing = plan.row, plan.listing
    data = dict(r.data)
    tiers_raw = data.get("price_tiers")
    if isinstance(tiers_raw, list):  # `price_vnd` shorthand: one tier from the minimum order
        moq = data.get("moq", listing.moq if listing else None)
        data["price_tiers"] = [dict(t, min_qty=moq if t.get("min_qty") is None else t["min_qty"]) if isinstance(t, dict)
                               else t for t in tiers_raw]
    schema.current = listing  # the first tier is checked against the current MOQ on an update
    try:
        fields = schema.load(data, partial=listing is not None)
    except ValidationError as exc:
        for f, ms in field_messages(exc.messages).items():
            for m in ms:
                r.err(f, m)
        return
    status = fields.pop("status", None)
    tiers = fields.pop("price_tiers", None)
    plan.fields, plan.tiers, plan.status = fields, tiers, status
    if listing is None:
        status = status or ListingStatus.draft.value
        plan.status = status
        final = SimpleNamespace(description=fields.get("description", ""), price_tiers=tiers or [])
    else:
        for k, v in fields.items():
            if getattr(listing, k) != v:
                plan.changes[k] = [audit_value(getattr(listing, k)), audit_value(v)]
        if tiers is not None:
            old = [[t.min_qty, t.price_vnd] for t in listing.price_tiers]
            new = [[q, p] for q, p in tiers]
            if old != new:
                plan.changes["price_tiers"] = [old, new]
        if status and status != listing.status.value:
            plan.changes["status"] = [listing.status.value, status]
        current = status or listing.status.value
        if listing.status == ListingStatus.archived and current == ListingStatus.archived.value and \
                set(plan.changes) - {"status"}:
            r.err("status", _("This listing is archived: set status to draft or published to edit it."))
            return
        final = SimpleNamespace(description=fields.get("description", listing.description),
                                price_tiers=tiers if tiers is not None else listing.price_tiers)
        status = current if plan.changes else None
    if status == ListingStatus.published.value:
        if not can_publish:
            r.err("status", _("Your organisation must be approved by the programme before it can publish."))
            return
        for f, ms in publish_problems(final).items():
            for m in ms:
                r.err(f, str(m))


def _write(actor: Actor, plans: list[_Plan]) -> dict[int, RowResult]:
    """Batched Core statements (no ORM unit of work: 10k rows in about a second)."""
    listings, tiers_t = Listing.__table__, PriceTier.__table__
    now = clock.now()
    results: dict[int, RowResult] = {}
    new = [p for p in plans if p.listing is None]
    changed = [p for p in plans if p.listing is not None and p.changes]
    for p in plans:
        if p.listing is not None and not p.changes:
            results[p.row.row] = RowResult(p.row.row, p.sku, "unchanged", p.listing.id)
    audit_rows, outbox_rows, tier_rows = [], [], []
    if new:
        values = []
        for p in new:
            prices = [t[1] for t in p.tiers or []]
            published = p.status == ListingStatus.published.value
            values.append({**_DEFAULTS, **{k: p.fields.get(k, _DEFAULTS.get(k)) for k in _COLUMNS},
                           "organisation_id": actor.org_id, "status": ListingStatus(p.status),
                           "published_at": now if published else None, "price_min": min(prices) if prices else None,
                           "price_max": max(prices) if prices else None, "version": 1, "created_at": now,
                           "updated_at": now})
        ids = sqlbulk.insert_returning_ids(listings, values, "sku")  # SKUs are unique in the organisation
        for p in new:
            listing_id = ids[p.sku]
            results[p.row.row] = RowResult(p.row.row, p.sku, "created", listing_id)
            tier_rows += [{"listing_id": listing_id, "min_qty": q, "price_vnd": price} for q, price in p.tiers or []]
            audit_rows.append({"actor_user_id": actor.user_id, "organisation_id": actor.org_id, "action": "listing.created",
                               "object_type": "listing", "object_id": listing_id, "created_at": now,
                               "changes": {k: audit_value(v) for k, v in p.fields.items()} | {
                                   "price_tiers": [list(t) for t in p.tiers or []], "status": p.status, "source": "bulk"}})
            outbox_rows.append(listing_id)
    if changed:
        retiered = []
        by_columns: dict[tuple[str, ...], list[dict]] = {}
        for p in changed:
            listing = p.listing
            row = {k: v for k, v in p.fields.items() if k in p.changes}
            row.update(version=listing.version + 1, updated_at=now)
            if "price_tiers" in p.changes:
                prices = [t[1] for t in p.tiers or []]
                row["price_min"], row["price_max"] = (min(prices), max(prices)) if prices else (None, None)
                retiered.append(listing.id)
                tier_rows += [{"listing_id": listing.id, "min_qty": q, "price_vnd": price} for q, price in p.tiers or []]
            if "status" in p.changes:
                row["status"] = ListingStatus(p.status)
                if p.status == ListingStatus.published.value and listing.published_at is None:
                    row["published_at"] = now
            by_columns.setdefault(tuple(sorted(row)), []).append(dict(row, b_id=listing.id))
            results[p.row.row] = RowResult(p.row.row, p.sku, "updated", listing.id)
            audit_rows.append({"actor_user_id": actor.user_id, "organisation_id": actor.org_id, "action": "listing.updated",
                               "object_type": "listing", "object_id": listing.id, "created_at": now,
                               "changes": dict(p.changes, source="bulk")})
            outbox_rows.append(listing.id)
        for i in range(0, len(retiered), 900):
            db.session.execute(delete(tiers_t).where(tiers_t.c.listing_id.in_(retiered[i:i + 900])))
        for columns, group in by_columns.items():  # one executemany UPDATE per set of changed columns
            stmt = update(listings).where(listings.c.id == bindparam("b_id")).values(
                {c: bindparam(c) for c in columns})
            db.session.execute(stmt, group)
    sqlbulk.insert_rows(tiers_t, tier_rows)
    sqlbulk.insert_rows(AuditEntry.__table__, audit_rows)
    sqlbulk.insert_rows(OutboxEvent.__table__, [
        {"kind": "listing", "object_id": i, "op": "upsert", "attempts": 0, "last_error": None, "created_at": now,
         "available_at": now} for i in outbox_rows])
    db.session.expire_all()
    return results
