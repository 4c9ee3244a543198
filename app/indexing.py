"""Outbox → documents → search backend. The only caller of `search/` writes.

- Domains register how to build a document per kind: `register_document_builder(kind, build_one, build_all)`.
  `build_one(id)` re-reads the CURRENT row from SQL and returns the document, or None when the object must
  not be searchable (unpublished, suspended organisation, deleted…) — then it is deleted from the index.
- Services write `search_outbox` rows in their own transaction (`notifications.services.enqueue_index`).
- One indexer process (`flask search sync --follow`) drains the outbox in batches: claim rows, rebuild the
  documents from SQL, bulk upsert/delete, and delete the outbox rows only after the engine acknowledged.
  On failure the rows stay, with attempts/last_error and an exponential `available_at` backoff.
  The indexer holds a lock file, so a second indexer waits or exits with a clear message (tantivy also
  allows only one writer per index across processes).
- Web workers only read: `get_backend(app)` gives a read-only view of the configured engine.
- `search_health()` tells pages when search is degraded (engine unreachable or outbox backlog too old).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

from . import clock, vn
from .extensions import db
from .notifications.models import OutboxEvent

log = logging.getLogger(__name__)

BuildOne = Callable[[int], "dict | None"]
BuildAll = Callable[[], Iterable[dict]]
BuildMany = Callable[[list[int]], "dict[int, dict | None]"]

REINDEX_OP = "reindex"  # a control row: the indexer rebuilds `kind` from SQL (object_id is 0)
MAX_BACKOFF_S = 300


@dataclass
class DocumentBuilder:
    kind: str
    build_one: BuildOne
    build_all: BuildAll
    build_many: BuildMany | None = None

    def many(self, ids: list[int]) -> dict[int, dict | None]:
        if self.build_many is not None:
            return self.build_many(ids)
        return {i: self.build_one(i) for i in ids}


_BUILDERS: dict[str, DocumentBuilder] = {}
_optional_wired = False


def register_document_builder(kind: str, build_one: BuildOne, build_all: BuildAll,
                              build_many: BuildMany | None = None) -> None:
    """Declare how the indexer builds `kind` documents (the kind needs a search/mappings file)."""
    _BUILDERS[kind] = DocumentBuilder(kind, build_one, build_all, build_many)


def builders() -> dict[str, DocumentBuilder]:
    _wire_optional()
    return dict(_BUILDERS)


def _wire_optional() -> None:
    """Domains that may not exist yet (catalog) are wired when their module is importable."""
    global _optional_wired
    if _optional_wired:
        return
    _optional_wired = True
    try:
        from .catalog import documents as catalog_documents  # noqa: F401
    except ImportError:
        return
    if "listing" not in _BUILDERS:
        _register_listings(catalog_documents)


def _register_listings(mod) -> None:
    from .catalog.models import Listing

    def one(listing_id: int):
        listing = db.session.get(Listing, listing_id)
        return mod.listing_document(listing) if listing is not None else None

    def many(ids: list[int]) -> dict[int, dict | None]:
        if hasattr(mod, "listing_documents"):
            return mod.listing_documents(ids)
        rows = {r.id: r for r in db.session.scalars(db.select(Listing).where(Listing.id.in_(ids)))}
        return {i: (mod.listing_document(rows[i]) if i in rows else None) for i in ids}

    register_document_builder("listing", one, mod.listings_for_index, many)


# ------------------------------------------------------------------ organisations (our own builder)

def organisation_document(org) -> dict | None:
    from .orgs.models import OrgStatus

    if org is None or org.status != OrgStatus.approved:
        return None
    p = vn.province(org.province_code)
    return {
        "id": str(org.id),
        "version": org.version,
        "name": " · ".join(dict.fromkeys(n for n in (org.trade_name, org.legal_name) if n)),
        "description": "\n".join(t for t in (org.description, org.description_en) if t),
        "org_kind": org.kind.value,
        # Approved organisations with a tax code have been checked by the programme's staff.
        "verified": bool(org.tax_code),
        "province": org.province_code,
        "location": {"lat": p.lat, "lon": p.lon} if p else None,
        "labels": list(org.sectors or []),
        "published_at": org.approved_at or org.created_at,
    }


def _org_one(org_id: int):
    from .orgs.models import Organisation

    return organisation_document(db.session.get(Organisation, org_id))


def _org_many(ids: list[int]) -> dict[int, dict | None]:
    from .orgs.models import Organisation

    rows = {o.id: o for o in db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids)))}
    return {i: organisation_document(rows.get(i)) for i in ids}


def _org_all() -> Iterator[dict]:
    from .orgs.models import Organisation, OrgStatus

    stmt = db.select(Organisation).where(Organisation.status == OrgStatus.approved).order_by(Organisation.id)
    for org in db.session.scalars(stmt.execution_options(yield_per=1000)):
        doc = organisation_document(org)
        if doc:
            yield doc


register_document_builder("organisation", _org_one, _org_all, _org_many)


# ------------------------------------------------------------------ backends

class ReadOnlyBackend:
    """What web workers get: searches only. Writing from a web worker would fight the indexer for
    tantivy's single writer lock, so it is refused here."""

    _READ = {"search", "suggest", "count", "ids_and_versions", "ping", "mapping", "name"}

    def __init__(self, backend) -> None:
        self._backend = backend

    def __getattr__(self, name: str):
        if name not in self._READ:
            raise AttributeError(f"{name}: web workers never write the index; use the outbox")
        return getattr(self._backend, name)

    def close(self) -> None:
        self._backend.close()


_backend_lock = threading.Lock()


def _default_dir(app: Flask) -> str:
    return str(Path(app.instance_path) / "search")


def open_backend(app: Flask | None = None):
    """A new backend object for the configured SEARCH_URL (caller closes it). Raises SearchUnavailable."""
    from search import SearchUnavailable, backend_from_url

    app = app or current_app
    try:
        return backend_from_url(app.config.get("SEARCH_URL"), default_dir=_default_dir(app))
    except SearchUnavailable:
        raise
    except ValueError:
        raise
    except Exception as exc:  # connection refused at the probe, DNS…
        raise SearchUnavailable(f"cannot open the search engine: {exc}") from exc


def get_backend(app: Flask | None = None) -> ReadOnlyBackend:
    """The process-wide read-only backend for SEARCH_URL (opened lazily; retried after a failure)."""
    app = app or current_app
    url = app.config.get("SEARCH_URL") or ""
    cache: dict = app.extensions.setdefault("search_readers", {})
    backend = cache.get(url)
    if backend is None:
        with _backend_lock:
            backend = cache.get(url)
            if backend is None:
                backend = ReadOnlyBackend(open_backend(app))
                cache[url] = backend
    return backend


def close_backends(app: Flask) -> None:
    for backend in app.extensions.pop("search_readers", {}).values():
        try:
            backend.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass


# ------------------------------------------------------------------ health

@dataclass
class Health:
    engine_up: bool = True
    backlog: int = 0
    oldest_age_s: float = 0.0
    failing: int = 0
    reason: str = ""

    @property
    def degraded(self) -> bool:
        return bool(self.reason)


def pending_query():
    return db.select(OutboxEvent).where(OutboxEvent.kind.in_(list(builders())))


def outbox_backlog() -> tuple[int, dt.datetime | None, int]:
    kinds = list(builders())
    row = db.session.execute(
        db.select(db.func.count(OutboxEvent.id), db.func.min(OutboxEvent.created_at),
                  db.func.count(OutboxEvent.last_error)).where(OutboxEvent.kind.in_(kinds))
    ).one()
    return int(row[0] or 0), row[1], int(row[2] or 0)


def search_health(app: Flask | None = None, *, engine_error: bool = False, ping: bool = True) -> Health:
    """Degraded when the engine cannot be reached or when the oldest outbox row is older than
    SEARCH_DEGRADED_AFTER seconds (default 60: the indexer is stopped or failing)."""
    app = app or current_app
    h = Health()
    if engine_error:
        h.engine_up = False
    elif ping:
        try:
            h.engine_up = bool(get_backend(app).ping())
        except Exception:  # noqa: BLE001
            h.engine_up = False
    try:
        h.backlog, oldest, h.failing = outbox_backlog()
    except Exception:  # noqa: BLE001 - never break a page over a health check
        oldest = None
    if oldest is not None:
        h.oldest_age_s = max(0.0, (clock.now() - oldest).total_seconds())
    if not h.engine_up:
        h.reason = "engine_unreachable"
    elif h.oldest_age_s > float(app.config.get("SEARCH_DEGRADED_AFTER", 60)):
        h.reason = "index_behind"
    return h


# ------------------------------------------------------------------ the indexer

class IndexerBusy(RuntimeError):
    """Another indexer holds the lock."""


def lock_path(app: Flask) -> Path:
    url = app.config.get("SEARCH_URL") or ""
    parts = urlsplit(url)
    if not url:
        return Path(_default_dir(app)) / "indexer.lock"
    if parts.scheme == "tantivy":
        return Path(parts.path) / "indexer.lock"
    digest = hashlib.sha1(url.encode()).hexdigest()[:10]
    return Path(app.instance_path) / f"search-indexer-{digest}.lock"


@dataclass
class DrainStats:
    indexed: int = 0
    deleted: int = 0
    stale: int = 0
    failed: int = 0
    rows: int = 0
    reindexed: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


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
            self._backend = open_backend(self.app)
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
    def _claim(self, batch: int) -> list[OutboxEvent]:
        stmt = (pending_query().where(OutboxEvent.available_at <= clock.now())
                .order_by(OutboxEvent.id).limit(batch))
        if db.engine.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        return list(db.session.scalars(stmt))

    def drain_once(self, batch: int = 500) -> DrainStats:
        """One batch: claim due rows, re-read SQL, write the engine, delete acknowledged rows."""
        stats = DrainStats()
        rows = self._claim(batch)
        stats.rows = len(rows)
        if not rows:
            db.session.rollback()
            return stats
        by_kind: dict[str, list[OutboxEvent]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        done: list[int] = []
        now = clock.now()
        for kind, kind_rows in by_kind.items():
            try:
                control = [r for r in kind_rows if r.op == REINDEX_OP]
                data = [r for r in kind_rows if r.op != REINDEX_OP]
                if control:
                    stats.reindexed[kind] = self.rebuild(kind)
                if data:
                    self._apply(kind, sorted({r.object_id for r in data}), stats)
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
        if done:
            db.session.execute(db.delete(OutboxEvent).where(OutboxEvent.id.in_(done)))
        db.session.commit()
        return stats

    def _apply(self, kind: str, ids: list[int], stats: DrainStats) -> None:
        docs = builders()[kind].many(ids)
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
            if s.rows < batch or s.failed:
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
            if on_batch and (s.rows or s.failed):
                on_batch(s)
            if s.failed:
                failures += 1
                stop.wait(min(MAX_BACKOFF_S, 0.5 * 2 ** min(failures, 10)))
            else:
                failures = 0
                if s.rows < batch:
                    stop.wait(poll)

    # -- rebuilding and checking --------------------------------------------------------
    def rebuild(self, kind: str) -> int:
        """Fresh index from SQL, switched atomically (alias / pointer file); searches keep answering."""
        return self.backend.rebuild(kind, builders()[kind].build_all())


def request_reindex(kind: str) -> None:
    """Ask the running indexer to rebuild `kind` (a control row in the outbox)."""
    now = clock.now()
    db.session.add(OutboxEvent(kind=kind, object_id=0, op=REINDEX_OP, created_at=now, available_at=now))
    db.session.commit()


@dataclass
class Difference:
    kind: str
    id: str
    problem: str  # missing | extra | stale
    db_version: int | None = None
    index_version: int | None = None

    def __str__(self) -> str:
        if self.problem == "missing":
            return f"{self.kind} {self.id}: in the database (v{self.db_version}) but not in the index"
        if self.problem == "extra":
            return f"{self.kind} {self.id}: in the index (v{self.index_version}) but not searchable in the database"
        return f"{self.kind} {self.id}: index has v{self.index_version}, database has v{self.db_version}"


def check(backend, kinds: Iterable[str] | None = None) -> list[Difference]:
    """Every difference between what SQL says is searchable and what the index holds."""
    out: list[Difference] = []
    regs = builders()
    for kind in kinds or regs:
        expected: dict[str, int] = {d["id"]: int(d["version"]) for d in regs[kind].build_all()}
        actual = backend.ids_and_versions(kind)
        for doc_id in sorted(expected.keys() | actual.keys(), key=lambda s: (len(s), s)):
            e, a = expected.get(doc_id), actual.get(doc_id)
            if a is None:
                out.append(Difference(kind, doc_id, "missing", e, None))
            elif e is None:
                out.append(Difference(kind, doc_id, "extra", None, a))
            elif e != a:
                out.append(Difference(kind, doc_id, "stale", e, a))
    return out


def enqueue_all(kind: str) -> int:
    """Mark every object of `kind` as changed (repair after `check` found differences)."""
    ids = [int(d["id"]) for d in builders()[kind].build_all()]
    now = clock.now()
    if ids:
        db.session.execute(db.insert(OutboxEvent), [
            {"kind": kind, "object_id": i, "op": "upsert", "attempts": 0, "created_at": now, "available_at": now}
            for i in ids
        ])
    db.session.commit()
    return len(ids)


def describe(app: Flask) -> dict[str, Any]:
    """For `flask search status`."""
    h = search_health(app)
    info: dict[str, Any] = {"engine": app.config.get("SEARCH_URL"), "engine_up": h.engine_up,
                            "backlog": h.backlog, "oldest_age_s": round(h.oldest_age_s, 1),
                            "failing_rows": h.failing, "degraded": h.reason or "no", "counts": {}}
    if h.engine_up:
        for kind in builders():
            try:
                info["counts"][kind] = get_backend(app).count(kind)
            except Exception as exc:  # noqa: BLE001
                info["counts"][kind] = f"error: {exc}"
    info["lock"] = str(lock_path(app))
    return info
