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
