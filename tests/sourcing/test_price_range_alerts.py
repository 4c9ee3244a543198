"""Saved searches keep a price range (price_min/price_max, whole đồng, both ends included): saved from the
search page's range or from an old fixed bucket key, they alert on a new listing inside the range only;
stored bucket keys are migrated to the same ranges (0035)."""
from __future__ import annotations

import re

from tests.conftest import csrf_from


def _notes(user_id: int) -> int:
    from app.extensions import db
    from app.notifications.models import Notification

    return db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.kind == "sourcing.search_match", Notification.user_id == user_id))


def _priced(listing, actor, title: str, price: int):
    return listing(actor, title=title, price_tiers=[{"min_qty": 1000, "price_vnd": price}])


def test_saved_price_range_alerts_on_a_new_listing_inside_it(app, producer, buyer, listing, sync):
    from app.sourcing import services

    ba, _borg, buser = buyer()
    s = services.save_search(ba, {"name": "Hộp rẻ", "params": {"q": "hộp bã mía", "price_min": "1.000",
                                                                "price_max": "2.000"}})
    assert s.params["price_min"] == "1000" and s.params["price_max"] == "2000"  # vi: 1.000 is a thousand
    sync()
    pa, _porg = producer()
    _priced(listing, pa, "Hộp bã mía 750 ml", 5_000)  # above the range
    sync()
    assert _notes(buser.id) == 0
    _priced(listing, pa, "Hộp bã mía 500 ml", 2_000)  # the highest price is included
    sync()
    assert _notes(buser.id) == 1


def test_an_old_bucket_key_is_saved_as_its_range_and_still_alerts(app, producer, buyer, listing, sync):
    from app.sourcing import services

    ba, _borg, buser = buyer()
    s = services.save_search(ba, {"name": "Dưới 50 nghìn", "params": {"q": "hộp bã mía", "price": "lt50k"}})
    assert s.params == {"q": "hộp bã mía", "price_max": "49999"}
    pa, _porg = producer()
    _priced(listing, pa, "Hộp bã mía đắt", 60_000)
    _priced(listing, pa, "Hộp bã mía rẻ", 49_999)
    sync()
    assert _notes(buser.id) == 1


def test_save_this_search_form_keeps_the_price_range(login_as):
    client, user, _org = login_as("buyer")
    page = client.get("/sourcing/saved-searches?q=hop&price_min=50000&price_max=199999&lang=vi").get_data(as_text=True)
    assert re.search(r'name="price_min"[^>]*value="50000"', page) and re.search(r'name="price_max"[^>]*value="199999"', page)
    old = client.get("/sourcing/saved-searches?q=hop&price=50k-200k&lang=vi").get_data(as_text=True)
    assert re.search(r'name="price_min"[^>]*value="50.000"', old)  # an old link's bucket, as its range
    r = client.post("/sourcing/saved-searches", data={"csrf_token": csrf_from(page), "q": "hop", "price_min": "50.000",
                                                       "price_max": "199.999", "name": "Hộp vừa"})
    assert r.status_code == 302
    from app.extensions import db
    from app.sourcing.models import SavedSearch

    saved = db.session.scalars(db.select(SavedSearch).where(SavedSearch.user_id == user.id)).one()
    assert saved.params == {"q": "hop", "price_min": "50000", "price_max": "199999"}
    listing_page = client.get("/sourcing/saved-searches").get_data(as_text=True)
    assert "price_min=50000" in listing_page and "price_max=199999" in listing_page


def test_migration_turns_stored_bucket_keys_into_ranges(tmp_path):
    import json

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, MAIL_OUTBOX_DIR=str(tmp_path / "m"),
                     UPLOAD_DIR=str(tmp_path / "u"), SEARCH_URL=f"tantivy://{tmp_path / 's'}")
    with app.app_context():
        upgrade(revision="0034_financing_needs")
        rows = [(1, {"q": "tre", "price": "50k-200k"}), (2, {"price": "gte5m"}), (3, {"q": "tre", "price_min": "7"}),
                (4, {"price": "lt50k", "price_max": "100"})]
        with db.engine.begin() as c:
            c.execute(text("PRAGMA foreign_keys=OFF"))  # the rows' user does not matter here
            for id_, params in rows:
                c.execute(text("INSERT INTO saved_searches (id, user_id, name, params, created_at) "
                               "VALUES (:i, 1, 'n', :p, '2026-01-01')"), {"i": id_, "p": json.dumps(params)})
        upgrade(revision="0035_price_ranges")

        def stored():
            with db.engine.connect() as c:
                return {i: json.loads(p) for i, p in c.execute(text("SELECT id, params FROM saved_searches"))}

        assert stored() == {1: {"q": "tre", "price_min": "50000", "price_max": "199999"},
                            2: {"price_min": "5000000"}, 3: {"q": "tre", "price_min": "7"}, 4: {"price_max": "100"}}
        downgrade(revision="0034_financing_needs")
        assert stored()[1] == {"q": "tre", "price": "50k-200k"} and stored()[2] == {"price": "gte5m"}
        db.session.remove()
        db.engine.dispose()
