"""provinces: stored codes become the official two-digit ones (`1` → `01`, `4` → `04`, `8` → `08`)

Every column, JSON field and saved search that holds a province code is rewritten with the official
two-digit code of the 34 provinces (2025); the search indexer is asked to rebuild the kinds whose documents
carry a province (control rows in the outbox), so filters and facets answer `01` on every engine.
Self-contained (no import from app/): the rewrite must stay what it was when the migration was written.

Revision ID: 0036_province_codes
Revises: 0035_price_ranges
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0036_province_codes"
down_revision = "0035_price_ranges"
branch_labels = None
depends_on = None

# (table, column) holding one province code
SCALAR = [("organisations", "province_code"), ("listings", "origin_province"), ("fairs", "province_code"),
          ("knowledge_items", "province_code"), ("logistics_routes", "origin"), ("logistics_routes", "destination"),
          ("programme_facts", "province"), ("programme_units", "province_code"), ("rfqs", "delivery_province"),
          ("deals", "delivery_province")]
# (table, column, key path) of JSON values holding codes: "*" a list of codes, "**" a list of pairs,
# a name: that key of a dict (a code or a list of codes)
JSONS = [("finance_offers", "eligible_provinces", "*"), ("logistics_profiles", "provinces", "*"),
         ("logistics_profiles", "corridors", "**"), ("saved_searches", "params", "province"),
         ("saved_searches", "params", "near"), ("knowledge_revisions", "content", "province_code"),
         ("finance_leads", "shared_profile", "province_code")]
# search kinds whose documents carry a province: rebuilt by the indexer after this migration
REINDEX = ("listing", "organisation", "fair", "knowledge", "offer", "provider")


def official(code):
    """`1`/`01`/1 → `01`; anything that is not a one- or two-digit number is returned unchanged."""
    if isinstance(code, bool) or code is None:
        return code
    text = str(code).strip()
    if text.isascii() and text.isdigit() and 1 <= len(text) <= 2 and int(text) > 0:
        return f"{int(text):02d}"
    return code


def legacy(code):
    """The inverse for downgrade: `01` → `1`."""
    if isinstance(code, str) and len(code) == 2 and code.isascii() and code.isdigit() and code.startswith("0"):
        return code[1:]
    return code


def _convert_json(value, path, fn):
    if path == "*":
        return [fn(v) for v in value] if isinstance(value, list) else value
    if path == "**":
        return [[fn(v) for v in pair] if isinstance(pair, list) else pair for pair in value] \
            if isinstance(value, list) else value
    if isinstance(value, dict) and value.get(path) not in (None, ""):
        v = value[path]
        return {**value, path: [fn(x) for x in v] if isinstance(v, list) else fn(v)}
    return value


def convert(conn, fn=official) -> int:
    """Rewrite every stored province code with `fn`; → number of rows changed. Tables that do not exist
    (a domain not installed) are skipped."""
    names = set(sa.inspect(conn).get_table_names())
    changed = 0
    for table, column in SCALAR:
        if table not in names:
            continue
        t = sa.table(table, sa.column("id"), sa.column(column))
        rows = conn.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None), t.c[column] != "")).all()
        for row_id, value in rows:
            new = fn(value)
            if new != value:
                conn.execute(sa.update(t).where(t.c.id == row_id).values({column: new}))
                changed += 1
    for table, column, path in JSONS:
        if table not in names:
            continue
        t = sa.table(table, sa.column("id"), sa.column(column, sa.JSON))
        for row_id, value in conn.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None))).all():
            if isinstance(value, str):
                value = json.loads(value)
            new = _convert_json(value, path, fn)
            if new != value:
                conn.execute(sa.update(t).where(t.c.id == row_id).values({column: new}))
                changed += 1
    if "search_outbox" in names:
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        outbox = sa.table("search_outbox", sa.column("kind"), sa.column("object_id"), sa.column("op"),
                          sa.column("attempts"), sa.column("created_at"), sa.column("available_at"))
        conn.execute(sa.insert(outbox), [{"kind": k, "object_id": 0, "op": "reindex", "attempts": 0, "created_at": now,
                                          "available_at": now} for k in REINDEX])
    return changed


def upgrade():
    convert(op.get_bind(), official)


def downgrade():
    convert(op.get_bind(), legacy)
