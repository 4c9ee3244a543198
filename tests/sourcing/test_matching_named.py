"""Matching respects what the buyer named: a request for paper straws puts the paper straw first,
above bamboo and grass straws that only share the category — on tantivy and on OpenSearch."""
from __future__ import annotations

import random

import pytest

from search import matching as m
from tests.sourcing.conftest import rfq_data

STRAW = {"category": "packaging.straws", "unit": "piece", "moq": 1000, "capacity_month": 500000,
         "description": "Ống hút dùng một lần cho quán cà phê, phân huỷ sinh học.", "status": "published"}


def _straws(producer, listing, certify):
    """Bamboo and grass straws from close, certified, cheap suppliers; one paper straw from far away,
    above the target price and without certificates (it would lose on every other component)."""
    near = [producer(trade_name=f"Tre {i}", province_code="48", tax_code=f"04012345{i:02d}") for i in range(3)]
    others = []
    for i, (actor, org) in enumerate(near):
        for title in ("Ống hút tre tự nhiên 20 cm", "Ống hút cỏ bàng khô"):
            item = listing(actor, title=title, material="tre" if "tre" in title else "cỏ bàng",
                           origin_province="48", price_tiers=[{"min_qty": 1000, "price_vnd": 500}], **STRAW)
            certify(org.id, "vn-ecolabel", item.id)
            others.append(item.id)
    far_actor, _far = producer(trade_name="Giấy Cà Mau", province_code="96")
    paper = listing(far_actor, title="Ống hút giấy 3 lớp", material="giấy kraft", origin_province="96",
                    price_tiers=[{"min_qty": 1000, "price_vnd": 1400}], **STRAW)
    return paper.id, others


def _request(buyer):
    from app.sourcing import services

    ba, _org, _u = buyer()
    return services.create_rfq(ba, rfq_data(
        title="Ống hút giấy cho chuỗi cà phê", description="Thay ống hút nhựa, giao hằng tháng về Đà Nẵng.",
        category="packaging.straws", quantity=100000, unit="piece", target_price_max=900, required_labels=[],
        preferred_labels=["vn-ecolabel"], delivery_province="48"))


def test_paper_straw_request_ranks_the_paper_straw_first(app, producer, buyer, listing, certify, sync, client, token_for):
    from app.sourcing.matching import match_rfq

    paper, others = _straws(producer, listing, certify)
    sync()
    rfq = _request(buyer)
    page = match_rfq(rfq, limit=50, per_supplier=10)
    ranked = [e for g in page.groups for e in g.matches]
    assert ranked[0].listing_id == paper
    assert {e.listing_id for e in ranked[1:]} == set(others)
    # it scores lower on everything but the text, and still comes first because it names the product
    assert ranked[0].score < min(e.score for e in ranked[1:])
    assert ranked[0].names_product is True and all(e.names_product is False for e in ranked[1:])
    text = ranked[0].as_dict()["components"]["text"]
    assert text["product_terms"] == ["giay", "chuoi", "ca", "phe"] and text["named_terms"] == ["giay"]

    # the API shows the same order and explains it
    owner = rfq.buyer.memberships[0].user
    body = client.get(f"/api/v1/rfqs/{rfq.id}/matches?limit=50&per_supplier=10", headers=token_for(owner)).json
    assert body["items"][0]["listing_id"] == paper and body["items"][0]["names_product"] is True
    assert body["items"][0]["explanation"]["text"]["named_terms"] == ["giay"]
    assert [i["names_product"] for i in body["items"][1:]] == [False] * len(others)
    assert body["suppliers"][0]["listings"][0]["listing_id"] == paper


def test_the_matches_page_says_why(app, producer, buyer, listing, certify, sync, login):
    paper, _others = _straws(producer, listing, certify)
    sync()
    rfq = _request(buyer)
    c = login(rfq.buyer.memberships[0].user)
    html = c.get(f"/sourcing/requests/{rfq.id}/matches?lang=en").get_data(as_text=True)
    first = html.index('data-listing-id="')
    assert html[first:].startswith(f'data-listing-id="{paper}"')
    assert "names the product you asked for: giay" in html
    assert "Same category only" in html


def test_both_engines_agree_on_the_named_order(app, producer, buyer, listing, certify, sync):
    osmem = pytest.importorskip("osmem_server")
    from app.catalog.documents import listings_for_index
    from app.sourcing.matching import match_rfq
    from search import backend_from_url

    paper, _others = _straws(producer, listing, certify)
    sync()
    rfq = _request(buyer)
    server = osmem.OsmemServer.start(japanese=False)
    try:
        other = backend_from_url(f"opensearch+{server.url}?prefix=named{random.randrange(10**6)}")
        other.rebuild("listing", listings_for_index())
        a = match_rfq(rfq, limit=50, per_supplier=10)
        b = match_rfq(rfq, backend=other, limit=50, per_supplier=10)
        key = [(g.org_id, [(e.listing_id, e.score, e.names_product) for e in g.matches]) for g in a.groups]
        assert key == [(g.org_id, [(e.listing_id, e.score, e.names_product) for e in g.matches]) for g in b.groups]
        assert key[0][1][0][0] == paper
        other.close()
    finally:
        server.close()


# ------------------------------------------------------------------ the rule itself, without the app

def _facts(i, title, material="", org=1, **kw):
    return m.ListingFacts(i, org, title=title, material=material, category="packaging.straws", unit="piece", **kw)


def test_product_terms_leave_out_the_category_the_place_and_sizes():
    spec = m.RfqSpec(text="Ống hút giấy 20 cm 750 ml giao Đà Nẵng", title="Ống hút giấy 20 cm 750 ml giao Đà Nẵng",
                     generic_terms=frozenset({"ong", "hut", "straws", "da", "nang"}))
    assert m.product_terms(spec) == ["giay", "giao"]
    # the title only repeats the category: the description names the product
    spec = m.RfqSpec(text="Ống hút - loại giấy ba lớp", title="Ống hút", generic_terms=frozenset({"ong", "hut"}))
    assert m.product_terms(spec) == ["giay", "ba", "lop"]
    # nothing named: no tier, the score alone orders
    spec = m.RfqSpec(text="Ống hút", title="Ống hút", generic_terms=frozenset({"ong", "hut"}))
    assert m.product_terms(spec) == []
    assert m.rank(spec, [_facts(1, "Ống hút tre")])[0].names_product is None


def test_naming_the_product_outranks_a_better_score_and_groups_follow():
    spec = m.RfqSpec(text="ống hút giấy", title="ống hút giấy", category="packaging.straws", quantity=1000,
                     unit="piece", delivery=(16.05, 108.2), generic_terms=frozenset({"ong", "hut"}))
    close = dict(location=(16.05, 108.2), org_checked=True, labels=frozenset({"vn-ecolabel", "fsc"}), response_rate=1.0,
                 median_response_hours=2.0)
    ranked = m.rank(spec, [_facts(1, "Ống hút tre", org=1, **close), _facts(2, "Straw", material="giấy", org=2),
                           _facts(3, "Ống hút cỏ", org=3, **close)])
    assert [e.listing_id for e in ranked] == [2, 1, 3]
    assert ranked[0].score < ranked[1].score
    groups = m.group_by_supplier(ranked)
    assert [g.org_id for g in groups] == [2, 1, 3]
    # the description does not name the product (it mentions everything)
    ranked = m.rank(spec, [_facts(4, "Ống hút tre", description="thay cho ống hút giấy", **close), _facts(5, "Ống hút giấy")])
    assert [e.listing_id for e in ranked] == [5, 4]
