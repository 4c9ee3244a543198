"""Knowledge content in search, on tantivy and on OpenSearch (osmem-server through both clients): only
published content, accent-less queries, facets type/sector/province, unpublishing removes it, the hub
page and API, and the product search page shows a knowledge section."""
from __future__ import annotations

import pytest


@pytest.fixture(params=["tantivy", "es-client@osmem", "opensearch-py@osmem"])
def search_url(request, app, tmp_path):
    import uuid

    from app.indexing import close_backends

    old = app.config["SEARCH_URL"]
    if request.param == "tantivy":
        url = f"tantivy://{tmp_path / 'index'}"
    else:
        host = request.getfixturevalue("osmem_clone").url.split("://", 1)[1]
        scheme = "http" if request.param.startswith("es-client") else "opensearch+http"
        url = f"{scheme}://{host}?prefix=k{uuid.uuid4().hex[:8]}"
    close_backends(app)
    app.config["SEARCH_URL"] = url
    yield url
    close_backends(app)
    app.config["SEARCH_URL"] = old


def test_accentless_query_facets_and_unpublish(app, client, editors, publish, sync):
    from app.knowledge import services
    from app.knowledge.documents import search_knowledge
    from app.permissions import Actor

    guide = publish("guide")
    publish("model")
    publish("event")
    draft = services.create_item(Actor.for_user(editors[0]), {
        "type": "guide", "title": "Bản nháp về nhãn sinh thái", "body": "nhãn sinh thái", "topic": "eco_design"})
    sync()
    page = search_knowledge({"q": "nhan sinh thai"})
    ids = [h["id"] for h in page.items]
    assert guide.id in ids and draft.id not in ids
    assert {v["value"]: v["count"] for v in page.facets["type"]} == {"guide": 1, "event": 1}  # the model is about paper bags
    everything = search_knowledge({})
    assert everything.total == 3
    assert {v["value"] for v in everything.facets["province"]} == {"01", "48"}
    assert [h["type"] for h in search_knowledge({"sector": ["paper"]}).items] == ["model"]
    assert [h["type"] for h in search_knowledge({"province": ["48"], "type": ["event"]}).items] == ["event"]

    api = client.get("/api/v1/knowledge?q=nhan%20sinh%20thai&type=guide")
    assert api.status_code == 200 and [i["id"] for i in api.json["items"]] == [guide.id]
    hub = client.get("/knowledge/?q=nhan+sinh+thai").get_data(as_text=True)
    assert f'href="/knowledge/{guide.id}"' in hub and 'data-facet="type"' in hub and "<mark>" in hub

    services.unpublish(Actor.for_user(editors[1]), guide.id, {"reason": "Cập nhật luật"})
    sync()
    assert guide.id not in [h["id"] for h in search_knowledge({"q": "nhan sinh thai"}).items]


def test_product_search_page_shows_knowledge_section(app, client, publish, sync):
    publish("guide")
    sync()
    html = client.get("/search?q=nhan+sinh+thai").get_data(as_text=True)
    assert "kn-search-section" in html and "Quy trình chứng nhận Nhãn sinh thái" in html
    assert "kn-search-section" not in client.get("/search?q=zzzqqq").get_data(as_text=True)


def test_bad_filters_are_422(app, client, search_url):
    r = client.get("/api/v1/knowledge?type=novel&per_page=1000")
    assert r.status_code == 422 and {"type", "per_page"} <= set(r.json["error"]["fields"])
    assert client.get("/knowledge/?type=novel&province=999").status_code == 200
