"""One search read path (issue 14, item 3): every search — listings, organisations, finance offers, logistics
providers, a fair's exhibitor catalogue, knowledge — goes through app.searching: the same 503 answer when
the engine is down, hits hydrated from SQL (an object unpublished since it was indexed never shows), and no
domain reaches into another domain's private helpers."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

SEARCH_APIS = ["/api/v1/listings/search?q=tre", "/api/v1/organisations/search?q=tre", "/api/v1/finance/offers?q=tre",
               "/api/v1/logistics/providers?q=tre", "/api/v1/knowledge?q=tre"]


@pytest.fixture()
def engine_down(app, search_url, monkeypatch):
    from search import SearchError

    from app.indexing import backends

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise SearchError("engine unreachable")
            return fail

    monkeypatch.setattr(backends, "get_backend", lambda app=None: Down())
    import app.indexing as indexing

    monkeypatch.setattr(indexing, "get_backend", lambda app=None: Down())


@pytest.mark.parametrize("path", SEARCH_APIS)
def test_every_search_api_answers_the_same_503_when_the_engine_is_down(client, engine_down, path):
    r = client.get(path)
    assert r.status_code == 503, (path, r.status_code, r.get_data(as_text=True)[:300])
    assert r.json["error"]["code"] == "search_unavailable"
    assert "Search is temporarily unavailable" in r.json["error"]["message"] or "Tìm kiếm" in r.json["error"]["message"]


@pytest.mark.parametrize("path", ["/search?q=tre", "/finance/offers?q=tre", "/logistics/providers?q=tre",
                                  "/knowledge/?q=tre"])
def test_search_pages_say_search_is_unavailable_instead_of_failing(client, engine_down, path):
    r = client.get(path, headers={"Accept-Language": "en"})
    assert r.status_code in (200, 503), (path, r.status_code)
    assert r.status_code != 500


def test_the_fair_catalogue_uses_the_listing_search_restricted_to_exhibited_listings(app, engine_down):
    from app.discovery import services
    from app.searching import SearchUnavailableError

    with pytest.raises(SearchUnavailableError):
        services.search("listing", {}, only_ids=[1, 2], sponsored=False)
    # no exhibited listing: an empty page, no engine call
    page = services.search("listing", {"page": 1, "per_page": 20}, only_ids=[], sponsored=False)
    assert (page.total, page.items) == (0, [])


def test_hits_no_longer_visible_are_skipped_and_items_keep_engine_order(app):
    from types import SimpleNamespace

    from app import searching

    class Engine:
        def search(self, kind, query):
            return SimpleNamespace(ids=["3", "1", "2"], total=3, facets={"f": [{"value": "a", "count": 2}]},
                                   degraded="", relaxed=None, did_you_mean=None, understood=None, highlights={})

    import app.indexing as indexing

    old = indexing.get_backend
    indexing.get_backend = lambda app=None: Engine()
    try:
        from search import SearchQuery

        page = searching.run("listing", SearchQuery(text="x", page=1, per_page=20),
                             hydrate=lambda ids: {i: {"id": i} for i in ids if i != 1},  # 1 was unpublished
                             facets=lambda raw: searching.shape_facets(raw, {"f": ["b"]}, {"f": "f"},
                                                                       lambda f, v: v.upper()))
    finally:
        indexing.get_backend = old
    assert [i["id"] for i in page.items] == [3, 2]
    assert page.facets["f"] == [{"value": "a", "count": 2, "label": "A", "selected": False},
                                {"value": "b", "count": 0, "label": "B", "selected": True}]  # chosen stays ticked


def _domains() -> set[str]:
    return {p.parent.name for p in APP.glob("*/__init__.py") if p.parent.name not in ("api", "indexing")}


def test_no_domain_calls_another_domains_private_helpers():
    """`other._helper` or `from ..other.module import _helper` across domains: use the other domain's public
    functions (fairs used discovery's private `_shape_facets`)."""
    domains = _domains()
    bad = []
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(APP).parts
        own = rel[0] if len(rel) > 1 else None
        tree = ast.parse(path.read_text(), str(path))
        aliases: dict[str, str] = {}  # local name → domain of the module it names
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                base = (node.module or "").split(".")
                # from ..other import services as x / from ..other.services import _y
                target = base[0] if node.level == 2 and base[0] else (own if node.level == 1 else None)
                if target in domains and target != own:
                    for a in node.names:
                        if a.name.startswith("_") and not a.name.startswith("__"):
                            bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}.{a.name}")
                        aliases[a.asname or a.name] = target
                elif node.level == 2 and not base[0]:  # from .. import other
                    for a in node.names:
                        if a.name in domains and a.name != own:
                            aliases[a.asname or a.name] = a.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                    and node.attr.startswith("_") and not node.attr.startswith("__"):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {aliases[node.value.id]}….{node.attr}")
    assert not bad, "\n".join(bad)
