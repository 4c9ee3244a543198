"""The resolver on the platform's domain: content negotiation, linkType, linkset; QR codes that decode to the
lot's URI; what the public trace page shows."""
from __future__ import annotations

import datetime as dt
import io

import pytest

DL = "/01/08934567890120/10/B-001"


def test_a_person_gets_the_trace_page(chain, client):
    c = chain()
    r = client.get(DL, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "Chai PET 500 ml" in page and "B-001" in page and "Chai Xanh" in page and "Hồ Chí Minh" in page
    assert "Mảnh PET tái chế" in page and f"/trace/lots/{c.flakes_lot.id}" in page  # input with its own trace link
    assert 'rel="linkset"' in r.headers["Link"] and "Accept" in r.headers["Vary"]
    assert client.get(DL, headers={"Accept": "*/*"}).mimetype == "text/html"  # curl's default: a person


def test_a_machine_gets_json_ld(chain, client):
    c = chain()
    r = client.get(DL, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    doc = r.json
    assert doc["@type"] == "SomeProducts" and doc["gtin"] == "08934567890120"
    assert doc["hasGS1DigitalLink"] == "http://localhost" + DL and doc["productionDate"] == c.bottle_lot.production_date.isoformat()
    assert doc["gc:recycledContent"]["badge"] is True and doc["gc:recycledContent"]["coverage"] == "covered"
    assert doc["isRelatedTo"] == [{"@id": f"http://localhost/trace/lots/{c.flakes_lot.id}"}]  # flakes have no GTIN
    assert client.get(DL, headers={"Accept": "application/json"}).mimetype == "application/json"


def test_link_types_and_the_linkset(chain, client):
    c = chain()
    pip = client.get(DL + "?linkType=gs1:pip")
    assert pip.status_code == 307 and pip.headers["Location"].endswith(f"/listings/{c.bottles.id}")
    epcis = client.get(DL + "?linkType=https://gs1.org/voc/epcis")
    assert epcis.status_code == 307 and epcis.headers["Location"].endswith(f"/api/v1/trace/lots/{c.bottle_lot.id}/epcis")
    trace = client.get(DL + "?linkType=gs1:traceability")
    assert trace.status_code == 307 and trace.headers["Location"].endswith(f"/trace/lots/{c.bottle_lot.id}")
    unknown = client.get(DL + "?linkType=gs1:recipeInfo")  # not offered: the default link
    assert unknown.status_code == 307 and unknown.headers["Location"].endswith(f"/trace/lots/{c.bottle_lot.id}")
    for r in (client.get(DL + "?linkType=all"), client.get(DL, headers={"Accept": "application/linkset+json"})):
        assert r.status_code == 200 and r.mimetype == "application/linkset+json"
        entry = r.json["linkset"][0]
        assert entry["anchor"] == "http://localhost" + DL
        assert {k.rsplit("/", 1)[1] for k in entry if k != "anchor"} == {
            "defaultLink", "traceability", "epcis", "certificationInfo", "sustainabilityInfo", "pip"}
    # on the trace page itself, gs1:traceability is the page (no redirect loop)
    assert client.get(f"/trace/lots/{c.bottle_lot.id}?linkType=gs1:traceability").status_code == 200


def test_qualifier_order_padding_and_encoding_at_the_resolver(chain, client):
    chain()
    assert client.get("/01/8934567890120/10/B-001").status_code == 200          # GTIN-13: padded
    assert client.get("/01/08934567890120/10/B-001/21/SER1").status_code == 200  # a serial is accepted
    assert client.get("/01/08934567890120/21/SER1/10/B-001").status_code == 404  # out of order
    assert client.get("/01/08934567890121/10/B-001").status_code == 404          # wrong check digit
    assert client.get("/01/08934567890120/10/B-999").status_code == 404          # unknown lot
    page = client.get("/01/08934567890120/10/B-999").get_data(as_text=True)
    assert "not registered" in page or "chưa được đăng ký" in page


def test_slashes_in_lot_numbers_survive_the_round_trip(chain, client):
    from app.trace.services import lots

    c = chain(until="deal")
    lot = lots.record_lot(c.actor("maker"), c.bottles.id, {"lot_number": "L/2026?1", "production_date": dt.date.today(),
                                                            "quantity": 5})
    uri = lots.lot_uri(lot, "http://localhost/")
    assert uri == "http://localhost/01/08934567890120/10/L%2F2026%3F1"
    r = client.get(uri.removeprefix("http://localhost"), headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.json["identifier"][0]["value"] == "L/2026?1"


def test_a_gtin_alone_leads_to_the_product(chain, client):
    c = chain()
    r = client.get("/01/08934567890120")
    assert r.status_code == 307 and r.headers["Location"].endswith(f"/listings/{c.bottles.id}")
    assert client.get("/01/08934567890120?linkType=all").json["linkset"][0][
        "https://gs1.org/voc/pip"][0]["href"].endswith(f"/listings/{c.bottles.id}")


def test_draft_listings_and_unapproved_producers_do_not_resolve(app, chain, client, login):
    from app.catalog.services import set_status
    from app.extensions import db
    from app.orgs.models import OrgStatus

    c = chain()
    set_status(c.actor("maker"), c.bottles.id, "draft")
    assert client.get(DL).status_code == 404
    assert login(c.maker, app.test_client()).get(DL).status_code == 200  # the producer itself previews it
    set_status(c.actor("maker"), c.bottles.id, "archived")  # archived: the printed codes keep working
    assert client.get(DL).status_code == 200
    c.maker_org.status = OrgStatus.suspended
    db.session.commit()
    assert client.get(f"/trace/lots/{c.bottle_lot.id}").status_code == 404


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_qr_code_decodes_to_the_lots_uri(chain, client, fmt):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    c = chain()
    if fmt == "png":
        for size, mm in (("s", 20), ("m", 30), ("l", 50)):
            r = client.get(f"/trace/lots/{c.bottle_lot.id}/qr.png?size={size}")
            assert r.status_code == 200 and r.mimetype == "image/png"
            img = Image.open(io.BytesIO(r.data))
            assert abs(img.size[0] / 300 * 25.4 - mm) < 4  # 300 dpi, about the print size
            assert [x.text for x in zxingcpp.read_barcodes(img)] == ["http://localhost" + DL]
    else:
        r = client.get(f"/api/v1/trace/lots/{c.bottle_lot.id}/qr.svg?size=l")
        assert r.status_code == 200 and r.mimetype == "image/svg+xml"
        svg = r.get_data(as_text=True)
        assert 'width="50mm"' in svg or 'width="49.99' in svg
    flakes = client.get(f"/api/v1/trace/lots/{c.flakes_lot.id}/qr.png?size=m")
    if fmt == "png":
        got = [x.text for x in zxingcpp.read_barcodes(Image.open(io.BytesIO(flakes.data)))]
        assert got == [f"http://localhost/trace/lots/{c.flakes_lot.id}"]  # no GTIN: the internal identifier
    assert client.get(f"/api/v1/trace/lots/{c.flakes_lot.id}/qr.png?size=xxl").status_code == 422


def test_certifications_valid_on_the_production_date(chain, client, make_user):
    from app import clock
    from app.labels import services as labels
    from app.permissions import Actor

    c = chain()
    ma, verifier = c.actor("maker"), Actor.for_user(make_user(role="verifier"))
    produced = c.bottle_lot.production_date
    from tests.trace.conftest import pdf

    def claim(label, number, start, end, verify=True):
        cl = labels.submit_claim(ma, c.maker_org.id, {"label": label, "certificate_number": number, "issuer": "Vinacert",
                                                      "valid_from": start, "valid_until": end}, pdf(),
                                 listing_id=c.bottles.id if label != "iso-14001" else None)
        if verify:
            labels.verify_claim(verifier, cl.id)
        return cl

    claim("grs", "GRS-VALID", produced - dt.timedelta(days=100), produced + dt.timedelta(days=100))
    claim("iso-14001", "ISO-ORG", produced - dt.timedelta(days=10), produced + dt.timedelta(days=700))
    claim("vn-ecolabel", "LATER-1", produced + dt.timedelta(days=1), produced + dt.timedelta(days=300))
    claim("rcs", "PENDING-1", produced - dt.timedelta(days=5), produced + dt.timedelta(days=30), verify=False)
    # a certificate verified, valid on the production date, that has expired since
    old = claim("ok-biodegradable", "EXPIRED-SINCE", produced - dt.timedelta(days=300), produced + dt.timedelta(days=1))
    clock.advance(dt.timedelta(days=5))
    labels.expire_claims()
    page = client.get(f"/trace/lots/{c.bottle_lot.id}?lang=en").get_data(as_text=True)
    valid = page.split('class="list valid-certifications"')[1].split("</ul>")[0]
    assert "GRS-VALID" in valid and "ISO-ORG" in valid and "EXPIRED-SINCE" in valid and "Vinacert" in valid
    assert "LATER-1" not in valid and "PENDING-1" not in valid
    assert "LATER-1" in page.split('class="list invalid-certifications"')[1]  # shown, as not valid that day
    assert "PENDING-1" not in page
    from app.l10n import format_day

    assert format_day(old.valid_until, "en", "short") in valid  # 12/1/2026: the page's language writes the date


def test_transport_legs_and_footprint_with_sources_on_the_page(chain, client, make_user, make_org):
    from app.logistics import shipments
    from app.logistics.services import save_profile
    from app.permissions import Actor

    c = chain()
    carrier = make_user()
    make_org("logistics", owner=carrier, trade_name="Xe Điện Nam Bộ", province_code="75")
    save_profile(Actor.for_user(carrier), {"provinces": ["75", "79"], "published": True,
                                           "fleet": [{"vehicle_class": "road_electric_truck", "count": 3}]})
    route = shipments.create_route_for_deal(c.actor("recycler"), c.deal.id)
    quote = shipments.request_quotes(c.actor("recycler"), route.id, {"provider_ids": [carrier.membership.organisation_id]})[0]
    shipments.answer_quote(Actor.for_user(carrier), quote.id, {"vehicle_class": "road_electric_truck",
                                                                "price_vnd": 3000000, "transit_days": 1,
                                                                "committed_co2e_kg": 12.0})
    shipments.accept_quote(c.actor("recycler"), quote.id)
    page = client.get(f"/trace/lots/{c.bottle_lot.id}?lang=en").get_data(as_text=True)
    # 150 kg of a 1,000 kg shipment: 15 % of 12.0 kg = 1.8 kg CO2e, 0.18 g per bottle
    assert "Xe Điện Nam Bộ" in page and "1.800 kg CO2e" in page and "15% of a 1,000 kg shipment" in page
    # materials 0.08112767624 kg + transport 1.8 / 10,000 = 0.00018 → 0.0813 kg per bottle = 81.3 g
    assert "81.3 g CO2e" in page
    assert "row 4091 (ID 19_505_5143_15_1, Closed-loop source)" in page and "Open Government Licence v3.0" in page


def test_the_shortfall_is_shown_and_the_badge_withheld(chain, client):
    c = chain(bottle_recycled_pct=80)
    page = client.get(f"/trace/lots/{c.bottle_lot.id}?lang=en").get_data(as_text=True)
    assert "Recycled-content shortfall" in page and "recycled-badge" not in page
    ok = chain(gtin="")  # another chain: covered claim, badge shown
    assert "recycled-badge" in client.get(f"/trace/lots/{ok.bottle_lot.id}").get_data(as_text=True)


def test_resolver_description_file(client):
    r = client.get("/.well-known/gs1resolver")
    assert r.status_code == 200 and r.json["supportedPrimaryKeys"] == ["01"]
