"""The index knows it is whole (issue 13, finding 5): a deleted, emptied, corrupted or foreign index makes
search answer `degraded: true` (API) and show the banner (pages) instead of silently answering "1 of N";
the indexer notices by itself and rebuilds it from SQL; `flask search check` says so; the locks live
outside the index directory, so `flask search reindex` beside a running indexer asks it to rebuild."""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

API = "/api/v1/listings/search"
ORGS = "/api/v1/organisations/search"


def _root(url: str) -> Path:
    return Path(urlsplit(url).path)


def _delete(path: Path) -> None:
    """rm -rf, atomic even while the indexer writes into it (move away, then remove)."""
    gone = path.with_name(path.name + ".deleted")
    path.rename(gone)
    shutil.rmtree(gone)


def _live_dir(root: Path, kind: str) -> Path:
    return root / kind / (root / kind / "CURRENT").read_text().strip()


def _wait(predicate, limit: float = 10.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def test_deleted_index_is_never_silently_partial(app, client, corpus, search_url, make_org):
    """The finding: the index directory removed under a running indexer, one more listing saved →
    search answered 1 hit with degraded false. Now that answer says degraded, and the indexer rebuilds."""
    from app.indexing import Indexer

    org = make_org("producer", legal_name="Hợp tác xã Cói Kim Sơn")
    with Indexer(app) as ix:  # one long-running indexer, as under `make run`
        ix.drain()
        body = client.get(API).json
        assert (body["total"], body["degraded"]) == (6, False)
        assert client.get(ORGS, query_string={"q": "coi kim son"}).json["degraded"] is False

        ix.verify_every = 3600  # its next check is not due yet
        _delete(_root(search_url))
        body = client.get(API).json
        assert (body["total"], body["degraded"]) == (0, True)
        assert client.get(ORGS, query_string={"q": "coi kim son"}).json["degraded"] is True
        page = client.get("/search?q=ong").get_data(as_text=True)
        assert "search-degraded" in page

        corpus.save(7, title="Khay bã mía kháng dầu")
        assert ix.drain().indexed == 1  # lands in a fresh, unmarked index
        body = client.get(API).json
        assert (body["total"], body["degraded"]) == (1, True)  # 1 of 7, but never silently

        ix.verify_every = 0  # the check comes round: rebuilt from SQL, nobody had to do anything
        stats = ix.drain()
        assert stats.reindexed.get("listing") == 7 and stats.reindexed.get("organisation") == 1
    body = client.get(API).json
    assert (body["total"], body["degraded"]) == (7, False)
    assert client.get(ORGS, query_string={"q": "coi kim son"}).json["items"][0]["id"] == org.id
    assert "search-degraded" not in client.get("/search?q=ong").get_data(as_text=True)


def test_running_indexer_recovers_a_deleted_index_without_manual_steps(app, client, corpus, search_url,
                                                                      monkeypatch, request):
    monkeypatch.setitem(app.config, "SEARCH_VERIFY_INTERVAL", 0.2)
    request.getfixturevalue("running_indexer")
    _wait(lambda: client.get(API).json["degraded"] is False)
    _delete(_root(search_url))
    assert client.get(API).json["degraded"] is True
    body = _wait(lambda: (b := client.get(API).json)["degraded"] is False and b)
    assert body["total"] == 6


def test_corrupted_index_answers_degraded_not_500(app, client, corpus, search_url, sync):
    (_live_dir(_root(search_url), "listing") / "meta.json").write_text("{garbage")
    r = client.get(API, query_string={"q": "ong hut", "sort": "price_asc"})
    assert r.status_code == 200 and r.json["degraded"] is True and r.json["total"] == 0
    page = client.get("/search?q=ong")
    assert page.status_code == 200 and "search-degraded" in page.get_data(as_text=True)
    assert sync().reindexed == {"listing": 6}
    body = client.get(API, query_string={"q": "ong hut"}).json
    assert body["degraded"] is False and body["total"] == 2


def test_foreign_index_is_degraded_then_replaced(app, client, corpus, sync):
    """An index built from another database (another generation) is not this database's index."""
    from app.extensions import db
    from app.indexing import SearchIndexState

    db.session.execute(db.update(SearchIndexState).where(SearchIndexState.kind == "listing")
                       .values(generation="0123456789abcdef"))
    db.session.commit()
    assert client.get(API).json["degraded"] is True
    assert sync().reindexed == {"listing": 6}
    assert client.get(API).json["degraded"] is False


def test_check_command_reports_an_index_that_is_not_whole(app, corpus, search_url):
    _delete(_root(search_url) / "listing")
    result = app.test_cli_runner().invoke(args=["search", "check", "--kind", "listing"])
    assert result.exit_code == 1
    assert "listing: the index is not whole (missing, emptied or unreadable)" in result.output
    status = app.test_cli_runner().invoke(args=["search", "status"]).output
    assert "NOT WHOLE" in status


def test_locks_live_outside_the_index_and_reindex_asks_the_running_indexer(app, make_org, search_url,
                                                                           running_indexer):
    from app.indexing import lock_path

    root = _root(search_url)
    assert root not in lock_path(app).parents
    make_org("producer", legal_name="Công ty Một")
    _wait(lambda: (root / "organisation" / "CURRENT").exists())
    _delete(root)  # deleted while the indexer runs: its locks stay where they are
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--timeout", "20"])
    assert result.exit_code == 0, result.output
    assert "An indexer is running; asked it to rebuild" in result.output and "Done." in result.output
    from app.indexing import check, get_backend

    assert check(get_backend(app)) == []


def test_emptied_http_index_is_degraded_then_rebuilt(app, client, http_search, make_org):
    """Elasticsearch/OpenSearch: the index deleted and re-created empty by the next write (auto-create
    under the alias's name) carries no generation; the indexer replaces it."""
    from app.indexing import Indexer, get_backend

    orgs = [make_org("producer", legal_name=f"Công ty Mạng {n}") for n in range(3)]
    with Indexer(app) as ix:
        ix.drain()
        assert client.get(ORGS, query_string={"q": "mang"}).json["total"] == 3
        http = ix.backend.http
        for name in http.request("GET", f"/{ix.backend.alias('organisation')}/_mapping"):
            http.request("DELETE", f"/{name}")
        make_org("producer", legal_name="Công ty Mạng 3")
        ix.verify_every = 3600
        ix.drain()
        get_backend(app)._backend._generations.clear()  # readers re-read the marker (cached 1 s)
        body = client.get(ORGS, query_string={"q": "mang"}).json
        assert body["degraded"] is True and body["total"] <= 1  # what is left is never presented as whole
        ix.verify_every = 0
        assert ix.drain().reindexed["organisation"] == 4
    get_backend(app)._backend._generations.clear()
    body = client.get(ORGS, query_string={"q": "mang"}).json
    assert (body["total"], body["degraded"]) == (4, False)
    assert {o.id for o in orgs} <= {i["id"] for i in body["items"]}


@pytest.mark.parametrize("path,key", [("/api/v1/finance/offers", "degraded"),
                                      ("/api/v1/logistics/providers", "degraded")])
def test_other_searches_report_degraded_too(app, client, search_url, sync, path, key):
    sync()
    assert client.get(path).json[key] is False
    _delete(_root(search_url))
    assert client.get(path).json[key] is True
