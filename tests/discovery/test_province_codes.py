"""Province filters read `1`, `01` or a name and answer the official two-digit code, on both engines."""
from __future__ import annotations

import pytest

API = "/api/v1/listings/search"


@pytest.fixture(params=["tantivy", "opensearch"])
def engine_corpus(request, search_url):
    if request.param == "opensearch":
        request.getfixturevalue("http_search")
    return request.getfixturevalue("corpus")


def test_province_filter_with_or_without_the_zero_or_by_name_finds_the_same(client, engine_corpus):
    answers = {}
    for value in ("1", "01", "Hà Nội", "ha noi"):
        body = client.get(API, query_string={"province": value}).get_json()
        answers[value] = sorted(item["id"] for item in body["items"])
        assert {item["province"] for item in body["items"]} == {"01"}
        assert [v["value"] for v in body["facets"]["province"] if v["selected"]] == ["01"]
    assert answers["1"] == [3] and len(set(map(tuple, answers.values()))) == 1
    assert client.get(API, query_string={"near": "1", "radius_km": 50}).get_json()["items"][0]["id"] == 3


def test_search_page_links_carry_the_two_digit_code(client, engine_corpus):
    import html
    import re

    page = client.get("/search?province=1&q=t%C3%BAi").get_data(as_text=True)
    links = [html.unescape(h) for h in re.findall(r'href="(/search\?[^"]*)"', page)]
    built = [h for h in links if "province=" in h and "lang=" not in h]  # the page's own links (not the language switch)
    assert built and all(re.search(r"province=01(&|$)", h) for h in built), built
