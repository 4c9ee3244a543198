"""Fast batched INSERTs inside the session's transaction (bulk listing import).

PostgreSQL: `COPY … FROM STDIN` through psycopg (rows written by its C adapter), with ids taken from
the table's sequence beforehand so that no RETURNING is needed. Other databases (SQLite): one
executemany INSERT through SQLAlchemy Core; ids from INSERT … RETURNING.

Values are plain Python values as for Core (str, int, float, bool, None, datetime, enums, and lists or
dicts for JSON columns); both paths store the same thing.
"""
from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Table, func, insert, select

from .extensions import db


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def allocate_ids(table: Table, n: int) -> list[int] | None:
    """`n` new primary keys from the table's sequence (PostgreSQL), or None (let INSERT assign them)."""
    if n == 0 or not _postgres():
        return None
    seq = func.pg_get_serial_sequence(table.name, "id")
    return list(db.session.scalars(select(func.nextval(seq)).select_from(func.generate_series(1, n))))


def _cell(value: Any, is_json: bool) -> Any:
    if is_json:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def insert_rows(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` in the current transaction."""
    if not rows:
        return
    if not _postgres():
        db.session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    json_cols = {c for c in columns if isinstance(table.c[c].type, JSON)}
    raw = db.session.connection().connection.driver_connection  # psycopg, same transaction
    names = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_cell(row[c], c in json_cols) for c in columns])


def insert_returning_ids(table: Table, rows: Sequence[dict[str, Any]], key: str) -> dict[Any, int]:
    """Insert `rows` and return {row[key]: new id}; `key` must be unique among the rows."""
    if not rows:
        return {}
    ids = allocate_ids(table, len(rows))
    if ids is None:
        return dict(db.session.execute(insert(table).returning(table.c[key], table.c.id), list(rows)).all())
    insert_rows(table, [dict(row, id=i) for row, i in zip(rows, ids)])
    return {row[key]: i for row, i in zip(rows, ids)}
