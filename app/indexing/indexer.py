"""The single writer: drains the outbox in batches into the engine, with lock, retries and backoff."""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from .. import clock
from ..extensions import db
from ..notifications.models import OutboxEvent
from . import backends
from .backends import _default_dir
from .health import pending_query
from .registry import after_index_hooks, builders
from .state import expected_generation, generation_for_rebuild, record_rebuild

log = logging.getLogger(__name__)
REINDEX_OP = "reindex"  # a control row: the indexer rebuilds `kind` from SQL (object_id is 0)
MAX_BACKOFF_S = 300


class IndexerBusy(RuntimeError):
    """Another indexer holds the lock."""


def lock_path(app: Flask) -> Path:
    """The indexer's lock file: beside the index directory, never inside it (deleting the index must not
    delete the lock a running indexer holds, or a second indexer would start writing too)."""
    url = app.config.get("SEARCH_URL") or ""
    parts = urlsplit(url)
    if not url:
        root = Path(_default_dir(app))
    elif parts.scheme == "tantivy":
        root = Path(parts.path)
    else:
        digest = hashlib.sha1(url.encode()).hexdigest()[:10]
        return Path(app.instance_path) / f"search-indexer-{digest}.lock"
    return root.parent / f"{root.name}.indexer.lock"


@dataclass
class DrainStats:
    indexed: int = 0
    deleted: int = 0
    stale: int = 0
    failed: int = 0
    rows: int = 0
    reindexed: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    check_failed: bool = False  # the engine could not tell whether its indexes are whole


def backoff_seconds(attempts: int) -> float:
    return float(min(MAX_BACKOFF_S, 2 ** max(0, attempts - 1)))


class Indexer:
    """The single writer. Use as a context manager: takes the lock, opens a writing backend."""

    def __init__(self, app: Flask, *, backend=None, wait: bool = False, wait_timeout: float | None = None) -> None:
        self.app = app
        self._backend = backend
        self._own_backend = backend is None
        self.wait = wait
        self.wait_timeout = wait_timeout
        self._fd: int | None = None
        self.path = lock_path(app)
        # How often the indexer checks that every index is whole (and rebuilds the ones that are not).
        self.verify_every = float(app.config.get("SEARCH_VERIFY_INTERVAL", 5))
        self._verified_at: float | None = None  # None: check at the next batch

    # -- lock --------------------------------------------------------------------------
    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        start = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not self.wait or (self.wait_timeout is not None and time.monotonic() - start > self.wait_timeout):
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    os.close(fd)
                    raise IndexerBusy(f"Another search indexer is running (pid {holder}, lock {self.path}).") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._backend is not None and self._own_backend:
            try:
                self._backend.close()
            finally:
                self._backend = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Indexer:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    @property
    def backend(self):
        if self._backend is None:
            self._backend = backends.open_backend(self.app)  # looked up at call time (tests replace it)
        return self._backend

    def reset_backend(self) -> None:
        """Drop the engine connection after a failure (reconnect on the next batch)."""
        if self._own_backend and self._backend is not None:
            try:
                self._backend.close()
            except Exception:  # noqa: BLE001
                pass
            self._backend = None

    # -- draining -----------------------------------------------------------------------
    def _claim(self, batch: int, now: dt.datetime) -> list[OutboxEvent]:
        stmt = (pending_query().where(OutboxEvent.available_at <= now)
                .order_by(OutboxEvent.id).limit(batch))
        if db.engine.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        return list(db.session.scalars(stmt))

    def drain_once(self, batch: int = 500) -> DrainStats:
        """One batch: claim due rows, re-read SQL, write the engine, delete acknowledged rows."""
        stats = DrainStats()
        due = clock.now()  # rows due when the batch starts (a rebuild below takes time)
        if self._verified_at is None or time.monotonic() - self._verified_at >= self.verify_every:
            try:
                stats.reindexed.update(self.ensure_whole())
                self._verified_at = time.monotonic()
            except Exception as exc:  # noqa: BLE001 - engine down: report, back off, check again later
                db.session.rollback()
                message = f"{type(exc).__name__}: {exc}"[:2000]
                log.warning("search indexer: cannot check the indexes: %s", message)
                stats.check_failed = True
                stats.errors.append(f"check: {message}")
                self.reset_backend()
        rows = self._claim(batch, due)
        stats.rows = len(rows)
        if not rows:
            db.session.rollback()
            return stats
        by_kind: dict[str, list[OutboxEvent]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        done: list[int] = []
        now = clock.now()
        written: dict[str, dict[int, dict]] = {}
        for kind, kind_rows in by_kind.items():
            try:
                control = [r for r in kind_rows if r.op == REINDEX_OP]
                data = [r for r in kind_rows if r.op != REINDEX_OP]
                if control:
                    stats.reindexed[kind] = self.rebuild(kind)
                if data:
                    written[kind] = self._apply(kind, sorted({r.object_id for r in data}), stats)
                done += [r.id for r in kind_rows]
            except Exception as exc:  # noqa: BLE001 - any failure: keep rows, back off
                message = f"{type(exc).__name__}: {exc}"[:2000]
                log.warning("search indexer: %s batch failed: %s", kind, message)
                stats.failed += len(kind_rows)
                stats.errors.append(f"{kind}: {message}")
                for r in kind_rows:
                    r.attempts += 1
                    r.last_error = message
                    r.available_at = now + dt.timedelta(seconds=backoff_seconds(r.attempts))
                self.reset_backend()
                self._verified_at = None  # a failed write may mean a lost index: check before the next batch
        for kind, docs in written.items():
            if docs:
                self._after_index(kind, docs)
        if done:
            db.session.execute(db.delete(OutboxEvent).where(OutboxEvent.id.in_(done)))
        db.session.commit()
        return stats

    def _after_index(self, kind: str, docs: dict[int, dict]) -> None:
        """Run the kind's after-index hooks (see `register_after_index`) in this transaction; a failing hook
        is logged and its new rows are dropped, so the outbox rows still go and the batch commits."""
        session = db.session()
        for fn in after_index_hooks(kind, self.app):
            before = set(session.new)
            try:
                with session.no_autoflush:
                    fn(docs)
            except Exception:  # noqa: BLE001 - follow-up work must never undo an index write
                log.exception("search indexer: after-index hook %s failed for %s %s", fn, kind, sorted(docs)[:20])
                for obj in set(session.new) - before:
                    session.expunge(obj)

    def _apply(self, kind: str, ids: list[int], stats: DrainStats) -> dict[int, dict]:
        docs = builders(self.app)[kind].many(ids)
        upserts = [d for d in docs.values() if d]
        deletes = [str(i) for i, d in docs.items() if not d]
        backend = self.backend
        if upserts:
            result = backend.bulk_upsert(kind, upserts)
            stats.indexed += result.indexed
            stats.stale += result.stale
        if deletes:
            backend.delete(kind, deletes)
            stats.deleted += len(deletes)
        backend.refresh(kind)
        return {int(i): d for i, d in docs.items() if d}

    def drain(self, batch: int = 500, *, max_batches: int | None = None) -> DrainStats:
        """Drain until no due rows remain (or a batch failed)."""
        total = DrainStats()
        n = 0
        while max_batches is None or n < max_batches:
            s = self.drain_once(batch)
            n += 1
            for name in ("indexed", "deleted", "stale", "failed", "rows"):
                setattr(total, name, getattr(total, name) + getattr(s, name))
            total.reindexed.update(s.reindexed)
            total.errors += s.errors
            total.check_failed = total.check_failed or s.check_failed
            if s.rows < batch or s.failed or s.check_failed:
                break
        return total

    def follow(self, batch: int = 500, *, poll: float = 0.2, stop: threading.Event | None = None,
               on_batch: Callable[[DrainStats], None] | None = None) -> None:
        """Drain forever: poll every `poll` s when idle; back off (up to MAX_BACKOFF_S) after failures."""
        failures = 0
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                s = self.drain_once(batch)
            except Exception as exc:  # noqa: BLE001 - e.g. the database itself is unreachable
                db.session.rollback()
                db.session.remove()
                s = DrainStats(failed=1, errors=[f"{type(exc).__name__}: {exc}"])
            if on_batch and (s.rows or s.failed or s.reindexed or s.check_failed):
                on_batch(s)
            if s.failed or s.check_failed:
                failures += 1
                stop.wait(min(MAX_BACKOFF_S, 0.5 * 2 ** min(failures, 10)))
            else:
                failures = 0
                if s.rows < batch:
                    stop.wait(poll)

    # -- rebuilding and checking --------------------------------------------------------
    def rebuild(self, kind: str) -> int:
        """Fresh index from SQL, switched atomically (alias / pointer file); searches keep answering.
        The new index carries the generation recorded for this database (see `state`), so it is whole."""
        generation = generation_for_rebuild(kind)
        n = self.backend.rebuild(kind, builders(self.app)[kind].build_all(), generation=generation)
        record_rebuild(kind, generation, n)
        db.session.commit()
        return n

    def not_whole(self, kinds=None) -> dict[str, str]:
        """Kinds whose live index is not the whole index of this database: {kind: what was found}."""
        out: dict[str, str] = {}
        for kind in kinds or builders(self.app):
            expected = expected_generation(kind)
            actual = self.backend.generation(kind)
            if expected is None or actual != expected:
                out[kind] = ("no index built from this database yet" if expected is None else
                             "missing, emptied or unreadable" if actual is None else f"foreign (generation {actual})")
        db.session.rollback()
        return out

    def ensure_whole(self, kinds=None) -> dict[str, int]:
        """Rebuild from SQL every index that is not whole; {kind: documents} of the rebuilt ones."""
        rebuilt: dict[str, int] = {}
        for kind, found in self.not_whole(kinds).items():
            log.warning("search indexer: the %s index is not whole (%s): rebuilding it from the database", kind, found)
            rebuilt[kind] = self.rebuild(kind)
            log.warning("search indexer: rebuilt the %s index (%d documents)", kind, rebuilt[kind])
        return rebuilt


def request_reindex(kind: str) -> None:
    """Ask the running indexer to rebuild `kind` (a control row in the outbox)."""
    now = clock.now()
    db.session.add(OutboxEvent(kind=kind, object_id=0, op=REINDEX_OP, created_at=now, available_at=now))
    db.session.commit()
