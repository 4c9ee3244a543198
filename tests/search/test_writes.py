"""Writes on every engine: versioning, delete, rebuild under load; tantivy writer locking."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from search import Backend, SearchQuery, SearchUnavailable, WriterBusy, backend_from_url

from .data import DOCS, FIXED

Make = Callable[[str], Backend]


def titles(backend: Backend, text: str) -> set[str]:
    return set(backend.search("listing", SearchQuery(text=text)).ids)


def test_older_version_never_overwrites_newer(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    doc = dict(FIXED[0])
    assert b.bulk_upsert("listing", [dict(doc, version=5, title="Ống hút cỏ")]).indexed == 1
    res = b.bulk_upsert("listing", [dict(doc, version=3, title="Ống hút nhựa")])
    assert (res.indexed, res.stale) == (0, 1)
    # Within one batch the highest version wins whatever the order.
    b.bulk_upsert("listing", [dict(doc, version=7, title="Ống hút gạo"), dict(doc, version=6, title="Ống hút giấy")])
    b.refresh("listing")
    assert titles(b, "gao") == {"1"} and titles(b, "nhua") == set() and titles(b, "giay") == set()
    assert b.ids_and_versions("listing") == {"1": 7}
    # Re-sending the stored version is accepted (idempotent redelivery).
    assert b.bulk_upsert("listing", [dict(doc, version=7, title="Ống hút gạo")]).stale == 0


def test_delete(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    b.bulk_upsert("listing", FIXED)
    b.delete("listing", ["1", "5", "404"])
    b.refresh("listing")
    assert b.count("listing") == len(FIXED) - 2
    assert titles(b, "tre") == {"7"}
    assert set(b.ids_and_versions("listing")) == {d["id"] for d in FIXED} - {"1", "5"}


def test_empty_index_answers(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    res = b.search("listing", SearchQuery(text="tre", facets=["province"]))
    assert (res.ids, res.total, res.facets) == ([], 0, {"province": []})
    assert b.count("listing") == 0 and b.ids_and_versions("listing") == {}
    assert b.ping()


def test_rebuild_switches_atomically_while_searching(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    b.bulk_upsert("listing", DOCS)
    b.refresh("listing")
    errors: list[BaseException] = []
    totals: set[int] = set()
    stop = threading.Event()

    def searcher() -> None:
        while not stop.is_set():
            try:
                totals.add(b.search("listing", SearchQuery(facets=["province"])).total)
            except BaseException as exc:  # noqa: BLE001 - any error fails the test
                errors.append(exc)
                return

    threads = [threading.Thread(target=searcher) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            assert b.rebuild("listing", [dict(d, version=2) for d in FIXED]) == len(FIXED)
            assert b.rebuild("listing", DOCS) == len(DOCS)
        assert b.rebuild("listing", [dict(d, version=2) for d in FIXED]) == len(FIXED)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    assert totals <= {len(DOCS), len(FIXED)} and len(FIXED) in totals
    assert b.count("listing") == len(FIXED)
    assert set(b.ids_and_versions("listing").values()) == {2}
    # The index is still writable after the switch.
    b.bulk_upsert("listing", [dict(FIXED[0], version=3, title="Ống hút gạo")])
    b.refresh("listing")
    assert titles(b, "gao") == {"1"}


def test_rebuild_keeps_one_physical_index(make_backend: Make, engine: str) -> None:
    b = make_backend(engine)
    b.bulk_upsert("listing", FIXED)
    for _ in range(3):
        b.rebuild("listing", FIXED)
    if engine == "tantivy":
        kind_dir = Path(b.root) / "listing"  # type: ignore[attr-defined]
        dirs = [p for p in kind_dir.iterdir() if p.is_dir()]
        assert len(dirs) <= 2  # live + the one just replaced (for readers mid-search)
    else:
        http = b.http  # type: ignore[attr-defined]
        indices = http.request("GET", f"/{b.alias('listing')}_*")  # type: ignore[attr-defined]
        assert len(indices) == 1 and b.alias("listing") in next(iter(indices.values()))["aliases"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("switches", [1, 2])
def test_tantivy_reader_mid_switch_answers_a_whole_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         switches: int) -> None:
    """A web worker has looked at the pointer when `flask search reindex` (another process, a fresh
    backend) switches it and removes old indexes, before the worker reloads its index. The worker
    answers the old or the new index whole, with its generation: never an empty, unmarked answer."""
    from search import tantivy_store

    root = tmp_path / "idx"
    first = backend_from_url(f"tantivy://{root}")
    first.rebuild("listing", DOCS, generation="g1")
    first.close()
    reader = backend_from_url(f"tantivy://{root}")
    assert reader.search("listing", SearchQuery()).total == len(DOCS)

    real_sig = tantivy_store._sig
    armed = [True]

    def sig_then_reindex(path: Path):
        got = real_sig(path)
        if path.name == tantivy_store.POINTER and armed:
            armed.clear()  # the reader has looked at the pointer: now the other process reindexes
            reindex = backend_from_url(f"tantivy://{root}")
            for _ in range(switches):
                reindex.rebuild("listing", FIXED, generation="g1")
            reindex.close()
        return got

    monkeypatch.setattr(tantivy_store, "_sig", sig_then_reindex)
    result = reader.search("listing", SearchQuery())
    assert not armed, "the reindex ran in the window"
    assert (result.total, result.generation) in {(len(DOCS), "g1"), (len(FIXED), "g1")}
    assert reader.search("listing", SearchQuery()).total == len(FIXED)  # and the next search sees the new one
    reader.close()


@pytest.mark.parametrize("engine_name", ["es-client@osmem", "opensearch-py@osmem"])
@pytest.mark.parametrize("answer", ["index_gone", "shard_failed"])
def test_http_search_landing_on_the_replaced_index_asks_the_alias_again(make_backend: Make, engine_name: str,
                                                                       answer: str) -> None:
    """A search that resolved the alias just before a rebuild moved it finds its index deleted
    (404 index_not_found) or a shard failed (a partial answer): it is asked once more on the alias,
    which names the new index, and answers it whole."""
    from search.es_http import HttpError

    b = make_backend(engine_name)
    b.rebuild("listing", DOCS, generation="g1")
    http = b.http  # type: ignore[attr-defined]
    real = http.request
    first = [True]

    def request(method, path, body=None, params=None):
        if path.endswith("/_search") and first:
            first.clear()
            b.rebuild("listing", FIXED, generation="g1")  # the alias moves, the old index is deleted
            if answer == "index_gone":
                raise HttpError(404, {"error": {"type": "index_not_found_exception"}, "status": 404})
            return {"_shards": {"total": 1, "successful": 0, "failed": 1},
                    "hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}
        return real(method, path, body, params)

    http.request = request
    result = b.search("listing", SearchQuery())
    assert not first
    assert (result.total, result.generation) == (len(FIXED), "g1")


_HOLD_WRITER = textwrap.dedent(
    """
    import sys
    from search import backend_from_url
    b = backend_from_url("tantivy://" + sys.argv[1])
    b.open_writer("listing")
    print("ready", flush=True)
    sys.stdin.read()
    """
)


def test_second_tantivy_writer_process_gets_writer_busy(tmp_path: Path) -> None:
    root = tmp_path / "idx"
    first = backend_from_url(f"tantivy://{root}")
    first.bulk_upsert("listing", FIXED)
    first.close()  # releases the writer
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_WRITER, str(root)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        second = backend_from_url(f"tantivy://{root}")
        with pytest.raises(WriterBusy):
            second.bulk_upsert("listing", FIXED)
        with pytest.raises(WriterBusy):
            second.rebuild("listing", FIXED)
        # Readers need no lock: searching works while the other process writes.
        assert second.search("listing", SearchQuery(text="tre")).total == 3
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)
    # Once the holder exited, the lock is free again.
    third = backend_from_url(f"tantivy://{root}")
    assert third.bulk_upsert("listing", FIXED[:1]).indexed == 1
    third.close()


def test_reader_process_sees_new_commits(tmp_path: Path) -> None:
    root = tmp_path / "idx"
    writer = backend_from_url(f"tantivy://{root}")
    reader = backend_from_url(f"tantivy://{root}")
    writer.bulk_upsert("listing", FIXED[:2])
    assert reader.count("listing") == 2
    writer.bulk_upsert("listing", FIXED[2:])
    assert reader.count("listing") == len(FIXED)
    writer.rebuild("listing", FIXED[:3])
    assert reader.search("listing", SearchQuery()).total == 3
    writer.close()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "opensearch+http://127.0.0.1:9"])
def test_unreachable_engine_raises_search_unavailable(url: str) -> None:
    b = backend_from_url(url)
    assert b.ping() is False
    with pytest.raises(SearchUnavailable):
        b.search("listing", SearchQuery(text="tre"))
    with pytest.raises(SearchUnavailable):
        b.bulk_upsert("listing", FIXED)
