"""Providers in search: documents from SQL, facets (mode, province served, certification, cold chain)
through the indexer and the API, on tantivy and on an OpenSearch-compatible engine via both clients."""
from __future__ import annotations

import uuid

import pytest


@pytest.fixture()
def providers(make_provider):
    make_provider("Xe Điện Sài Gòn", provinces=["79", "75"], fleet=[("road_electric_van", 40, 180.0)],
                  certifications=["iso14001", "glec_iso14083"], cold_chain=True)
    make_provider("Sà Lan Mekong", provinces=["92", "86"], corridors=[["92", "79"]], fleet=[("inland_barge", 12, 31.0)],
                  certifications=["iso9001"], province="92")
    make_provider("Đường Sắt Bắc Nam", provinces=["1", "48", "79"], fleet=[("rail", 60, None), ("road_diesel_artic", 20, None)],
                  certifications=["iso14001"], province="1")
    make_provider("Chưa công bố", published=False)


def _engine_url(engine, tmp_path, request):
    if engine == "tantivy":
        return f"tantivy://{tmp_path / 'idx'}"
    host = request.getfixturevalue("osmem_clone").url.split("://", 1)[1]
    scheme = "http" if engine == "es-client@osmem" else "opensearch+http"
    return f"{scheme}://{host}?prefix=gl{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("engine", ["tantivy", "es-client@osmem", "opensearch-py@osmem"])
def test_provider_search_on_each_engine(app, providers, engine, tmp_path, request):
    from app.indexing import Indexer, close_backends
    from app.logistics.provider_search import search_providers

    old = app.config["SEARCH_URL"]
    close_backends(app)
    app.config["SEARCH_URL"] = _engine_url(engine, tmp_path, request)
    try:
        with Indexer(app) as ix:
            stats = ix.drain()
        assert stats.failed == 0, stats.errors
        page = search_providers({})
        assert page.total == 3  # the unpublished one is not indexed
        facets = {k: {b["value"]: b["count"] for b in v} for k, v in page.facets.items()}
        assert facets["mode"] == {"road": 2, "rail": 1, "inland_waterway": 1}
        assert facets["certification"]["iso14001"] == 2
        assert facets["cold_chain"] == {"true": 1}
        assert facets["province"]["79"] == 3  # corridor ends count as provinces served
        assert [i["name"] for i in search_providers({"mode": ["inland_waterway"]}).items] == ["Sà Lan Mekong"]
        assert [i["name"] for i in search_providers({"cold_chain": True}).items] == ["Xe Điện Sài Gòn"]
        assert [i["name"] for i in search_providers({"province": ["48"]}).items] == ["Đường Sắt Bắc Nam"]
        got = search_providers({"certification": ["iso14001"], "mode": ["rail"]}).items
        assert [i["name"] for i in got] == ["Đường Sắt Bắc Nam"]
        assert [i["name"] for i in search_providers({"q": "duong sat"}).items] == ["Đường Sắt Bắc Nam"]
    finally:
        close_backends(app)
        app.config["SEARCH_URL"] = old


def test_api_and_page(client, providers, sync):
    stats = sync()
    assert stats.indexed >= 3
    r = client.get("/api/v1/logistics/providers?mode=rail&province=79")
    assert r.status_code == 200, r.json
    assert [i["name"] for i in r.json["items"]] == ["Đường Sắt Bắc Nam"]
    item = r.json["items"][0]
    assert item["modes"] == ["rail", "road"] and item["fleet"][0]["intensity_status"] == "default"
    assert client.get("/api/v1/logistics/providers?mode=teleport").status_code == 422
    html = client.get("/logistics/providers?lang=en&cold_chain=1").get_data(as_text=True)
    assert "Xe Điện Sài Gòn" in html and "Sà Lan Mekong" not in html and "Providers found: 1" in html
    detail = client.get(f"/api/v1/logistics/providers/{item['id']}").json
    assert detail["name"] == "Đường Sắt Bắc Nam"


def test_version_grows_with_profile_and_org_changes(make_provider):
    from app.logistics.documents import provider_document
    from app.logistics.services import profile_for_org, save_profile
    from app.permissions import Actor

    org, owner = make_provider()
    profile = profile_for_org(org.id)
    v1 = provider_document(profile)["version"]
    save_profile(Actor.for_user(owner), {"summary": "Mới"})
    assert provider_document(profile)["version"] == v1 + 1
