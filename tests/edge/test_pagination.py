"""Issue 13.1 and 13.8: every list pages inside a bounded window.

The API refuses a page or size past the limit with a 422 naming the field; HTML lists show their last
page; the search engines never get asked for a page past `search.MAX_RESULT_WINDOW` (see also
tests/search/test_contract.py)."""
from __future__ import annotations

import pytest

HUGE = str(2**63)


def _paginated_api_lists(client) -> list[str]:
    spec = client.get("/api/v1/openapi.json").get_json()
    out = []
    for path, ops in spec["paths"].items():
        params = ops.get("get", {}).get("parameters", [])
        if any(p["name"] == "page" and p["in"] == "query" for p in params):
            out.append(path)
    return out


def _concrete(path: str) -> str:
    import re

    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_paginated_api_list_refuses_pages_past_its_limit(client, make_user, make_org, token_for):
    user = make_user(role="admin")
    make_org("finance", owner=user)
    headers = token_for(user)
    lists = _paginated_api_lists(client)
    assert len(lists) >= 10, lists
    for path in map(_concrete, lists):
        for query, field in ((f"page={HUGE}", "page"), ("page=99999999", "page"), ("page=0", "page"),
                             ("page=-3", "page"), ("page=zwei", "page"), ("per_page=101", "per_page"),
                             ("per_page=0", "per_page"), (f"per_page={HUGE}", "per_page"), ("page=5001&per_page=20", "page")):
            r = client.get(f"{path}?{query}", headers=headers)
            assert r.status_code == 422, (path, query, r.status_code, r.get_data(as_text=True)[:300])
            assert field in r.get_json()["error"]["fields"], (path, query, r.get_json())
        r = client.get(f"{path}?page=1&per_page=100", headers=headers)
        assert r.status_code != 422 and r.status_code < 500, (path, r.status_code, r.get_data(as_text=True)[:300])


def test_fairs_api_honours_its_page_size_limit(client):
    r = client.get("/api/v1/fairs?per_page=1000")
    assert r.status_code == 422 and "per_page" in r.get_json()["error"]["fields"]
    assert client.get("/api/v1/fairs?per_page=100").status_code == 200


def test_the_window_message_is_translated(client):
    r = client.get(f"/api/v1/listings?page={HUGE}", headers={"Accept-Language": "vi"})
    assert "thu hẹp" in r.get_json()["error"]["fields"]["page"][0]


@pytest.mark.parametrize("page", ["99999999", HUGE, "-1", "0", "x", "1e9", "٣", "9" * 5000])
def test_html_lists_show_the_last_page_for_any_page_number(client, make_user, make_org, actor_for, page):
    from app.catalog import services

    owner = make_user()
    org = make_org("producer", owner=owner)
    from tests.catalog.conftest import listing_data

    for i in range(3):
        services.create_listing(actor_for(owner), listing_data(title=f"Ống hút tre số {i}", status="published"))
    for path in ("/listings", f"/producers/{org.id}", "/fairs/", "/logistics/providers", "/search",
                 "/search/organisations", "/finance/offers"):
        r = client.get(f"{path}?page={page}")
        assert r.status_code == 200, (path, page, r.status_code)
    html = client.get(f"/listings?page={page}").get_data(as_text=True)
    assert "Ống hút tre số 0" in html and "Ống hút tre số 2" in html  # the last (only) page


def test_a_page_past_the_end_shows_the_last_page(client, make_user, login, actor_for):
    from app.notifications.services import notify

    user = make_user()
    for i in range(45):  # 3 pages of 20
        notify(user.id, "test", f"Thông báo số {i:02d}")
    from app.extensions import db

    db.session.commit()
    login(user)
    for page in ("3", "40", str(2**63)):
        html = client.get(f"/notifications?page={page}&lang=en").get_data(as_text=True)
        assert "Page 3 of 3" in html
        assert "Thông báo số 00" in html and "Thông báo số 05" not in html  # oldest five (newest first)


def test_services_refuse_pages_past_the_window_whatever_the_caller(app):
    from app.errors import ValidationFailed
    from app.fairs import services as fairs
    from app.pagination import SQL_WINDOW

    with pytest.raises(ValidationFailed) as err:
        fairs.list_fairs(page=SQL_WINDOW, per_page=20)
    assert "page" in err.value.fields
    with pytest.raises(ValidationFailed):
        fairs.list_fairs(page=2**63, per_page=20)
    assert fairs.list_fairs(page=SQL_WINDOW // 20, per_page=20).items == []
