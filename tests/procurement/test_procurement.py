"""Green public procurement: who is on a procurement list, tender lists and their exports, the API
twins, authorization, and the buyer's green purchasing share."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from app import clock
from app.extensions import db

from .conftest import World


@pytest.fixture()
def world(make_org):
    return World(make_org)


@pytest.fixture()
def catalogue(world):
    """Listings in the packaging group with various claims, and one food listing."""
    producer = world.org("producer")
    today = clock.today()
    good = world.listing(producer, category="packaging.bags")
    world.claim(good, "vn-ecolabel", valid_from=today - dt.timedelta(days=10), valid_until=today + dt.timedelta(days=300))
    expired = world.listing(producer, category="packaging.cups")
    world.claim(expired, "vn-ecolabel", valid_from=today - dt.timedelta(days=400), valid_until=today - dt.timedelta(days=1))
    pending = world.listing(producer, category="packaging.straws")
    world.claim(pending, "vn-ecolabel", status="submitted")
    fairtrade = world.listing(producer, category="packaging.bags")  # a social label is not a procurement criterion
    world.claim(fairtrade, "fairtrade")
    food = world.listing(producer, category="food.rice")
    world.claim(food, "vn-organic")
    draft = world.listing(producer, category="packaging.bags", status="draft")
    world.claim(draft, "vn-ecolabel")
    return {"good": good, "expired": expired, "pending": pending, "fairtrade": fairtrade, "food": food, "draft": draft}


def _member_of(make_user, make_org, kind: str, segment: str | None = None):
    from app.orgs.models import BuyerSegment

    user = make_user()
    org = make_org(kind, owner=user)
    if segment:
        org.buyer_segment = BuyerSegment(segment)
        db.session.commit()
    return user, org


@pytest.fixture()
def public_buyer(make_user, make_org):
    return _member_of(make_user, make_org, "buyer", "public_buyer")


def test_procurement_list_holds_only_products_with_a_valid_accepted_certificate(client, catalogue):
    page = client.get("/procurement/groups/packaging?lang=en").get_data(as_text=True)
    assert catalogue["good"].title in page
    for other in ("expired", "pending", "fairtrade", "food", "draft"):
        assert catalogue[other].title not in page, other
    assert "NSTVN-01:2023" in page  # the product group's published criteria set
    assert "Law on Environmental Protection 2020" in page  # the label's legal basis from the registry
    index = client.get("/procurement?lang=en").get_data(as_text=True)
    assert "1 product qualifies" in index
    assert client.get("/procurement/groups/not-a-group").status_code == 404


def test_a_public_buyer_shortlists_products_and_exports_the_tender_list(login, public_buyer, catalogue):
    from openpyxl import load_workbook

    user, _org = public_buyer
    c = login(user)
    page = c.get("/procurement/groups/packaging?lang=en").get_data(as_text=True)
    assert 'name="listing_ids"' in page and "Add to tender list" in page
    from tests.conftest import csrf_from

    token = csrf_from(page)
    r = c.post("/procurement/groups/packaging/shortlist?lang=en", data={
        "csrf_token": token, "listing_ids": [str(catalogue["good"].id)], "title": "Văn phòng phẩm xanh 2027"})
    assert r.status_code == 302 and "/procurement/lists/" in r.headers["Location"]
    list_url = r.headers["Location"].split("?")[0]
    shown = c.get(list_url + "?lang=en").get_data(as_text=True)
    assert catalogue["good"].title in shown and "Criteria for the tender documents" in shown

    # a product that is not on the procurement list is refused and nothing changes
    list_id = int(list_url.rstrip("/").rsplit("/", 1)[1])
    r = c.post("/procurement/groups/packaging/shortlist?lang=en", data={
        "csrf_token": token, "listing_ids": [str(catalogue["expired"].id)], "list_id": str(list_id)})
    from app.procurement.models import TenderItem

    assert db.session.scalar(db.select(db.func.count(TenderItem.id)).where(TenderItem.tender_list_id == list_id)) == 1

    xlsx = c.get(f"/procurement/lists/{list_id}.xlsx?lang=en")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(xlsx.data))
    products = [[str(v) if v is not None else "" for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    assert any(catalogue["good"].title in row for row in products)
    assert any(row and row[4].startswith("VN-") for row in products)  # the certificate number
    criteria = "\n".join(str(r[0]) for r in wb.worksheets[1].iter_rows(values_only=True) if r[0])
    assert "NSTVN-01:2023" in criteria and "Legal basis" in criteria
    pdf = c.get(f"/procurement/lists/{list_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    # read back in the reader's language: dates as that language writes them (vi 31/12/2027, en 12/31/2027)
    import re

    from pypdf import PdfReader

    cert = next(row for row in products if row and row[4].startswith("VN-"))
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", cert[5]), cert[5]
    vi = load_workbook(io.BytesIO(c.get(f"/procurement/lists/{list_id}.xlsx?lang=vi").data))
    vi_rows = [[str(v) if v is not None else "" for v in row] for row in vi.worksheets[0].iter_rows(values_only=True)]
    vi_cert = next(row for row in vi_rows if row and row[4].startswith("VN-"))
    d, m, y = vi_cert[5].split("/")
    assert len(d) == 2 and len(m) == 2 and len(y) == 4 and cert[5] == f"{int(m)}/{int(d)}/{y}"
    assert vi_rows[3][0] == "Sản phẩm"  # the header in Vietnamese
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(c.get(f"/procurement/lists/{list_id}.pdf?lang=vi").data)).pages)
    assert vi_cert[5] in text


def test_tender_lists_are_private_to_their_organisation(login, client, public_buyer, make_user, make_org, catalogue,
                                                        token_for):
    from app.procurement import services
    from app.permissions import Actor

    user, org = public_buyer
    tl = services.create_list(Actor.for_user(user), {"title": "Danh sách A", "product_group": "packaging"})
    other_user, _other_org = _member_of(make_user, make_org, "buyer", "public_buyer")
    stranger = login(other_user)
    for url in (f"/procurement/lists/{tl.id}", f"/procurement/lists/{tl.id}.xlsx", f"/procurement/lists/{tl.id}.pdf"):
        assert stranger.get(url).status_code == 404
    assert client.get(f"/api/v1/procurement/lists/{tl.id}", headers=token_for(other_user)).status_code == 404
    assert client.get(f"/api/v1/procurement/lists/{tl.id}").status_code == 401
    producer_user, _producer_org = _member_of(make_user, make_org, "producer")
    r = client.post("/api/v1/procurement/lists", json={"title": "Không được", "product_group": "packaging"},
                    headers=token_for(producer_user))
    assert r.status_code == 403


def test_api_twins_validate_once_and_keep_one_row_per_product(client, public_buyer, catalogue, token_for):
    user, _org = public_buyer
    h = token_for(user)
    r = client.get("/api/v1/procurement/products?group=packaging")
    assert r.status_code == 200
    body = r.get_json()
    assert [i["listing_id"] for i in body["items"]] == [catalogue["good"].id]
    assert body["items"][0]["criteria"][0]["label"] == "vn-ecolabel"
    assert client.get("/api/v1/procurement/products?group=packaging&colour=green").status_code == 422
    r = client.post("/api/v1/procurement/lists", json={"title": "x", "product_group": "spaceships"}, headers=h)
    assert r.status_code == 422 and set(r.get_json()["error"]["fields"]) == {"title", "product_group"}
    tl = client.post("/api/v1/procurement/lists", json={"title": "Bao bì 2027", "product_group": "packaging"},
                     headers=h).get_json()
    for _ in range(2):
        r = client.post(f"/api/v1/procurement/lists/{tl['id']}/items", json={"listing_ids": [catalogue["good"].id]}, headers=h)
        assert r.status_code == 200 and [i["listing_id"] for i in r.get_json()["items"]] == [catalogue["good"].id]
    r = client.post(f"/api/v1/procurement/lists/{tl['id']}/items", json={"listing_ids": [catalogue["food"].id]}, headers=h)
    assert r.status_code == 422 and "listing_ids" in r.get_json()["error"]["fields"]
    assert client.delete(f"/api/v1/procurement/lists/{tl['id']}/items/{catalogue['good'].id}", headers=h).status_code == 204
    assert client.get(f"/api/v1/procurement/lists/{tl['id']}", headers=h).get_json()["items"] == []


def test_green_purchasing_share_counts_deals_whose_product_was_certified_that_day(login, public_buyer, world, catalogue):
    from app.procurement.services import green_purchasing_share

    user, org = public_buyer
    today = clock.today()
    year = today.year
    when = dt.datetime.combine(today, dt.time(3, 0))  # inside the good claim's validity
    world.deal(org, catalogue["good"], when=when, total=3_000_000)         # certified that day
    world.deal(org, catalogue["fairtrade"], when=when, total=1_000_000)    # not a procurement criterion
    world.deal(org, catalogue["pending"], when=when, total=500_000)        # claim never verified
    world.deal(org, catalogue["good"], when=when, total=9_000_000, status="cancelled")  # counts nowhere
    share = green_purchasing_share(org.id, year)
    assert share["total_vnd"] == 4_500_000 and share["green_vnd"] == 3_000_000 and share["deals"] == 3
    page = login(user).get("/dashboard?lang=en").get_data(as_text=True)
    assert "Green purchasing" in page and "66.7%" in page


@pytest.mark.parametrize("lang, wording", [("vi", "Không có nhóm sản phẩm này. Các nhóm hợp lệ: "),
                                           ("en", "Unknown product group. Accepted: ")])
def test_products_api_names_the_product_groups_for_an_unknown_one(client, lang, wording):
    """An unknown group is a 422 whose field message, in the caller's language, names the groups accepted
    (it was marshmallow's English 'Invalid value.' on every request)."""
    from app.catalog.taxonomy import top_categories

    r = client.get("/api/v1/procurement/products", query_string={"group": "spaceships"},
                   headers={"Accept-Language": lang})
    assert r.status_code == 422
    assert r.get_json()["error"]["fields"] == {"group": [wording + ", ".join(top_categories()) + "."]}


def test_criteria_sets_read_in_the_pages_language_with_no_internal_codes(login, client, public_buyer, catalogue):
    """The published criteria sets on /procurement and in a Vietnamese tender export name their source
    in Vietnamese; no label code (vn-organic), source file name or English sentence reaches the page."""
    from openpyxl import load_workbook

    vi = client.get("/procurement?lang=vi").get_data(as_text=True)
    for leak in ("vn-organic", "vn-energy-label", "registry.py", "as cited in", "Which part of"):
        assert leak not in vi, leak
    assert "Quyết định 3257/QĐ-BTNMT" in vi and "Nông nghiệp hữu cơ (TCVN 11041)" in vi
    en = client.get("/procurement?lang=en").get_data(as_text=True)
    assert "as cited in the platform" in en and "vn-organic" not in en

    user, _org = public_buyer
    c = login(user)
    from tests.conftest import csrf_from

    token = csrf_from(c.get("/procurement/groups/food?lang=vi").get_data(as_text=True))
    r = c.post("/procurement/groups/food/shortlist?lang=vi", data={
        "csrf_token": token, "listing_ids": [str(catalogue["food"].id)], "title": "Gạo hữu cơ cho bếp ăn"})
    list_url = r.headers["Location"].split("?")[0]
    shown = c.get(list_url + "?lang=vi").get_data(as_text=True)
    assert "Bộ tiêu chí Nông nghiệp hữu cơ (TCVN 11041)" in shown and "vn-organic" not in shown
    assert "Which part of" not in shown
    wb = load_workbook(io.BytesIO(c.get(list_url + ".xlsx?lang=vi").data))
    criteria = "\n".join(str(r[0]) for r in wb.worksheets[1].iter_rows(values_only=True) if r[0])
    assert "Phần nào của bộ TCVN 11041" in criteria
    assert "vn-organic" not in criteria and "Which part of" not in criteria


def test_the_tender_export_is_dated_the_way_its_rows_are(login, public_buyer, catalogue):
    """The export's subtitle gives today's date as 30/11/2026 like the certificate dates below it, not the
    long form '30 thg 11, 2026'."""
    from openpyxl import load_workbook

    from tests.conftest import csrf_from

    user, _org = public_buyer
    c = login(user)
    token = csrf_from(c.get("/procurement/groups/packaging?lang=vi").get_data(as_text=True))
    r = c.post("/procurement/groups/packaging/shortlist?lang=vi", data={
        "csrf_token": token, "listing_ids": [str(catalogue["good"].id)], "title": "Bao bì xanh 2027"})
    list_url = r.headers["Location"].split("?")[0]
    wb = load_workbook(io.BytesIO(c.get(list_url + ".xlsx?lang=vi").data))
    subtitle = wb.worksheets[0].cell(row=2, column=1).value
    assert clock.today().strftime("%d/%m/%Y") in subtitle, subtitle
    assert "thg" not in subtitle
