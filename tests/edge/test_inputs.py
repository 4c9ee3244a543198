"""Issue 13.7 and 13.9 (NUL in titles): no input, however odd, is a 500; text the databases cannot store
is refused with 422 on both; LIKE filters treat % and _ literally."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.catalog.conftest import listing_data
from tests.conftest import csrf_from

BAD_IDS = ["-1", str(2**31), str(2**63), "9" * 5000, "abc", "１", str(2**31 - 1)]


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if type(conv).__name__ == "IdConverter"]
        if ints:
            yield rule, ints


def test_every_id_route_answers_bad_ids_without_a_server_error(app, client, make_user, make_org, login, token_for):
    """The sweep of the acceptance: every route with an id in its path (API and HTML, from the URL map),
    every method, anonymous and signed in, with out-of-range, negative, huge and non-numeric ids."""
    user = make_user(role="admin")
    make_org("producer", owner=user)
    session = login(user, app.test_client())
    bearer = token_for(user)
    rules = list(_id_rules(app))
    assert len(rules) > 100 and any(r.rule.startswith("/api/") for r, _ in rules)
    failures = []
    for rule, ints in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for bad in BAD_IDS:
                for name in ints:
                    path = rule.rule
                    for other in ints:
                        path = re.sub(rf"<int:{other}>", bad if other == name else "1", path)
                    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "x", path)
                    api = path.startswith("/api/")
                    for c, headers in ((client, None), (client, bearer) if api else (session, None)):
                        r = c.open(path, method=method, headers=headers, json={} if api and method != "GET" else None)
                        if r.status_code not in (400, 401, 403, 404, 405, 422) + (() if api else (302, 303)):
                            failures.append(f"{method} {path[:80]} → {r.status_code}")
    assert not failures, failures[:20]


def test_ids_past_the_database_range_are_404(client):
    assert client.get(f"/api/v1/listings/{2**63}").status_code == 404
    assert client.get("/api/v1/listings/2147483648").status_code == 404
    assert client.get("/api/v1/listings/-1").status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    item = spec["paths"]["/api/v1/listings/{listing_id}"]
    [param] = [p for p in item.get("parameters", []) + item["get"].get("parameters", []) if p["name"] == "listing_id"]
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def test_ids_in_query_strings_and_bodies_are_range_checked(client, make_user, make_org, token_for):
    user = make_user()
    make_org("buyer", owner=user)
    for value in (2**63, 2**31, 0, -5, "x", True):
        r = client.get("/api/v1/listings", query_string={"org": value})
        assert r.status_code == 422 and "org" in r.get_json()["error"]["fields"], value
    r = client.post("/api/v1/logistics/quote-requests", json={"route_id": 1, "provider_ids": [2**40]},
                    headers=token_for(user))
    assert r.status_code in (404, 422) and r.status_code < 500


def test_deeply_nested_json_is_a_400(client, make_user, token_for):
    headers = token_for(make_user())
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 40_000 + "1" + "}" * 40_000, "[" * 33 + "]" * 33):
        r = client.post("/api/v1/listings", data=body, content_type="application/json", headers=headers)
        assert r.status_code == 400, r.status_code
        assert r.get_json()["error"]["code"] == "bad_request"
    r = client.post("/api/v1/listings", data="[" * 20 + "]" * 20, content_type="application/json", headers=headers)
    assert r.status_code == 422  # not too deep: an ordinary validation error


@pytest.mark.parametrize("field", ["title", "description"])
def test_lone_surrogates_and_nul_in_text_are_422_and_nothing_is_written(client, make_user, make_org, token_for, field):
    from app.catalog.models import Listing

    user = make_user()
    make_org("producer", owner=user)
    headers = token_for(user)
    for raw in ('"Ống hút \\ud800 tre"', '"Ống hút \\u0000 tre"', '"\\udfff"'):
        data = __import__("json").dumps({**listing_data(), field: "PLACEHOLDER"})
        body = data.replace('"PLACEHOLDER"', raw)
        r = client.post("/api/v1/listings", data=body, content_type="application/json", headers=headers)
        assert r.status_code == 422, (raw, r.status_code)
        assert field in r.get_json()["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(Listing.id))) == 0


def test_nul_in_a_form_title_is_422_on_both_databases(app, make_user, make_org, login):
    from app.catalog.models import Listing

    user = make_user()
    make_org("producer", owner=user)
    c = login(user, app.test_client())
    token = csrf_from(c.get("/my/listings/new").get_data(as_text=True))
    r = c.post("/my/listings/new", data={"csrf_token": token, **{k: v for k, v in listing_data().items()
                                                                  if isinstance(v, str)}, "title": "Ống\x00hút"})
    assert r.status_code == 422
    assert c.get("/listings?q=%00").status_code == 422
    assert db.session.scalar(db.select(db.func.count(Listing.id))) == 0


def test_every_row_is_checked_before_it_reaches_the_database(make_user, make_org, actor_for):
    """Values from any source (CLI, imports, services called directly) get the same 422."""
    from app.catalog import services
    from app.errors import ValidationFailed
    from app.orgs.models import Organisation

    user = make_user()
    org = make_org("producer", owner=user)
    with pytest.raises(ValidationFailed) as err:
        services.create_listing(actor_for(user), listing_data(title="Ống hút\x00tre"))
    assert "title" in err.value.fields
    db.session.rollback()
    org = db.session.get(Organisation, org.id)
    org.founded_year = 2**40
    with pytest.raises(ValidationFailed) as err:
        db.session.commit()
    assert "founded_year" in err.value.fields
    db.session.rollback()


def test_huge_numbers_in_bodies_are_refused(client, make_user, make_org, token_for):
    user = make_user()
    make_org("producer", owner=user)
    headers = token_for(user)
    for moq in ("1e999", "123456789012345678901234567890", "NaN", "-Infinity"):
        body = __import__("json").dumps(listing_data()).replace('"moq": 1000', f'"moq": {moq}')
        r = client.post("/api/v1/listings", data=body, content_type="application/json", headers=headers)
        assert r.status_code in (400, 422), (moq, r.status_code)
    tiers = listing_data(price_tiers=[{"min_qty": 1, "price_vnd": 2**62}])
    assert client.post("/api/v1/listings", json=tiers, headers=headers).status_code == 422


def test_authentication_comes_before_the_body(client, make_user, make_org, token_for):
    """An anonymous caller gets 401 whatever the body (a non-string `size` used to be a 500)."""
    for body in ({"size": {"a": 1}}, {"size": [1]}, {"kind": "producer", "size": 7}):
        assert client.post("/api/v1/organisations", json=body).status_code == 401
        assert client.post("/api/v1/organisations", data="{not json", content_type="application/json").status_code == 401
    user = make_user()
    r = client.post("/api/v1/organisations", json={"kind": "buyer", "legal_name": "Công ty A", "province_code": "1",
                                                   "size": {"a": 1}}, headers=token_for(user))
    assert r.status_code == 422 and "size" in r.get_json()["error"]["fields"]


def test_like_filters_take_percent_and_underscore_literally(client, make_user, make_org, actor_for, login, app):
    from app.catalog import services

    user = make_user(role="admin")
    make_org("producer", owner=user, legal_name="Công ty 100% Tre")
    make_org("producer", legal_name="Công ty Mây")
    for title in ("Ống hút tre 100% tự nhiên", "Ống hút cỏ bàng"):
        services.create_listing(actor_for(user), listing_data(title=title, status="published"))
    titles = lambda q: [i["title"] for i in client.get("/api/v1/listings", query_string={"q": q}).get_json()["items"]]  # noqa: E731
    assert titles("%") == ["Ống hút tre 100% tự nhiên"]
    assert titles("_") == [] and titles("0_%") == [] and titles("\\") == []
    assert len(titles("")) == 2
    c = login(user, app.test_client())
    html = c.get("/orgs/admin?q=%25").get_data(as_text=True)
    assert "Công ty 100% Tre" in html and "Công ty Mây" not in html
    assert client.get("/api/v1/fairs", query_string={"q": "%"}).get_json()["total"] == 0
