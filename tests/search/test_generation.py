"""The index knows it is whole: a rebuild writes a generation marker that searches report; an index
created by a write, deleted, re-created empty or corrupted carries none; tantivy's writer lock lives
outside the index directory, so deleting the index cannot hand the lock to a second writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from search import Backend, SearchQuery, WriterBusy, backend_from_url

from .data import FIXED

Make = Callable[[str], Backend]


def test_rebuild_writes_the_generation_searches_report(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    assert b.generation("listing") is None  # nothing yet
    b.bulk_upsert("listing", FIXED[:2])  # a write creates the index, but nobody built it whole
    b.refresh("listing")
    assert b.generation("listing") is None
    assert b.search("listing", SearchQuery()).generation is None
    b.rebuild("listing", FIXED, generation="g1")
    assert b.generation("listing") == "g1"
    res = b.search("listing", SearchQuery(text="tre"))
    assert res.total == 3 and res.generation == "g1" and res.degraded == ""
    b.bulk_upsert("listing", [dict(FIXED[0], version=9, title="Ống hút cỏ bàng")])  # writes keep the marker
    b.refresh("listing")
    assert b.search("listing", SearchQuery(text="co bang")).generation == "g1"
    b.rebuild("listing", FIXED, generation="g2")
    assert b.generation("listing") == "g2"


def test_deleted_index_has_no_generation_and_a_write_recreates_it_unmarked(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    b.rebuild("listing", FIXED, generation="g1")
    if engine == "tantivy":
        shutil.rmtree(Path(b.root))  # type: ignore[attr-defined]
    else:
        http = b.http  # type: ignore[attr-defined]
        for name in http.request("GET", f"/{b.alias('listing')}/_mapping"):  # type: ignore[attr-defined]
            http.request("DELETE", f"/{name}")
    res = b.search("listing", SearchQuery(text="tre"))
    assert (res.total, res.generation) == (0, None)
    # the writer carries on: the next write lands in a fresh index without a marker (the "1 of 345" index)
    b.bulk_upsert("listing", [dict(FIXED[0], version=2)])
    b.refresh("listing")
    res = b.search("listing", SearchQuery())
    assert (res.total, res.generation) == (1, None)
    # a rebuild makes it whole again (on ES/OS it replaces the index auto-created under the alias's name)
    assert b.rebuild("listing", FIXED, generation="g1") == len(FIXED)
    res = b.search("listing", SearchQuery())
    assert (res.total, res.generation) == (len(FIXED), "g1")
    assert b.generation("listing") == "g1"


def test_corrupted_tantivy_index_answers_nothing_instead_of_failing(tmp_path: Path) -> None:
    b = backend_from_url(f"tantivy://{tmp_path / 'idx'}")
    b.rebuild("listing", FIXED, generation="g1")
    live = tmp_path / "idx" / "listing" / (tmp_path / "idx" / "listing" / "CURRENT").read_text().strip()
    reader = backend_from_url(f"tantivy://{tmp_path / 'idx'}")  # a web worker opening it now
    (live / "meta.json").write_text("{not json")
    res = reader.search("listing", SearchQuery(text="tre", facets=["province"]))
    assert (res.ids, res.total, res.generation) == ([], 0, None)
    assert reader.generation("listing") is None and reader.count("listing") == 0
    # pointer to a directory that is gone
    (tmp_path / "idx" / "listing" / "CURRENT").write_text("listing.v1.gone")
    assert reader.search("listing", SearchQuery()).generation is None
    # the writer recovers by rebuilding
    b.close()
    writer = backend_from_url(f"tantivy://{tmp_path / 'idx'}")
    writer.rebuild("listing", FIXED, generation="g1")
    assert reader.search("listing", SearchQuery(text="tre")).total == 3
    assert reader.generation("listing") == "g1"
    writer.close()


def test_tantivy_writer_lock_survives_deleting_the_index(tmp_path: Path) -> None:
    root = tmp_path / "idx"
    first = backend_from_url(f"tantivy://{root}")
    first.rebuild("listing", FIXED, generation="g1")
    locks = [p for p in tmp_path.rglob("*.lock") if not p.name.startswith(".tantivy")]  # tantivy's own: per index
    assert locks and all(root not in p.parents for p in locks), locks  # ours: beside the index, not in it
    shutil.rmtree(root)
    second = backend_from_url(f"tantivy://{root}")
    with pytest.raises(WriterBusy, match="writes the listing index"):
        second.rebuild("listing", FIXED, generation="g2")
    # the holder can rebuild the deleted index itself
    first.rebuild("listing", FIXED, generation="g1")
    assert second.search("listing", SearchQuery()).total == len(FIXED)
    first.close()
    assert second.rebuild("listing", FIXED, generation="g2") == len(FIXED)
    second.close()
