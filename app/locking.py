"""Business rules that hold under concurrent requests, on SQLite and on PostgreSQL.

A rule that reads, checks and then writes — "at most N quotes per request", "one deal per request",
"a seat is free" — races when two requests read before either writes: both see room, both write.
The rule's service serialises on the rule's *parent row* (the request, the event, the offer…):

    rfq = lock(Rfq, rfq_id)          # first thing in the unit of work, before reading the children
    ... count, check, write ...
    commit_or_conflict(_("…"))       # a constraint that still fails (the last line) → Conflict (409)

`lock` returns the row re-read and held until the transaction ends:
- PostgreSQL: ``SELECT … FOR UPDATE OF <table>`` (only the row itself, also when the model loads
  relationships with joins). A second request locking the same row waits for the first to
  commit; under READ COMMITTED every statement after the lock sees what the first committed.
- SQLite has no row locks, only one write lock for the whole database. Python's sqlite3 module runs
  reads outside any transaction and begins a *deferred* transaction at the first write, so two requests
  can both read "room for one more" before either writes. `lock` begins the transaction with
  ``BEGIN IMMEDIATE`` instead (waiting up to the busy timeout, `SQLITE_BUSY_TIMEOUT` seconds), so the
  reads that follow run under the write lock. A transaction that has already written holds that lock.

Objects read before the lock may be stale: `lock` refreshes the locked row and resets its loaded
relationships (`rfq.quotes` is read again); read the children after locking, not before.

The database's constraints stay the last line (unique slot, unique seat, one deal per request…); an
`IntegrityError` that escapes a service anyway is answered 409 by `app.errors`, never 500.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from .errors import Conflict
from .extensions import db

T = TypeVar("T")


def hold_write_lock() -> None:
    """Make the current transaction a writer now (SQLite: BEGIN IMMEDIATE unless it already writes).
    On PostgreSQL this does nothing: row locks (`lock`) serialise the rules there."""
    conn = db.session.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if not raw.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def lock(model: type[T], ident) -> T | None:
    """The row of `model` with primary key `ident`, locked for the rest of the transaction and re-read
    (with its relationships reset), or None when there is no such row."""
    hold_write_lock()
    pk = inspect(model).primary_key
    if len(pk) != 1:
        raise TypeError(f"lock() needs a single-column primary key, {model.__name__} has {len(pk)}")
    stmt = (db.select(model).where(pk[0] == ident).with_for_update(of=model)
            .execution_options(populate_existing=True))
    return db.session.execute(stmt).scalar_one_or_none()


def lock_all(model: type[T], idents) -> list[T]:
    """Several rows of `model`, locked in primary-key order (so two requests never wait on each other
    crosswise) and re-read."""
    hold_write_lock()
    pk = inspect(model).primary_key[0]
    stmt = (db.select(model).where(pk.in_(sorted(set(idents)))).order_by(pk).with_for_update(of=model)
            .execution_options(populate_existing=True))
    return list(db.session.execute(stmt).scalars())


def commit_or_conflict(message: str) -> None:
    """Commit; a unique or check constraint that refuses the change (a concurrent request won) rolls
    back and raises Conflict(message) — a 409 with that message, or a flash on a page."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(message)) from None


def flush_or_conflict(message: str) -> None:
    """Flush (to learn early that a constraint refuses the change); on refusal as `commit_or_conflict`."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(message)) from None
