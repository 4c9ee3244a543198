"""The index knows it is whole: the generation each kind's index must carry.

A rebuild from SQL (the only way an index becomes whole) writes a generation marker into the new
index (tantivy: a file in the index directory; Elasticsearch/OpenSearch: the mapping's `_meta`) and
records the same generation here, in the database the index was built from. From then on the indexer
keeps the index whole by applying every outbox row. Readers compare the marker of the index that
answered with this row: a missing, emptied (re-created by a write), unreadable or foreign index (built
from another database, or restored from elsewhere) carries no marker or another one, and search
answers `degraded` until the indexer — which checks the same thing every few seconds — has rebuilt it.
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..extensions import db

INCOMPLETE = "index_incomplete"  # the degraded reason readers report


class SearchIndexState(db.Model):
    __tablename__ = "search_index_state"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    generation: Mapped[str] = mapped_column(String(40), nullable=False)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    documents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


_EXPECTED = []


def expected_generation(kind: str) -> str | None:
    """The generation the live index of `kind` must carry (None: never built from this database)."""
    if not _EXPECTED:  # built once: every search asks
        _EXPECTED.append(db.select(SearchIndexState.generation).where(SearchIndexState.kind == db.bindparam("kind")))
    return db.session.scalar(_EXPECTED[0], {"kind": kind})


def generation_for_rebuild(kind: str) -> str:
    """The generation a rebuild writes: the recorded one (a planned reindex switches without a moment of
    `degraded`), or a new one when this database never built the kind."""
    return expected_generation(kind) or uuid.uuid4().hex


def record_rebuild(kind: str, generation: str, documents: int) -> None:
    """Remember the generation just written with a rebuilt index (the caller commits)."""
    row = db.session.get(SearchIndexState, kind)
    if row is None:
        row = SearchIndexState(kind=kind)
        db.session.add(row)
    row.generation, row.built_at, row.documents = generation, clock.now(), documents


def index_problem(kind: str, actual: str | None) -> str:
    """`INCOMPLETE` when the index that answered (generation `actual`) is not the whole index of `kind`."""
    expected = expected_generation(kind)
    return "" if expected is not None and actual == expected else INCOMPLETE
