"""Authorization cases for the knowledge API (see tests/test_authz_matrix.py). "owner" is made a knowledge
editor where the endpoint is an editor's; the stranger is a member of another organisation, not an editor."""
from __future__ import annotations

import datetime as dt

from tests.knowledge.conftest import event_data, guide_data
from tests.test_authz_matrix import Case, register


def _editor(w, user=None):
    from app.knowledge import services
    from app.permissions import Actor

    user = user or w.owner
    services.grant_editor(Actor.for_user(w.admin), {"email": user.email})
    return user


def _item(w, kind="guide", publish=False, submit=False, author=None, **over):
    from app.knowledge import services
    from app.permissions import Actor

    author = author or _editor(w, w.make_user())
    data = guide_data(**over) if kind == "guide" else event_data(**over)
    item = services.create_item(Actor.for_user(author), data)
    if submit or publish:
        services.submit(Actor.for_user(author), item.id)
    if publish:
        reviewer = _editor(w, w.make_user())
        services.review(Actor.for_user(reviewer), item.id, {"decision": "publish"})
    return item


def _create(w):
    _editor(w)
    body = guide_data()
    return "/api/v1/knowledge", body


def _edit(w):
    _editor(w)
    return f"/api/v1/knowledge/{_item(w).id}", {"summary": "Tóm tắt"}


def _submit(w):
    item = _item(w, author=_editor(w))
    return f"/api/v1/knowledge/{item.id}/submit", {}


def _review(w):
    _editor(w)
    return f"/api/v1/knowledge/{_item(w, submit=True).id}/review", {"decision": "publish"}


def _unpublish(w):
    _editor(w)
    return f"/api/v1/knowledge/{_item(w, publish=True).id}/unpublish", {"reason": "Lỗi thời"}


def _register(w):
    return f"/api/v1/knowledge/{_item(w, 'event', publish=True).id}/registrations", None


def _cancel_own(w):
    from app.knowledge import services
    from app.permissions import Actor

    item = _item(w, "event", publish=True)
    services.register(Actor.for_user(w.owner), item.id)
    return f"/api/v1/knowledge/{item.id}/registration", None


def _cancel_other(w):
    from app.knowledge import services
    from app.permissions import Actor

    _editor(w)
    item = _item(w, "event", publish=True)
    reg = services.register(Actor.for_user(w.make_user()), item.id)
    return f"/api/v1/knowledge/{item.id}/registrations/{reg.id}", None


def _attendance(w):
    from app import clock
    from app.knowledge import services
    from app.permissions import Actor

    _editor(w)
    item = _item(w, "event", publish=True, days=1)
    reg = services.register(Actor.for_user(w.make_user()), item.id)
    clock.advance(dt.timedelta(days=2))  # the event has started (the clock is reset after each test)
    return f"/api/v1/knowledge/{item.id}/registrations/{reg.id}/attendance", {"attended": True}


def _grant(w):
    return "/api/v1/knowledge/editors", {"email": w.make_user().email}


def _revoke(w):
    user = _editor(w, w.make_user())
    return f"/api/v1/knowledge/editors/{user.id}", None


register(
    Case("POST", "/api/v1/knowledge", lambda w: ("/api/v1/knowledge", {"type": "guide", **_create(w)[1]}),
         stranger_sees=(403,)),
    Case("PATCH", "/api/v1/knowledge/<int:item_id>", _edit, stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/<int:item_id>/submit", _submit, stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/<int:item_id>/review", _review, stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/<int:item_id>/unpublish", _unpublish, stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/<int:item_id>/registrations", _register, right="any_user"),
    Case("DELETE", "/api/v1/knowledge/<int:item_id>/registration", _cancel_own, stranger_sees=(404,)),
    Case("DELETE", "/api/v1/knowledge/<int:item_id>/registrations/<int:registration_id>", _cancel_other,
         stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/<int:item_id>/registrations/<int:registration_id>/attendance", _attendance,
         stranger_sees=(403,)),
    Case("POST", "/api/v1/knowledge/editors", _grant, right="admin", stranger_sees=(403,)),
    Case("DELETE", "/api/v1/knowledge/editors/<int:user_id>", _revoke, right="admin", stranger_sees=(403,)),
)
