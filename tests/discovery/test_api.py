"""GET /api/v1/listings/search and /api/v1/search/suggest: contract, facets, folding, geo, sorting."""
from __future__ import annotations

import pytest

API = "/api/v1/listings/search"


def ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def facet(body, name) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name]}


def test_contract_shape(client, corpus):
    r = client.get(API, query_string={"q": "ống hút"})
    assert r.status_code == 200
    body = r.json
    assert {"items", "total", "facets", "page", "per_page", "pages", "degraded"} <= body.keys()
    assert body["total"] == 2 and set(ids(body)) == {1, 6}
    assert body["degraded"] is False
    item = body["items"][0]
    for key in ("id", "title", "org_name", "province", "province_name", "price_min", "verified", "labels", "highlights"):
        assert key in item
    assert "version" not in item and "claim_strength" not in item
    assert "<mark>" in item["highlights"]["title"]
    assert set(body["facets"]) == {"category", "label", "label_kind", "verified", "province", "price", "export_market"}


@pytest.mark.parametrize("q,expected", [
    ("hop ba mia", {2}),            # accent-less
    ("HỘP BÃ MÍA", {2}),            # case
    ("phan huy", {1, 2}),          # huỷ / hủy tone placement, accent-less
    ("Đà Nẵng", {6}), ("da nang", {6}),  # đ folding
    ("tui giay", {3}),
    ("kraaft", {3}),                # typo
])
def test_vietnamese_folding_and_typos_through_api(client, corpus, q, expected):
    assert set(ids(client.get(API, query_string={"q": q}).json)) == expected


def test_facets_ignore_their_own_selection(client, corpus):
    body = client.get(API, query_string={"province": "79"}).json
    assert set(ids(body)) == {2, 4}
    # the province facet still counts every province (its own selection ignored)…
    assert facet(body, "province") == {"79": 2, "38": 1, "01": 1, "82": 1, "48": 1}
    # …while other facets count within the selection
    assert facet(body, "label") == {"vn-ecolabel": 1, "ok-compost": 1, "grs": 1}
    selected = [v for v in body["facets"]["province"] if v["selected"]]
    assert [v["value"] for v in selected] == ["79"] and selected[0]["label"] == "Hồ Chí Minh"


def test_multi_value_facets_or_within_and_across(client, corpus):
    body = client.get(API, query_string=[("label", "fsc"), ("label", "grs")]).json
    assert set(ids(body)) == {3, 4}
    body = client.get(API, query_string=[("label", "fsc"), ("label", "grs"), ("export_market", "EU")]).json
    assert set(ids(body)) == {4}


def test_hierarchical_category(client, corpus):
    body = client.get(API, query_string={"category": "packaging"}).json
    assert set(ids(body)) == {1, 2, 3, 6}
    cats = {v["value"]: v for v in body["facets"]["category"]}
    assert cats["packaging"]["count"] == 4 and cats["packaging.straws"]["count"] == 2
    assert cats["packaging.straws"]["depth"] == 1 and cats["packaging.straws"]["parent"] == "packaging"
    assert set(ids(client.get(API, query_string={"category": "packaging.straws"}).json)) == {1, 6}


PRICES = {1: 800, 2: 2500, 3: 1500, 4: 250000, 5: 45000, 6: 300}  # price_min of the corpus


def test_verified_price_moq_recycled_filters(client, corpus):
    body = client.get(API, query_string={"verified": "true"}).json
    assert set(ids(body)) == {1, 2, 4}
    assert facet(body, "verified") == {"true": 3}
    # old fixed bucket keys (links and saved searches from before) still filter as their ranges
    assert set(ids(client.get(API, query_string={"price": "lt50k"}).json)) == {1, 2, 3, 5, 6}
    body = client.get(API, query_string={"price": "200k-1m"}).json
    assert ids(body) == [4]
    # the buckets follow the data, ignore the price selection, and a bucket's value filters like its range
    buckets = body["facets"]["price"]
    assert sum(b["count"] for b in buckets) == 6 and len(buckets) <= 6
    for b in buckets:
        expected = len(ids(client.get(API, query_string={"price": b["value"]}).json))
        assert b["count"] == expected
        lo = b["from"]
        hi = None if b["to"] is None else int(b["to"]) - 1
        args = {k: int(v) for k, v in (("price_min", lo), ("price_max", hi)) if v is not None}
        assert (b["price_min"], b["price_max"]) == (lo, hi)  # the filter that selects the bucket
        assert len(ids(client.get(API, query_string=args).json)) == expected
    assert set(ids(client.get(API, query_string={"price_min": "1.000", "price_max": "5.000"}).json)) == {
        i for i, p in PRICES.items() if 1000 <= p <= 5000}  # vi: 1.000 is one thousand
    r = client.get(API, query_string={"price_min": "9000", "price_max": "1000"})
    assert r.status_code == 422 and "price_max" in r.json["error"]["fields"]
    assert client.get(API, query_string={"price": "abc"}).status_code == 422
    assert set(ids(client.get(API, query_string={"moq_max": 1000}).json)) == {1, 2, 5}
    assert set(ids(client.get(API, query_string={"recycled_min": 50}).json)) == {3, 4}
    assert set(ids(client.get(API, query_string={"label_kind": "organic"}).json)) == {5}


def test_geo_near_radius_and_distance_sort(client, corpus):
    # Around Hồ Chí Minh City (79) within 150 km: 79 itself and Đồng Tháp (82)
    body = client.get(API, query_string={"near": "79", "radius_km": 150}).json
    assert set(ids(body)) == {2, 4, 5}
    body = client.get(API, query_string={"near": "1", "sort": "distance"}).json
    order = ids(body)
    assert order[0] == 3 and order[-1] in {2, 4, 5}  # Hà Nội first, the south last
    distances = [item["distance_km"] for item in body["items"]]
    assert distances == sorted(distances) and distances[0] == 0


def test_sorts_price_newest_and_stable_pagination(client, corpus):
    body = client.get(API, query_string={"sort": "price_asc"}).json
    prices = [i["price_min"] for i in body["items"]]
    assert prices == sorted(prices)
    body = client.get(API, query_string={"sort": "price_desc"}).json
    assert ids(body)[0] == 4
    body = client.get(API, query_string={"sort": "newest"}).json
    assert ids(body) == [6, 5, 4, 3, 2, 1]
    seen = []
    for page in (1, 2, 3):
        body = client.get(API, query_string={"sort": "relevance", "per_page": 2, "page": page}).json
        assert body["total"] == 6 and body["pages"] == 3
        seen += ids(body)
    assert sorted(seen) == [1, 2, 3, 4, 5, 6]


def test_relevance_blends_verified_claims(client, corpus):
    # Both listings match "ống hút" in the title; the one with verified claims ranks first.
    assert ids(client.get(API, query_string={"q": "ống hút"}).json)[0] == 1


@pytest.mark.parametrize("args,field", [
    ({"page": 0}, "page"), ({"per_page": 101}, "per_page"), ({"page": 600, "per_page": 20}, "page"),
    ({"sort": "cheapest"}, "sort"), ({"sort": "distance"}, "sort"), ({"near": "999"}, "near"),
    ({"radius_km": 50}, "radius_km"), ({"province": "xx"}, "province"), ({"verified": "maybe"}, "verified"),
    ({"price": "free"}, "price"), ({"recycled_min": 101}, "recycled_min"), ({"q": "x" * 201}, "q"),
])
def test_bad_arguments_are_422(client, corpus, args, field):
    r = client.get(API, query_string=args)
    assert r.status_code == 422, r.json
    assert r.json["error"]["code"] == "validation_failed"
    assert field in r.json["error"]["fields"]


def test_unpublished_listing_disappears_after_sync(client, corpus, sync):
    corpus.save(2, published=False)
    # not yet synced: the stale hit is dropped at hydration (SQL is the truth)
    body = client.get(API, query_string={"q": "bã mía"}).json
    assert ids(body) == []
    sync()
    body = client.get(API, query_string={"q": "bã mía"}).json
    assert 2 not in ids(body) and (body["total"] == 0 or body["relaxed"])


def test_suggest(client, corpus):
    r = client.get("/api/v1/search/suggest", query_string={"q": "ong h"})
    assert r.status_code == 200
    assert set(r.json["items"]) == {"Ống hút tre tự nhiên", "Ống hút giấy"}
    assert client.get("/api/v1/search/suggest").status_code == 422
    assert client.get("/api/v1/search/suggest", query_string={"q": "zzzz"}).json == {"items": []}


def test_organisations_are_indexed_through_the_outbox(client, make_org, sync, search_url):
    org = make_org("producer", legal_name="Công ty Tre Việt", trade_name="Tre Việt", province_code="38",
                   description="Ống hút tre")
    make_org("buyer", status="pending", legal_name="Siêu thị Chờ Duyệt")
    sync()
    body = client.get("/api/v1/organisations/search", query_string={"q": "tre viet"}).json
    assert ids(body) == [org.id]
    assert client.get("/api/v1/organisations/search", query_string={"q": "cho duyet"}).json["total"] == 0
    r = client.get("/api/v1/search/suggest", query_string={"q": "tre", "kind": "organisation"})
    assert r.json["items"] and "Tre Việt" in r.json["items"][0]


# -- query understanding through the API (issue 15) ----------------------------------------------
@pytest.mark.parametrize("path", [
    API, "/api/v1/search/suggest?q=tre", "/api/v1/organisations/search", "/api/v1/listings", "/api/v1/labels",
    "/api/v1/fairs",
])
def test_unknown_query_parameters_are_422_naming_the_accepted_ones(client, corpus, path):
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}bogus=x")
    assert r.status_code == 422, r.json
    message = r.json["error"]["fields"]["bogus"][0]
    assert "Accepted:" in message or "hợp lệ" in message
    assert client.get(f"{path}{sep}lang=en").status_code == 200  # the language switch is global


def test_unknown_parameter_message_lists_the_search_parameters(client, corpus):
    r = client.get(API, query_string={"q": "tre", "prefix_last": "1", "lang": "en"})
    assert r.status_code == 422
    message = r.json["error"]["fields"]["prefix_last"][0]
    assert message.startswith("Unknown parameter. Accepted:") and "prefix" in message and "q" in message


def test_prefix_parameter_completes_the_last_word(client, corpus):
    body = client.get(API, query_string={"q": "ong hut gi", "prefix": "true"}).json
    assert ids(body) == [6] and body["relaxed"] is None
    body = client.get(API, query_string={"q": "ong hut gi"}).json  # "gi" as a whole word: dropped
    assert body["relaxed"]["dropped"] == ["gi"]
    assert client.get("/api/v1/search/suggest", query_string={"q": "ong hut gi"}).json["items"] == ["Ống hút giấy"]


def test_relaxed_results_say_which_words_were_dropped(client, corpus):
    body = client.get(API, query_string={"q": "tui phan huy sinh hoc"}).json
    assert ids(body) == [1]
    assert body["relaxed"] == {"dropped": ["túi"], "query": "phân huỷ sinh học", "matched": 4, "of": 5}


def test_telex_vni_did_you_mean_and_filters_in_the_api(client, corpus):
    body = client.get(API, query_string={"q": "tuis giaays"}).json
    assert ids(body) == [3] and body["understood"] == "túi giấy"
    assert ids(client.get(API, query_string={"q": "tui1 giay61"}).json) == [3]
    body = client.get(API, query_string={"q": "kraxxt"}).json
    assert body["total"] == 0 and body["did_you_mean"] == "kraft"
    body = client.get(API, query_string={"q": "kraft", "province": "79"}).json
    assert body["total"] == 0 and body["without_filters"] == 1
