"""sourcing: saved searches keep a price range (price_min/price_max) instead of a fixed price bucket key

The price facet's buckets now follow the data, so the five fixed keys ("lt50k", "50k-200k", …) stored in
saved searches become the ranges they stood for (whole đồng, both ends included). Downgrade puts back the
key of a range that is exactly one of the old buckets.

Revision ID: 0035_price_ranges
Revises: 0034_financing_needs
"""
import json

from alembic import op
import sqlalchemy as sa

revision = "0035_price_ranges"
down_revision = "0034_financing_needs"
branch_labels = None
depends_on = None

# The old buckets, [gte, lt) in đồng, as (price_min, price_max) inclusive.
OLD = {
    "lt50k": (None, 49_999), "50k-200k": (50_000, 199_999), "200k-1m": (200_000, 999_999),
    "1m-5m": (1_000_000, 4_999_999), "gte5m": (5_000_000, None),
}

searches = sa.table("saved_searches", sa.column("id", sa.Integer), sa.column("params", sa.JSON))


def _rows():
    bind = op.get_bind()
    for row in bind.execute(sa.select(searches.c.id, searches.c.params)):
        params = row.params
        if isinstance(params, str):
            params = json.loads(params)
        yield bind, row.id, dict(params or {})


def upgrade():
    for bind, id_, params in _rows():
        key = params.pop("price", None)
        if key is None:
            continue
        lo, hi = OLD.get(str(key), (None, None))
        if params.get("price_min") in (None, "") and params.get("price_max") in (None, ""):
            if lo is not None:
                params["price_min"] = str(lo)
            if hi is not None:
                params["price_max"] = str(hi)
        bind.execute(searches.update().where(searches.c.id == id_).values(params=params))


def downgrade():
    back = {(str(lo) if lo is not None else None, str(hi) if hi is not None else None): k for k, (lo, hi) in OLD.items()}
    for bind, id_, params in _rows():
        key = back.get((params.get("price_min"), params.get("price_max")))
        if key is None:
            continue
        params.pop("price_min", None)
        params.pop("price_max", None)
        params["price"] = key
        bind.execute(searches.update().where(searches.c.id == id_).values(params=params))
