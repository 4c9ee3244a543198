"""Writing, review and publishing: drafts are not public, the author cannot review, every published
revision is kept, edits stay private until published, unpublishing, validation per type, Markdown
sanitised, Vietnamese fallback for English readers."""
from __future__ import annotations

import pytest

from tests.knowledge.conftest import event_data, guide_data, model_data


def _actor(user):
    from app.permissions import Actor

    return Actor.for_user(user)


def test_draft_review_publish_and_history(app, client, editors):
    from app.errors import Conflict
    from app.knowledge import services

    writer, reviewer = editors
    item = services.create_item(_actor(writer), guide_data())
    assert client.get(f"/knowledge/{item.id}").status_code == 404  # a draft is not public
    services.submit(_actor(writer), item.id, {"note": "Bản đầu"})
    with pytest.raises(Conflict):
        services.review(_actor(writer), item.id, {"decision": "publish"})  # not by its author
    services.review(_actor(reviewer), item.id, {"decision": "publish"})
    page = client.get(f"/knowledge/{item.id}")
    assert page.status_code == 200 and "Điều 145" in page.get_data(as_text=True)

    # an edit opens revision 2; the public keeps seeing revision 1 until it is published
    services.edit_item(_actor(reviewer), item.id, {"body": "## Cơ sở pháp lý\n\nNghị định 08/2022/NĐ-CP.",
                                                   "note": "Thêm nghị định"})
    html = client.get(f"/knowledge/{item.id}").get_data(as_text=True)
    assert "Điều 145" in html and "08/2022" not in html
    services.submit(_actor(reviewer), item.id)
    with pytest.raises(Conflict):  # the reviewer of revision 1 wrote revision 2: the writer reviews it
        services.review(_actor(reviewer), item.id, {"decision": "publish"})
    services.review(_actor(writer), item.id, {"decision": "publish"})
    html = client.get(f"/knowledge/{item.id}").get_data(as_text=True)
    assert "08/2022" in html and "Điều 145" not in html
    revs = services.revisions(services.get_item(item.id))
    assert [(r.number, r.status.value) for r in revs] == [(2, "published"), (1, "published")]
    changes = services.diff(services.get_item(item.id), 1, 2)
    body = next(c for c in changes if c["field"] == "body")
    assert ("-", "Luật Bảo vệ môi trường 2020, **Điều 145**.") in body["lines"]
    assert ("+", "Nghị định 08/2022/NĐ-CP.") in body["lines"]


def test_return_with_note_then_unpublish(app, client, editors, publish):
    from app.errors import ValidationFailed
    from app.knowledge import services
    from app.notifications.models import Notification
    from app.extensions import db

    writer, reviewer = editors
    item = services.create_item(_actor(writer), model_data())
    services.submit(_actor(writer), item.id)
    with pytest.raises(ValidationFailed):
        services.review(_actor(reviewer), item.id, {"decision": "return"})  # a note is required
    rev = services.review(_actor(reviewer), item.id, {"decision": "return", "note": "Thêm số liệu trước/sau"})
    assert rev.status.value == "draft"
    titles = list(db.session.scalars(db.select(Notification.title).where(Notification.user_id == writer.id)))
    assert any("Túi giấy kraft" in t for t in titles)
    live = publish("guide")
    services.unpublish(_actor(writer), live.id, {"reason": "Lỗi thời"})
    assert client.get(f"/knowledge/{live.id}").status_code == 404
    assert services.get_item(live.id).status.value == "unpublished"


def test_only_editors_write(app, make_user, editors):
    from app.errors import Forbidden
    from app.knowledge import services

    with pytest.raises(Forbidden):
        services.create_item(_actor(make_user()), guide_data())


@pytest.mark.parametrize("data,field", [
    (guide_data(topic=None), "topic"),
    (guide_data(title="x"), "title"),
    (model_data(results=""), "results"),
    (model_data(province_code="999"), "province_code"),
    (event_data(capacity=None), "capacity"),
    (event_data(place=""), "place"),
    (event_data(event_format="online", online_url="javascript:alert(1)"), "online_url"),
    (event_data(ends_at="2020-01-01T08:00"), "ends_at"),
    (event_data(starts_at="not a date"), "starts_at"),
    (guide_data(sector="mining"), "sector"),
])
def test_validation_names_the_field(app, editors, data, field):
    from app.errors import ValidationFailed
    from app.knowledge import services
    from app.knowledge.models import KnowledgeItem
    from app.extensions import db

    with pytest.raises(ValidationFailed) as exc:
        services.create_item(_actor(editors[0]), data)
    assert field in exc.value.fields
    assert db.session.scalar(db.select(db.func.count(KnowledgeItem.id))) == 0


def test_markdown_is_sanitised_and_english_falls_back(app, client, publish):
    item = publish("guide", body="Xem <script>alert(1)</script> [liên kết](javascript:alert(2)) và [nguồn](https://example.vn)",
                   body_en="", title_en="")
    html = client.get(f"/knowledge/{item.id}").get_data(as_text=True)
    body = html.split('class="prose kn-body"', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and 'href="javascript' not in body and "&lt;script&gt;" in body
    assert '<a href="https://example.vn" rel="nofollow noopener noreferrer">nguồn</a>' in html
    en = client.get(f"/knowledge/{item.id}?lang=en").get_data(as_text=True)
    assert "not yet available in English" in en and "Quy trình chứng nhận" in en


def test_capacity_cannot_drop_below_registrations(app, make_user, editors, publish):
    from app.errors import ValidationFailed
    from app.knowledge import services

    event = publish("event", capacity=3)
    for _ in range(2):
        services.register(_actor(make_user()), event.id)
    with pytest.raises(ValidationFailed) as exc:
        services.edit_item(_actor(editors[0]), event.id, {"capacity": 1})
    assert "capacity" in exc.value.fields
