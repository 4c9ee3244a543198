"""Pages and API twins: the editor's forms (errors shown, nothing saved), the desk and history, the
admin's editors page, links from listings and organisation profiles, home and dashboard, the API flow
and its OpenAPI description, and the programme indicators' figures."""
from __future__ import annotations

import datetime as dt

from tests.knowledge.conftest import event_data, guide_data


def test_editor_pages_create_submit_review(app, client, editors, login, post_form):
    from app.extensions import db
    from app.knowledge.models import KnowledgeItem

    writer, reviewer = editors
    c = login(writer)
    bad = post_form("/knowledge/editor/new/event", {"title": "Hội thảo", "capacity": "abc"}, c=c)
    assert bad.status_code == 422 and db.session.scalar(db.select(db.func.count(KnowledgeItem.id))) == 0
    data = {k: v for k, v in event_data().items() if k != "type"}
    data["starts_at"], data["ends_at"] = data["starts_at"][:16], data["ends_at"][:16]
    data["waitlist"] = "y"
    r = post_form("/knowledge/editor/new/event", data, c=c)
    assert r.status_code == 303, [l for l in r.get_data(as_text=True).splitlines() if 'class="error"' in l or "alert-error" in l]
    item_url = r.headers["Location"]
    item_id = int(item_url.rstrip("/").rsplit("/", 1)[1])
    page = c.get(item_url).get_data(as_text=True)
    assert "Submit for review" in page or "Gửi duyệt" in page
    assert post_form(f"/knowledge/editor/{item_id}/submit", {"note": "xin duyệt"}, get_path=item_url, c=c).status_code == 303
    assert "kn-review" not in c.get(item_url).get_data(as_text=True)  # the author gets no review buttons
    c2 = login(reviewer, app.test_client())
    assert "kn-review" in c2.get(item_url).get_data(as_text=True)
    r = post_form(f"/knowledge/editor/{item_id}/review", {"decision": "publish", "note": ""}, get_path=item_url, c=c2)
    assert r.status_code == 303
    item = db.session.get(KnowledgeItem, item_id)
    assert item.status.value == "published" and item.capacity == 2
    assert item.starts_at.hour == (int(data["starts_at"][11:13]) - 7) % 24  # entered in Vietnam time, kept in UTC
    edit = c.get(f"/knowledge/editor/{item_id}/edit").get_data(as_text=True)
    assert data["starts_at"] in edit  # shown back in Vietnam time
    assert "Revision 1" in c.get(f"/knowledge/editor/{item_id}/history").get_data(as_text=True) or \
        "Phiên bản 1" in c.get(f"/knowledge/editor/{item_id}/history").get_data(as_text=True)


def test_non_editors_are_kept_out(app, client, make_user, login):
    c = login(make_user())
    assert c.get("/knowledge/editor/").status_code == 403
    assert c.get("/knowledge/editor/editors").status_code == 403


def test_admin_grants_editor(app, client, make_user, login, post_form):
    admin, user = make_user(role="admin"), make_user()
    c = login(admin)
    assert post_form("/knowledge/editor/editors", {"email": "nobody@example.vn"}, c=c).status_code == 422
    assert post_form("/knowledge/editor/editors", {"email": user.email}, c=c).status_code == 303
    assert login(user, app.test_client()).get("/knowledge/editor/").status_code == 200


def test_links_from_listing_profile_home_and_dashboard(app, client, make_org, publish, editors, login):
    from app.knowledge import services
    from app.permissions import Actor
    from tests.fairs.conftest import make_listing

    org = make_org("producer", sectors=["paper", "packaging"], trade_name="Kraft Việt Test")
    guide = publish("guide", sector="paper", title="Thiết kế túi giấy")
    model = publish("model", organisation_id=org.id)
    event = publish("event")
    listing = make_listing(org, category="packaging.bags")
    html = client.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert f'href="/knowledge/{guide.id}"' in html and "sector=paper" in html
    profile = client.get(f"/producers/{org.id}").get_data(as_text=True)
    assert f'href="/knowledge/{model.id}"' in profile and f'href="/knowledge/{guide.id}"' in profile
    assert f'href="/knowledge/{event.id}"' in client.get("/").get_data(as_text=True)
    item = services.create_item(Actor.for_user(editors[0]), guide_data(title="Chờ duyệt"))
    services.submit(Actor.for_user(editors[0]), item.id)
    make_org("buyer", owner=editors[1])  # the dashboard shows panels to members of an organisation
    dash = login(editors[1]).get("/dashboard").get_data(as_text=True)
    assert "Chờ duyệt" in dash


def test_api_flow_and_openapi(app, client, editors, make_user, token_for):
    writer, reviewer = editors
    body = guide_data()
    body.pop("type")
    assert client.post("/api/v1/knowledge", json={"type": "guide"}, headers=token_for(writer)).status_code == 422
    assert client.post("/api/v1/knowledge", json=[1, 2], headers=token_for(writer)).status_code == 422
    r = client.post("/api/v1/knowledge", json={"type": "guide", **body}, headers=token_for(writer))
    assert r.status_code == 201, r.json
    item_id = r.json["id"]
    assert client.get(f"/api/v1/knowledge/{item_id}").status_code == 404
    assert client.patch(f"/api/v1/knowledge/{item_id}", json={"summary": "Tóm tắt mới"},
                        headers=token_for(writer)).json["number"] == 1
    assert client.post(f"/api/v1/knowledge/{item_id}/submit", json={}, headers=token_for(writer)).json["status"] == "in_review"
    own = client.post(f"/api/v1/knowledge/{item_id}/review", json={"decision": "publish"}, headers=token_for(writer))
    assert own.status_code == 409
    ok = client.post(f"/api/v1/knowledge/{item_id}/review", json={"decision": "publish"}, headers=token_for(reviewer))
    assert ok.status_code == 200 and ok.json["status"] == "published"
    public = client.get(f"/api/v1/knowledge/{item_id}").json
    assert public["summary"] == "Tóm tắt mới" and "<strong>Điều 145</strong>" in public["body_html"]
    revs = client.get(f"/api/v1/knowledge/{item_id}/revisions", headers=token_for(reviewer)).json
    assert [r["status"] for r in revs] == ["published"]
    assert client.get(f"/api/v1/knowledge/{item_id}/revisions", headers=token_for(make_user())).status_code == 403
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/knowledge/{item_id}/registrations" in spec["paths"]
    assert spec["paths"]["/api/v1/knowledge"]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_indicator_figures(app, editors, publish):
    from app import clock
    from app.knowledge import services
    from app.permissions import Actor

    publish("event", province_code="48")
    publish("event", province_code="48", event_kind="awareness")
    online = publish("event", event_format="online", province_code="", place="", online_url="https://meet.example.vn/x")
    hcm = publish("event", province_code="79")
    publish("model", province_code="1")
    year = (hcm.starts_at + dt.timedelta(hours=7)).year
    assert services.awareness_provinces(year) == {"48": 2, "79": 1}
    assert online.province_code is None
    assert services.awareness_provinces(year + 5) == {}
    services.unpublish(Actor.for_user(editors[0]), hcm.id, {"reason": "Hoãn"})
    assert services.awareness_provinces() == {"48": 2}
    assert services.models_recorded() == {"total": 1, "by_sector": {"paper": 1}, "by_province": {"01": 1}}
    assert services.models_recorded(clock.now().year - 1)["total"] == 0
