"""The HTML search page: facets with counts as links and checkboxes (no JavaScript needed), sort,
pagination that keeps multi-valued filters, highlights, badges, empty state, nav link, home box."""
from __future__ import annotations

import re


def html(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_search_page_results_facets_and_highlights(client, corpus):
    page = html(client, "/search?q=ong+hut&lang=en")
    assert "Results: 2" in page
    assert "<mark>" in page and "✓ Verified" in page
    assert 'name="province" value="38"' in page  # facet checkbox
    assert re.search(r'href="/search\?q=ong\+hut&amp;province=38">Thanh Hóa</a>\s*<span class="facet-count">1</span>', page)
    assert 'data-suggest="/api/v1/search/suggest"' in page
    # CSP: every script is an external file
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_selected_facet_link_toggles_off_and_pager_keeps_multi_values(client, corpus):
    page = html(client, "/search?label=vn-ecolabel&label=grs&per_page=1&lang=en")
    assert "Results: 3" in page
    assert re.search(r'name="label" value="grs" checked', page)
    # the link of a selected value removes only that value
    assert 'href="/search?label=vn-ecolabel&amp;per_page=1"' in page
    nxt = re.search(r'<a rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "label=vn-ecolabel" in nxt and "label=grs" in nxt and "page=2" in nxt
    assert "Results: 3" in html(client, nxt + "&lang=en")


def test_sort_near_and_empty_state(client, corpus):
    page = html(client, "/search?near=1&sort=distance&lang=en")
    assert re.search(r'<option value="distance" selected', page) and "km away" in page
    page = html(client, "/search?q=zzzzqqq&lang=en")
    assert "No listings match." in page and "Results: 0" in page


def test_relaxed_results_and_ways_on_from_an_empty_page(client, corpus):
    page = html(client, "/search?q=tui+phan+huy+sinh+hoc")
    assert "Không có kết quả cho cả “túi” — đang hiện kết quả cho “phân huỷ sinh học”." in page
    assert "Ống hút tre" in page and "Hộp bã mía" not in page  # "từ … phân hủy" is not "tự phân huỷ"
    page = html(client, "/search?q=kraxxt&lang=en")
    assert re.search(r'Did you mean <a href="/search\?q=kraft">kraft</a>\?', page)
    assert 'href="/listings"' in page and 'href="/sourcing/requests/new?title=kraxxt"' in page
    page = html(client, "/search?q=kraft&province=79&lang=en")
    assert "Show the 1 results without filters" in page and 'href="/search?q=kraft"' in page
    page = html(client, "/search?q=hoopj+giaays&lang=en")
    assert "Showing results for “hộp giấy”" in page or "No listings match." in page


def test_instant_results_fragment(client, corpus):
    page = html(client, "/search?q=ong+hut+gi&prefix=1&partial=1&lang=en")
    assert "ba lớp Đà Nẵng" in page and "Thanh Hoá" not in page
    assert "<html" not in page and "Results: 1" in page
    assert 'data-instant="/search"' in html(client, "/search")


def test_invalid_filters_are_ignored_with_a_message(client, corpus):
    page = html(client, "/search?q=tre&province=xx&sort=distance&lang=en")
    assert "Some filters were not valid and were ignored" in page
    assert "Results: 1" in page


def test_nav_link_and_home_search_box(client, search_url):
    page = html(client, "/?lang=en")
    assert 'href="/search"' in page
    assert 'action="/search"' in page and 'name="q"' in page


def test_organisation_directory_search_page(client, make_org, sync):
    org = make_org("producer", legal_name="Hợp tác xã Cói Kim Sơn", province_code="37")
    sync()
    page = html(client, "/search/organisations?q=coi&lang=en")
    assert "Results: 1" in page and "<mark>" in page
    assert f"/orgs/{org.id}" in page or "Kim Sơn" in page


def test_price_buckets_follow_the_data_with_vnd_labels_and_a_free_range(client, corpus):
    page = html(client, "/search?lang=vi")
    block = re.search(r'<fieldset class="facet facet-price".*?</fieldset>', page, re.S).group(0)
    labels = re.findall(r'<a href="[^"]+">([^<]+)</a>\s*<span class="facet-count">(\d+)</span>', block)
    assert labels[0][0].startswith("Dưới ") and labels[0][0].endswith(" ₫") and "trở lên" in labels[-1][0]
    assert sum(int(n) for _, n in labels) == 6 and 2 <= len(labels) <= 6
    assert all(re.fullmatch(r"(Dưới |Từ )?[\d.]+ ₫( – [\d.]+ ₫)?( trở lên)?", text) for text, _ in labels)
    # a bucket is a link setting price_min/price_max; following it selects it and filters
    first = re.search(r'<a href="([^"]+)">Dưới', block).group(1).replace("&amp;", "&")
    assert "price_max=" in first and "price=" not in first.replace("price_max=", "")
    chosen = html(client, first + "&lang=vi")
    assert re.search(r'aria-current="true" class="facet-selected">✓ Dưới', chosen)
    # the free range: vi "1.000" is a thousand; the inputs show it back grouped
    page = html(client, "/search?price_min=1.000&price_max=5.000&lang=vi")
    assert "Kết quả: 2" in page  # 1 500 ₫ and 2 500 ₫
    assert "Results: 2" in html(client, "/search?price_min=1,000&price_max=5,000&lang=en")
    assert 'name="price_min" inputmode="numeric"' in page and 'value="1.000"' in page and 'value="5.000"' in page
    assert 'for="price-min"' in page and 'for="price-max"' in page
    en = html(client, "/search?lang=en")
    assert re.search(r">Under [\d,]+ ₫</a>", en) and re.search(r">[\d,]+ ₫ and more</a>", en)


def test_old_price_bucket_links_still_work(client, corpus):
    old = html(client, "/search?price=lt50k&lang=en")
    new = html(client, "/search?price_max=49999&lang=en")
    count = re.compile(r"Results: (\d+)")
    assert count.search(old).group(1) == count.search(new).group(1) == "5"
    assert 'value="49,999"' in old  # the range is shown in the free inputs
    bad = html(client, "/search?price_min=abc&lang=en")
    assert "Lowest price: Enter a whole number of đồng (0 or more)." in bad and "price_min:" not in bad


def test_export_market_facet_shows_market_names_in_both_languages_and_the_api_keeps_codes(client, corpus):
    en = html(client, "/search?lang=en")
    assert re.search(r'name="export_market" value="EU"[^>]*>\s*<a [^>]*>European Union</a>', en)
    assert not re.search(r">(EU|JP|US)</a>", en)
    vi = html(client, "/search?lang=vi")
    assert re.search(r'name="export_market" value="JP"[^>]*>\s*<a [^>]*>Nhật Bản</a>', vi)
    assert not re.search(r">(EU|JP|US)</a>", vi)
    body = client.get("/api/v1/listings/search", query_string={"export_market": "EU"}).json
    assert {v["value"] for v in body["facets"]["export_market"]} >= {"EU"}
