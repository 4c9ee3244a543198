"""JSON API: tokens, /me, organisations, error shape, bad input changes nothing, OpenAPI coverage."""
import json

import pytest

from app.accounts.models import ApiToken, User
from app.extensions import db
from app.orgs.models import Organisation
from tests.conftest import PASSWORD


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_token_issue_and_me(client, make_user, make_org):
    user = make_user(email="api@example.vn")
    org = make_org("buyer", owner=user)
    r = client.post("/api/v1/auth/tokens", json={"email": "api@example.vn", "password": PASSWORD})
    assert r.status_code == 201
    token = r.json["token"]
    assert len(token) > 30
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.token_hash != token  # only a digest is stored
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert r.json["email"] == "api@example.vn"
    assert r.json["membership"]["organisation_id"] == org.id and r.json["membership"]["role"] == "owner"


@pytest.mark.parametrize("body", [
    {"email": "api@example.vn", "password": "wrong-password"},
    {"email": "nobody@example.vn", "password": PASSWORD},
])
def test_token_wrong_credentials_401(client, make_user, body):
    make_user(email="api@example.vn")
    r = client.post("/api/v1/auth/tokens", json=body)
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"
    assert _count(ApiToken) == 0


def test_token_refused_until_email_confirmed(client, make_user, outbox):
    make_user(email="unconfirmed@example.vn", confirmed=False)
    r = client.post("/api/v1/auth/tokens", json={"email": "unconfirmed@example.vn", "password": PASSWORD})
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    assert _count(ApiToken) == 0
    assert len(outbox("unconfirmed@example.vn")) == 1  # a fresh confirmation link


def test_me_requires_valid_token(client):
    assert client.get("/api/v1/me").status_code == 401
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401 and set(r.json["error"]) == {"code", "message", "fields"}
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_expired_token_is_refused(client, make_user, token_for):
    import datetime as dt

    from app import clock

    headers = token_for(make_user())
    clock.advance(dt.timedelta(days=31))
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_create_read_update_organisation(client, make_user, token_for):
    user = make_user()
    h = token_for(user)
    r = client.post("/api/v1/organisations", headers=h, json={
        "kind": "producer", "legal_name": "Công ty TNHH Tre Việt", "tax_code": "0312345678",
        "province_code": "38", "sectors": ["handicrafts"], "size": "small"})
    assert r.status_code == 201, r.json
    org_id = r.json["id"]
    assert r.json["status"] == "pending" and r.json["province_name"] == "Thanh Hóa"
    r = client.get(f"/api/v1/organisations/{org_id}", headers=h)
    assert r.status_code == 200 and r.json["tax_code"] == "0312345678"
    # pending organisations are not public
    assert client.get(f"/api/v1/organisations/{org_id}").status_code == 404
    r = client.patch(f"/api/v1/organisations/{org_id}", headers=h, json={"tax_code": "0312345678-002", "website": "tre.vn"})
    assert r.status_code == 200
    assert r.json["tax_code"] == "0312345678-002" and r.json["website"] == "https://tre.vn"


def test_admin_approves_organisation(client, make_user, make_org, token_for):
    org = make_org("producer", status="pending")
    admin = make_user(role="admin")
    r = client.post(f"/api/v1/organisations/{org.id}/status", headers=token_for(admin), json={"status": "approved"})
    assert r.status_code == 200 and r.json["status"] == "approved"
    assert client.get(f"/api/v1/organisations/{org.id}").status_code == 200
    owner = org.memberships[0].user
    from app.notifications.models import Notification

    assert db.session.scalar(db.select(Notification).where(Notification.user_id == owner.id)).kind == "org.approved"


BAD_ORG_BODIES = [
    ("malformed JSON", b'{"kind": "producer", "legal_name": ', 400, None),
    ("wrong types", {"kind": "producer", "legal_name": 123, "province_code": ["79"]}, 422, "legal_name"),
    ("missing fields", {"kind": "producer"}, 422, "legal_name"),
    ("unknown kind", {"kind": "pirate", "legal_name": "X Co", "province_code": "79"}, 422, "kind"),
    ("invalid tax code", {"kind": "producer", "legal_name": "Công ty A", "province_code": "79", "tax_code": "12345"}, 422, "tax_code"),
    ("unknown province", {"kind": "producer", "legal_name": "Công ty A", "province_code": "999"}, 422, "province_code"),
    ("ward of another province", {"kind": "producer", "legal_name": "Công ty A", "province_code": "79", "ward_code": "70"}, 422, "ward_code"),
    ("unknown field", {"kind": "producer", "legal_name": "Công ty A", "province_code": "79", "is_admin": True}, 422, "is_admin"),
    ("too long", {"kind": "producer", "legal_name": "A" * 201, "province_code": "79"}, 422, "legal_name"),
]


@pytest.mark.parametrize("label,body,status,field", BAD_ORG_BODIES, ids=[b[0] for b in BAD_ORG_BODIES])
def test_bad_input_is_rejected_and_writes_nothing(client, make_user, token_for, label, body, status, field):
    h = token_for(make_user())
    before = _count(Organisation)
    if isinstance(body, bytes):
        r = client.post("/api/v1/organisations", headers={**h, "Content-Type": "application/json"}, data=body)
    else:
        r = client.post("/api/v1/organisations", headers=h, json=body)
    assert r.status_code == status, r.json
    err = r.json["error"]
    assert err["code"] and err["message"]
    if field:
        assert field in err["fields"], err
        assert all(isinstance(m, str) and m for m in err["fields"][field])
    assert _count(Organisation) == before


def test_oversized_body_is_refused(client, make_user, token_for, app):
    h = token_for(make_user())
    body = json.dumps({"kind": "producer", "legal_name": "Công ty A", "province_code": "79",
                       "description": "x" * (app.config["MAX_JSON_BYTES"] + 10)})
    r = client.post("/api/v1/organisations", headers={**h, "Content-Type": "application/json"}, data=body)
    assert r.status_code == 413
    assert r.json["error"]["code"] == "payload_too_large"
    assert _count(Organisation) == 0


def test_wrong_content_type(client, make_user, token_for):
    h = token_for(make_user())
    r = client.post("/api/v1/organisations", headers={**h, "Content-Type": "text/plain"}, data="kind=producer")
    assert r.status_code == 415
    assert _count(Organisation) == 0


def test_patch_bad_input_changes_nothing(client, make_user, make_org, token_for):
    user = make_user()
    org = make_org("producer", owner=user, tax_code="0311111111")
    r = client.patch(f"/api/v1/organisations/{org.id}", headers=token_for(user),
                     json={"legal_name": "Tên mới hợp lệ", "tax_code": "abc"})
    assert r.status_code == 422 and "tax_code" in r.json["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).legal_name != "Tên mới hợp lệ"


def test_unknown_route_and_method_json(client):
    r = client.get("/api/v1/nope")
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"
    r = client.delete("/api/v1/me")
    assert r.status_code == 405 and r.json["error"]["code"] == "method_not_allowed"


def test_duplicate_registration_looks_the_same(client):
    body = {"email": "dup@example.vn", "password": PASSWORD}
    first = client.post("/api/v1/auth/register", json=body)
    again = client.post("/api/v1/auth/register", json=body)
    assert first.status_code == again.status_code == 202 and first.json == again.json  # no account enumeration
    assert _count(User) == 1


def test_openapi_describes_every_api_route(client, app):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops
                  if method in ("get", "post", "put", "patch", "delete")}
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs"):
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int:{arg}>", "{" + arg + "}").replace(f"<{arg}>", "{" + arg + "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (path, method) not in documented:
                missing.append(f"{method} {path}")
    assert not missing, f"undocumented API endpoints: {missing}"
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_geo_reference_endpoints(client):
    r = client.get("/api/v1/geo/provinces")
    assert len(r.json["items"]) == 34
    r = client.get("/api/v1/geo/provinces/79/wards")
    names = [w["name"] for w in r.json["items"]]
    assert "Phường Sài Gòn" in names
    assert client.get("/api/v1/geo/provinces/999/wards").status_code == 404


def test_openapi_document_is_built_once_per_process(client, app, monkeypatch):
    """/api/v1/openapi.json and /api/docs read one document built at the first request that needs it
    (flask-smorest alone rebuilds it from every schema on each request)."""
    import json

    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    monkeypatch.setattr(api, "_spec_dict", None)  # as in a fresh process
    monkeypatch.setattr(api, "_spec_json", None)
    monkeypatch.setitem(app.extensions, "opendata.api_reference", None)
    real = api.spec.to_dict
    builds = []
    monkeypatch.setattr(api.spec, "to_dict", lambda: builds.append(1) or real())
    first = client.get("/api/v1/openapi.json")
    pages = [client.get("/api/docs", query_string={"lang": lang}) for lang in ("vi", "en", "vi")]
    again = client.get("/api/v1/openapi.json", query_string={"lang": "en"})
    assert first.status_code == again.status_code == 200 and all(p.status_code == 200 for p in pages)
    assert builds == [1]
    assert first.data == again.data and json.loads(first.data) == real()  # the same, whole document
    assert "/api/v1/listings/search" in pages[1].get_data(as_text=True)
