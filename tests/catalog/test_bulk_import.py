"""Bulk listing import: POST /api/v1/listings/bulk (CSV, JSON lines, JSON array) and the upload page.

Per-row results (row number, field, message), all-or-nothing per row, idempotent on the producer's
SKU, limits answered with 413/415/422 and never a 500, findable once the indexer has run."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

API = "/api/v1/listings/bulk"
HEADER = "sku,title,category,unit,origin_province,moq,price_tiers,description,compostable,export_markets,status"
GOOD = [
    "HBM-750,Hộp bã mía 750 ml có nắp,packaging.food_containers,piece,79,1000,1000:1800; 50000:1500,"
    "Hộp đựng thức ăn từ bã mía phân huỷ sinh học,có,EU;JP,published",
    "OHT-20,Ống hút tre 20 cm,packaging.straws,piece,38,500,500:900,Ống hút tre luộc sấy khô,yes,,draft",
]


def _csv(*lines: str) -> bytes:
    return ("\n".join((HEADER,) + lines) + "\n").encode()


@pytest.fixture()
def producer(login_as, token_for):
    c, user, org = login_as("producer")
    return c, token_for(user), org


def _post(client, headers, body, ctype="text/csv", query="", lang="en"):
    sep = "&" if query else "?"
    return client.post(API + query + f"{sep}lang={lang}", data=body, headers={**headers, "Content-Type": ctype})


def _listings(org_id):
    from app.catalog.models import Listing
    from app.extensions import db

    db.session.expire_all()  # rows written by the requests' own sessions
    return {li.sku: li for li in db.session.scalars(db.select(Listing).where(Listing.organisation_id == org_id))}


def _outbox():
    from app.extensions import db
    from app.notifications.models import OutboxEvent

    return sorted(db.session.scalars(db.select(OutboxEvent.object_id).where(OutboxEvent.kind == "listing")))


def test_csv_imports_good_rows_and_reports_each_bad_one(client, producer):
    _c, h, org = producer
    bad_price = "BAD-1,Túi giấy kraft,packaging.bags,piece,1,100,100:abc,Túi giấy kraft có quai,no,,draft"
    bad_cat = "BAD-2,Túi giấy,not.a.category,piece,1,100,100:2000,Túi giấy,no,,draft"
    r = _post(client, h, _csv(GOOD[0], bad_price, GOOD[1], bad_cat))
    assert r.status_code == 200, r.json
    body = r.json
    assert (body["created"], body["updated"], body["unchanged"], body["failed"]) == (2, 0, 0, 2)
    rows = {row["row"]: row for row in body["rows"]}
    assert [rows[n]["status"] for n in (2, 3, 4, 5)] == ["created", "error", "created", "error"]  # header = row 1
    assert rows[3]["sku"] == "BAD-1" and [e["field"] for e in rows[3]["errors"]] == ["price_tiers"]
    assert rows[3]["errors"][0]["message"].startswith("Tier 1:")
    assert [e["field"] for e in rows[5]["errors"]] == ["category"]
    saved = _listings(org.id)
    assert set(saved) == {"HBM-750", "OHT-20"}  # nothing of a rejected row was written
    box = saved["HBM-750"]
    assert box.moq == 1000
    assert [(t.min_qty, t.price_vnd) for t in box.price_tiers] == [(1000, 1800), (50000, 1500)]
    assert (box.price_min, box.price_max, box.status.value, box.compostable) == (1500, 1800, "published", True)
    assert box.export_markets == ["EU", "JP"] and box.published_at is not None
    assert saved["OHT-20"].status.value == "draft"
    assert _outbox() == sorted(li.id for li in saved.values())  # outbox rows in the same transaction
    from app.extensions import db
    from app.notifications.models import AuditEntry

    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "listing"))
    assert sorted(actions) == ["listing.created", "listing.created"]


def test_numbers_are_read_in_the_request_language(client, producer):
    _c, h, org = producer
    vi = "N-1,Hộp bã mía,packaging.food_containers,piece,79,1.000,1.000:1.800,Hộp bã mía phân huỷ,có,,draft"
    en = "N-2,Hộp bã mía,packaging.food_containers,piece,79,\"2,500\",2500:1800,Hộp bã mía phân huỷ,yes,,draft"
    assert _post(client, h, _csv(vi), lang="vi").json["created"] == 1
    assert _post(client, h, _csv(en), lang="en").json["created"] == 1
    saved = _listings(org.id)
    assert saved["N-1"].moq == 1000 and [(t.min_qty, t.price_vnd) for t in saved["N-1"].price_tiers] == [(1000, 1800)]
    assert saved["N-2"].moq == 2500 and saved["N-1"].compostable is True


def test_reimporting_updates_by_sku_instead_of_duplicating(client, producer):
    from app.extensions import db
    from app.notifications.models import OutboxEvent

    _c, h, org = producer
    assert _post(client, h, _csv(*GOOD)).json["created"] == 2
    first = {sku: (li.id, li.version) for sku, li in _listings(org.id).items()}
    db.session.execute(db.delete(OutboxEvent))
    db.session.commit()

    again = _post(client, h, _csv(*GOOD)).json  # the same file: nothing changes
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert {sku: (li.id, li.version) for sku, li in _listings(org.id).items()} == first
    assert _outbox() == []

    cheaper = GOOD[0].replace("1000:1800; 50000:1500", "1000:1700").replace("Hộp bã mía 750 ml có nắp", "Hộp bã mía 750 ml nắp gài")
    body = _post(client, h, _csv(cheaper, GOOD[1])).json
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 1)
    now = _listings(org.id)
    box = now["HBM-750"]
    assert (box.id, box.version) == (first["HBM-750"][0], first["HBM-750"][1] + 1)
    assert (box.title, box.price_min, box.price_max) == ("Hộp bã mía 750 ml nắp gài", 1700, 1700)
    assert [(t.min_qty, t.price_vnd) for t in box.price_tiers] == [(1000, 1700)]
    assert len(now) == 2 and _outbox() == [box.id]


def test_jsonlines_and_json_array(client, producer):
    _c, h, org = producer
    lines = [
        json.dumps({"sku": "R-1", "title": "Gạo ST25 hữu cơ", "category": "food.rice", "unit": "kg", "moq": 100,
                    "origin_province": "92", "price_vnd": 42000, "description": "Gạo ST25 lúa tôm hữu cơ",
                    "status": "published"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"sku": "R-2", "title": "Gạo lứt", "category": "food.rice", "unit": "kg", "moq": 100,
                    "origin_province": "92", "colour": "red"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no sku", "category": "food.rice", "unit": "kg", "moq": 1, "origin_province": "92"}),
    ]
    body = _post(client, h, "\n".join(lines).encode(), "application/x-ndjson").json
    rows = {row["row"]: row for row in body["rows"]}
    assert sorted(rows) == [1, 3, 4, 5, 6]  # line numbers; the blank line is skipped
    assert rows[1]["status"] == "created"
    assert rows[3]["errors"][0]["field"] == "_row"
    assert [e["field"] for e in rows[4]["errors"]] == ["colour"]  # unknown fields are refused, as in the API
    assert rows[5]["errors"][0]["field"] == "_row"
    assert [e["field"] for e in rows[6]["errors"]] == ["sku"]
    rice = _listings(org.id)["R-1"]
    assert [(t.min_qty, t.price_vnd) for t in rice.price_tiers] == [(100, 42000)]  # price_vnd: one tier from the MOQ

    array = [{"sku": "R-1", "lead_time_days": 5}, {"sku": "R-3", "title": "Gạo Jasmine", "category": "food.rice",
                                                   "unit": "kg", "moq": 50, "origin_province": "92"}]
    body = _post(client, h, json.dumps(array).encode(), "application/json").json
    assert [(r["row"], r["status"]) for r in body["rows"]] == [(1, "updated"), (2, "created")]
    assert _listings(org.id)["R-1"].lead_time_days == 5


def test_publishing_rules_and_duplicates_within_a_file(client, producer, login_as, token_for):
    _c, h, _org = producer
    no_desc = "P-1,Ống hút cỏ,packaging.straws,piece,82,100,100:300,,no,,published"
    dup = GOOD[1].replace("Ống hút tre 20 cm", "Ống hút tre khác")
    body = _post(client, h, _csv(no_desc, GOOD[1], dup)).json
    rows = {r["row"]: r for r in body["rows"]}
    assert [e["field"] for e in rows[2]["errors"]] == ["description"]
    assert rows[3]["status"] == "created"
    assert rows[4]["status"] == "error" and "row 3" in rows[4]["errors"][0]["message"]
    # an organisation awaiting approval cannot publish (drafts are fine)
    _c2, user, _pending = login_as("producer", status="pending")
    body = _post(client, token_for(user), _csv(*GOOD)).json
    assert [r["status"] for r in body["rows"]] == ["error", "created"]
    assert body["rows"][0]["errors"][0]["field"] == "status"


def test_skus_are_per_organisation_and_single_listings_keep_them_unique(client, producer, login_as, token_for):
    from tests.catalog.conftest import listing_data

    _c, h, org = producer
    _c2, other_user, other = login_as("producer")
    assert _post(client, h, _csv(GOOD[0])).json["created"] == 1
    assert _post(client, token_for(other_user), _csv(GOOD[0])).json["created"] == 1  # another org, same SKU
    assert len(_listings(org.id)) == len(_listings(other.id)) == 1
    r = client.post("/api/v1/listings", json=listing_data(sku="HBM-750"), headers=h)
    assert r.status_code == 422 and "sku" in r.json["error"]["fields"]
    r = client.post("/api/v1/listings", json=listing_data(sku="OWN-1"), headers=h)
    assert r.status_code == 201 and r.json["sku"] == "OWN-1"
    # a later import with that SKU updates the listing made by hand
    body = _post(client, h, b"sku;lead_time_days\nOWN-1;12\n").json
    assert body["rows"][0]["status"] == "updated" and _listings(org.id)["OWN-1"].lead_time_days == 12


def test_dry_run_changes_nothing(client, producer):
    _c, h, org = producer
    body = _post(client, h, _csv(*GOOD), query="?dry_run=true").json
    assert body["dry_run"] is True and [r["status"] for r in body["rows"]] == ["created", "created"]
    assert _listings(org.id) == {} and _outbox() == []


def test_limits_and_odd_files_answer_clearly(app, client, producer):
    _c, h, org = producer
    old = app.config.get("BULK_IMPORT_MAX_ROWS"), app.config.get("BULK_IMPORT_MAX_BYTES")
    try:
        app.config["BULK_IMPORT_MAX_ROWS"] = 2
        r = _post(client, h, _csv(*GOOD, GOOD[0].replace("HBM-750", "X-3")))
        assert r.status_code == 413 and r.json["error"]["code"] == "payload_too_large" and "2 rows" in r.json["error"]["message"]
        app.config["BULK_IMPORT_MAX_ROWS"], app.config["BULK_IMPORT_MAX_BYTES"] = 5000, 2000
        r = _post(client, h, _csv(*GOOD * 20))
        assert r.status_code == 413 and "file" in r.json["error"]["fields"]
    finally:
        app.config["BULK_IMPORT_MAX_ROWS"], app.config["BULK_IMPORT_MAX_BYTES"] = old
    assert _listings(org.id) == {}
    r = _post(client, h, b"sku,colour\nA,red\n")
    assert r.status_code == 422 and "colour" in r.json["error"]["message"] and "price_tiers" in r.json["error"]["message"]
    assert _post(client, h, b"title\nx\n").status_code == 422  # no sku column
    assert _post(client, h, "sku,title\nA,Hộp\n".encode("utf-16")).status_code == 422  # not UTF-8
    assert _post(client, h, b"").status_code == 422
    assert _post(client, h, b"\x89PNG\r\n\x1a\n\x00\x00", "text/csv").status_code == 422
    assert _post(client, h, b'{"a": 1}', "application/json").status_code == 422
    # malformed or absurdly deep JSON: the site-wide JSON guard's clear 400
    assert _post(client, h, b"[" * 100000 + b"]" * 100000, "application/json").status_code == 400
    assert _post(client, h, b"[" * 100000 + b"]" * 100000, "application/x-ndjson").status_code == 422
    assert _post(client, h, b"sku\n" + b"x" * 200_000 + b"\n").status_code in (200, 422)
    assert _post(client, h, b"<xml/>", "application/xml").status_code == 415
    # a ragged row: a row error, not a 500
    body = _post(client, h, _csv("ONLY,three,cells")).json
    assert body["rows"][0]["errors"][0]["field"] == "_row"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.lists(st.text(alphabet=",;\"\n\r\tabc1:é", max_size=20), max_size=8).map(
                          lambda cells: ("sku,title,moq,price_tiers\n" + ",".join(cells)).encode())),
       ctype=st.sampled_from(["text/csv", "application/x-ndjson", "application/json"]))
def test_no_odd_file_answers_500(client, producer, body, ctype):
    _c, h, _org = producer
    r = _post(client, h, body, ctype)
    assert r.status_code in (200, 400, 413, 422), r.get_data(as_text=True)


def test_only_producers_import(client, login_as, token_for):
    _c, user, _org = login_as("buyer")
    assert _post(client, token_for(user), _csv(*GOOD)).status_code == 403


def test_imported_listings_are_findable_once_indexed(client, producer, sync):
    _c, h, _org = producer
    body = _post(client, h, _csv(*GOOD)).json
    assert client.get("/api/v1/listings/search?q=bã mía").json["total"] == 0  # not yet indexed
    stats = sync()
    assert stats.indexed >= 1
    found = client.get("/api/v1/listings/search?q=bã mía").json
    assert [i["id"] for i in found["items"]] == [body["rows"][0]["listing_id"]]


def test_upload_page_shows_every_row(client, producer, post_form):
    c, _h, org = producer
    page = c.get("/my/listings/import?lang=en")
    assert page.status_code == 200 and 'type="file"' in page.get_data(as_text=True)
    bad = "BAD-1,Túi giấy,not.a.category,piece,1,100,100:2000,Túi giấy kraft,no,,draft"
    r = post_form("/my/listings/import?lang=en", {"file": (io.BytesIO(_csv(GOOD[0], bad)), "catalogue.csv")},
                  c=c, content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Import result" in html and '<td>3</td><td class="mono">BAD-1</td><td class="mono">category</td>' in html
    assert set(_listings(org.id)) == {"HBM-750"}
    template = c.get("/my/listings/import/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).lstrip("\ufeff").startswith("sku,title,")
    # the template itself imports cleanly
    r = post_form("/my/listings/import", {"file": (io.BytesIO(template.data), "t.csv")}, c=c,
                  get_path="/my/listings/import", content_type="multipart/form-data")
    assert r.status_code == 200 and "HBM-750" in _listings(org.id)
    r = post_form("/my/listings/import", {"file": (io.BytesIO(b"\x00\x01"), "x.csv")}, c=c,
                  content_type="multipart/form-data")
    assert r.status_code == 422


def test_upload_page_is_for_producers(client, login_as):
    c, _user, _org = login_as("buyer")
    assert c.get("/my/listings/import").status_code == 403
