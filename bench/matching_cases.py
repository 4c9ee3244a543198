"""Request → listing matching as a case family of bench/relevance.py (issue 15, item 4).

Judged requests: bench/data/matching_requests.jsonl — sourcing requests written the way buyers write
them, over the relevance corpus (bench/data/relevance_corpus.jsonl); the relevant listings are those of
the product(s) the request names (the corpus's ``concept``). A buyer organisation opens each request
through ``POST /api/v1/rfqs``; its matches are read through ``GET /api/v1/rfqs/<id>/matches`` on each
engine. Forms: the request names the product (with its category), names it only in the description,
has no category, or names either of two products.

Each request is scored twice in the same run: in the API's order (listings that name the product
first) and, as the baseline, the same matches ordered by score alone (family ``matching (score only)``,
the order before item 4). The corpus has one supplier and the API returns at most 10 listings per
supplier, so recall@10, nDCG@10 and precision@10 are the meaningful figures (recall@50 repeats recall@10).
bench/matching_relevance.py runs a multi-supplier catalogue of its own (distance, labels, verification).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "matching_requests.jsonl"


def _isolated(client, method: str, url: str, **kw):
    """One request in its own context (own `g`: the bench process holds an app context)."""
    return contextvars.Context().run(getattr(client, method), url, **kw)


def matching_cases(ctx: dict) -> list:
    from app import clock
    from app.accounts.services import issue_api_token, register
    from app.orgs.services import create_organisation
    from app.permissions import Actor
    from relevance import Case

    client, corpus, ids = ctx["client"], ctx["corpus"], ctx["ids"]
    by_concept: dict[str, set[int]] = {}
    for row in corpus:
        if row.get("concept"):
            by_concept.setdefault(row["concept"], set()).add(ids[row["sku"]])
    buyer = register("matching-buyer@example.vn", "XanhXanh2025!", "Bench buyer", confirmed=True, send_mail=False)
    create_organisation(Actor(buyer), "buyer", {"legal_name": "Siêu thị Bench", "province_code": "79"}, approved=True)
    headers = {"Authorization": f"Bearer {issue_api_token(buyer)}"}
    cases = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        req = json.loads(line)
        body = {"title": req["title"], "description": req["description"], "quantity": 1000, "unit": "piece",
                "delivery_province": req["delivery_province"], "visibility": "public", "status": "open",
                "closes_on": (clock.today() + dt.timedelta(days=30)).isoformat()}
        if req["category"]:
            body["category"] = req["category"]
        r = _isolated(client, "post", "/api/v1/rfqs", json=body, headers=headers)
        assert r.status_code == 201, (req["id"], r.status_code, r.json)
        rfq_id = r.json["id"]
        relevant = set().union(*(by_concept[c] for c in req["relevant"]))
        cache: dict = {}

        def items(client, rfq_id=rfq_id, cache=cache) -> list[dict]:
            engine = ctx["app"].config["SEARCH_URL"]
            if engine not in cache:
                r = _isolated(client, "get", f"/api/v1/rfqs/{rfq_id}/matches?limit=100&per_supplier=10", headers=headers)
                assert r.status_code == 200, (rfq_id, r.status_code, r.json)
                cache[engine] = r.json["items"]
            return cache[engine]

        def api_order(client, items=items) -> list[int]:
            return [i["listing_id"] for i in items(client)]

        def score_only(client, items=items) -> list[int]:
            ranked = sorted(items(client), key=lambda i: (-round(i["score"] * 100), i["listing_id"]))
            return [i["listing_id"] for i in ranked]

        label = f"{req['id']} {req['title']}"
        cases.append(Case("matching", req["form"], label, relevant, api_order))
        cases.append(Case("matching (score only)", req["form"], label, relevant, score_only))
    return cases
