"""Knowledge hub fixtures: two editors (one writes, the other reviews), content of each type, and
`publish(kind, **fields)` which takes an item through draft → review → published."""
from __future__ import annotations

import datetime as dt

import pytest


def guide_data(**over):
    data = {"type": "guide", "title": "Quy trình chứng nhận Nhãn sinh thái Việt Nam",
            "title_en": "Getting the Vietnam Ecolabel",
            "summary": "Các bước chuẩn bị hồ sơ chứng nhận.", "summary_en": "The steps of an application.",
            "body": "## Cơ sở pháp lý\n\nLuật Bảo vệ môi trường 2020, **Điều 145**.",
            "body_en": "## Legal basis\n\nLaw on Environmental Protection 2020, **Article 145**.",
            "sector": "plastics", "topic": "market_access"}
    data.update(over)
    return data


def model_data(**over):
    data = {"type": "model", "title": "Túi giấy kraft thay túi nilon", "sector": "paper", "province_code": "1",
            "what_changed": "Thay túi nilon bằng túi giấy.", "results": "Giảm 70% túi nilon.",
            "contact": "Phòng kinh doanh, 024 0000 0000", "evidence": "Báo cáo 2025"}
    data.update(over)
    return data


def event_data(days: int = 10, capacity: int = 2, **over):
    from app import clock

    start = (clock.now() + dt.timedelta(days=days)).replace(microsecond=0)
    data = {"type": "event", "title": "Tập huấn Nhãn sinh thái tại Đà Nẵng", "sector": "plastics",
            "province_code": "48", "event_kind": "training", "event_format": "in_person",
            "starts_at": (start + dt.timedelta(hours=7)).isoformat(),  # Vietnam wall time of `start` (UTC)
            "ends_at": (start + dt.timedelta(hours=10)).isoformat(),
            "place": "Hội trường Sở Công Thương Đà Nẵng", "capacity": capacity, "waitlist": True}
    data.update(over)
    return data


@pytest.fixture()
def editors(make_user):
    """(writer, reviewer): two users with the editor permission."""
    from app.knowledge import services
    from app.permissions import Actor

    admin = make_user(role="admin")
    writer = make_user(name="Người Viết")
    reviewer = make_user(name="Người Duyệt")
    services.grant_editor(Actor.for_user(admin), {"email": writer.email})
    services.grant_editor(Actor.for_user(admin), {"email": reviewer.email})
    return writer, reviewer


@pytest.fixture()
def publish(editors):
    from app.knowledge import services
    from app.permissions import Actor

    writer, reviewer = editors

    def do(kind: str = "guide", **fields):
        data = {"guide": guide_data, "model": model_data, "event": event_data}[kind](**fields)
        item = services.create_item(Actor.for_user(writer), data)
        services.submit(Actor.for_user(writer), item.id)
        services.review(Actor.for_user(reviewer), item.id, {"decision": "publish"})
        return item

    return do
