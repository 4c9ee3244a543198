"""Checking the index against SQL, repairing it, and the status report of `flask search status`."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from .. import clock
from ..extensions import db
from ..notifications.models import OutboxEvent
from .backends import get_backend
from .health import search_health
from .indexer import lock_path
from .registry import builders
from .state import expected_generation


@dataclass
class Difference:
    kind: str
    id: str
    problem: str  # missing | extra | stale | not_whole (the whole index of the kind: `id` is "*")
    db_version: int | None = None
    index_version: int | None = None
    detail: str = ""

    def __str__(self) -> str:
        if self.problem == "not_whole":
            return (f"{self.kind}: the index is not whole ({self.detail}); the running indexer rebuilds it from "
                    f"the database by itself (or run `flask search reindex --kind {self.kind}`)")
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
        generation, found = expected_generation(kind), backend.generation(kind)
        if generation is None or found != generation:
            detail = ("never built from this database" if generation is None else
                      "missing, emptied or unreadable" if found is None else "built from another database")
            out.append(Difference(kind, "*", "not_whole", detail=detail))
            continue
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
        info["indexes"] = {}
        for kind in builders(app):
            try:
                backend = get_backend(app)
                info["counts"][kind] = backend.count(kind)
                problem = backend.index_problem(kind)
                info["indexes"][kind] = f"generation {expected_generation(kind)}" if not problem else \
                    "NOT WHOLE (search is degraded until the indexer has rebuilt it)"
            except Exception as exc:  # noqa: BLE001
                info["counts"][kind] = f"error: {exc}"
    info["lock"] = str(lock_path(app))
    return info
