"""Relevance of sourcing matching on judged request → listing cases (issue 15, item 4).

    .venv/bin/python bench/matching_relevance.py            # tantivy and OpenSearch (osmem-server)
    .venv/bin/python bench/matching_relevance.py --engines tantivy

The judged cases live in `bench/data/matching_judged.json`: 65 listings titled the way Vietnamese
producers title them, from 13 suppliers in different provinces (some certified, some not), and 30
requests phrased the way buyers write them, each with graded judgements (2 = the product the request
names, 1 = a substitute the buyer would still consider).

Steps: a fresh SQLite database in a temp dir; suppliers, listings (published through the catalog
service, with verified claims), a buyer and its requests (through the sourcing service); the indexer
drains the outbox into each engine; then every request's matches are read through the API
(`GET /api/v1/rfqs/<id>/matches`) on each engine. Printed per engine, for the API's order and, as the
baseline measured in the same run, for the same matches ordered by score alone (the order before
"what the buyer named comes first"): recall@10 (grade ≥ 1), nDCG@10 (gain 2^grade − 1),
top-1 = share of requests whose first match is a grade-2 listing, and whether both engines returned
exactly the same ranked lists.

`evaluate(...)` is importable (bench/relevance.py prints the same family beside the search queries).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data" / "matching_judged.json"
def isolated_client(app):
    """A test client whose requests each get their own app context, `g` and session, as in production
    (this process holds an app context of its own)."""
    import contextvars

    from flask.testing import FlaskClient

    class Isolated(FlaskClient):
        def open(self, *args, **kwargs):
            return contextvars.Context().run(super().open, *args, **kwargs)

    app.test_client_class = Isolated
    return app.test_client()


PASSWORD = "Bench-matching-2025!"


def load_cases(path: Path = DATA) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build(cases: dict) -> tuple[dict[str, int], dict[str, int], object]:
    """Create suppliers, listings, claims, a buyer and its requests. Returns (listing ids by key,
    request ids by case id, the buyer user)."""
    from app import clock
    from app.accounts.services import register
    from app.catalog.services import create_listing
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label
    from app.orgs.services import create_organisation
    from app.permissions import Actor
    from app.sourcing.services import create_rfq

    today = clock.today()
    labels = {lb.code: lb.id for lb in db.session.scalars(db.select(Label))}
    actors = {}
    for n, (key, s) in enumerate(cases["suppliers"].items()):
        user = register(f"{key}@bench-greenconnect.vn", PASSWORD, s["name"], confirmed=True, send_mail=False)
        org = create_organisation(Actor(user), "producer", {"legal_name": f"Công ty {s['name']}", "trade_name": s["name"],
                                                            "province_code": s["province"], "tax_code": s["tax_code"]},
                                  approved=True)
        actors[key] = Actor.for_user(user)
    listing_ids = {}
    for item in cases["listings"]:
        actor = actors[item["supplier"]]
        listing = create_listing(actor, {
            "title": item["title"], "title_en": item.get("title_en", ""), "material": item.get("material", ""),
            "description": f"{item['title']}. Sản phẩm của {actor.org.display_name}, giao toàn quốc.",
            "category": item["category"], "unit": item["unit"], "moq": 1, "origin_province": actor.org.province_code,
            "price_tiers": [{"min_qty": 1, "price_vnd": item["price"]}], "status": "published"})
        listing_ids[item["key"]] = listing.id
        for code in item.get("labels", []):
            db.session.add(Claim(label_id=labels[code], organisation_id=actor.org_id, listing_id=listing.id,
                                 certificate_number=f"B-{code}-{listing.id}", valid_from=today - dt.timedelta(days=30),
                                 valid_until=today + dt.timedelta(days=365), status=ClaimStatus.verified))
    db.session.commit()
    buyer = register("buyer@bench-greenconnect.vn", PASSWORD, "Người mua", confirmed=True, send_mail=False)
    create_organisation(Actor(buyer), "buyer", {"legal_name": "Siêu thị Thử", "province_code": "79"}, approved=True)
    ba = Actor.for_user(buyer)
    rfq_ids = {}
    for r in cases["requests"]:
        rfq = create_rfq(ba, {
            "title": r["title"], "description": r.get("description", ""), "category": r.get("category") or "",
            "quantity": r["quantity"], "unit": r["unit"], "delivery_province": r["delivery_province"],
            "target_price_max": r.get("target_price_max"), "preferred_labels": r.get("preferred_labels", []),
            "required_labels": [], "closes_on": (today + dt.timedelta(days=30)).isoformat(), "visibility": "public",
            "status": "open"})
        rfq_ids[r["id"]] = rfq.id
    return listing_ids, rfq_ids, buyer


def dcg(grades: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def metrics(ranked: list[int], judged: dict[int, int], k: int = 10) -> dict[str, float]:
    top = ranked[:k]
    relevant = [i for i, g in judged.items() if g >= 1]
    recall = sum(1 for i in top if i in judged) / len(relevant) if relevant else 1.0
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    ndcg = dcg([judged.get(i, 0) for i in top]) / ideal if ideal else 1.0
    best = max(judged.values(), default=0)
    top1 = 1.0 if ranked and judged.get(ranked[0], 0) == best else 0.0
    return {"recall@10": recall, "ndcg@10": ndcg, "top1": top1}


def evaluate(app, client, headers: dict, cases: dict, listing_ids: dict[str, int], rfq_ids: dict[str, int],
             engines: dict[str, str]) -> dict:
    """Matches of every judged request through the API on each engine (SEARCH_URL switched per engine).
    Returns {engine: {"api": {metric: mean}, "score_only": {...}, "ranked": {case: [ids]}}}."""
    from app.indexing import close_backends

    out = {}
    for engine, url in engines.items():
        close_backends(app)
        app.config["SEARCH_URL"] = url
        per = {"api": [], "score_only": []}
        ranked_by_case = {}
        for r in cases["requests"]:
            body = client.get(f"/api/v1/rfqs/{rfq_ids[r['id']]}/matches?limit=100&per_supplier=10", headers=headers).json
            items = body["items"]
            api_order = [i["listing_id"] for i in items]
            score_order = [i["listing_id"] for i in sorted(items, key=lambda i: (-round(i["score"] * 100), i["listing_id"]))]
            judged = {listing_ids[k]: g for k, g in r["relevant"].items()}
            per["api"].append(metrics(api_order, judged))
            per["score_only"].append(metrics(score_order, judged))
            ranked_by_case[r["id"]] = api_order
        out[engine] = {name: {m: sum(x[m] for x in rows) / len(rows) for m in rows[0]} for name, rows in per.items()}
        out[engine]["ranked"] = ranked_by_case
    close_backends(app)
    return out


def print_report(result: dict, cases: dict) -> None:
    print(f"\nmatching: {len(cases['requests'])} judged requests, {len(cases['listings'])} listings")
    print(f"{'engine':<12} {'order':<12} {'recall@10':>9} {'nDCG@10':>8} {'top-1':>6}")
    for engine, r in result.items():
        for name in ("api", "score_only"):
            m = r[name]
            label = "named first" if name == "api" else "score only"
            print(f"{engine:<12} {label:<12} {m['recall@10']:>9.3f} {m['ndcg@10']:>8.3f} {m['top1']:>6.2f}")
    engines = list(result)
    if len(engines) > 1:
        same = all(result[e]["ranked"] == result[engines[0]]["ranked"] for e in engines[1:])
        print(f"engines agree on every ranked list: {'yes' if same else 'NO'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engines", default="tantivy,opensearch", help="comma-separated: tantivy, opensearch")
    ap.add_argument("--verbose", action="store_true", help="list the requests whose first match is not a grade-2 listing")
    args = ap.parse_args()
    run([e.strip() for e in args.engines.split(",") if e.strip()], verbose=args.verbose)
    return 0


def run(wanted: list[str], verbose: bool = False) -> dict:
    """The whole bench on the engines named (tantivy, opensearch): own database, catalogue and index;
    prints the report and returns the result (bench/relevance.py calls it in its own run)."""
    from app import create_app
    from app.accounts.services import issue_api_token
    from app.extensions import db
    from app.indexing import Indexer, close_backends
    from app.reference import seed_all

    cases = load_cases()
    server = None
    with tempfile.TemporaryDirectory(prefix="gc-bench-matching-relevance-") as tmp:
        work = Path(tmp)
        engines = {"tantivy": f"tantivy://{work / 'index'}"}
        if "opensearch" in wanted:
            from osmem_server import OsmemServer

            server = OsmemServer.start(japanese=False)
            engines["opensearch"] = f"opensearch+{server.url}?prefix=rel{random.randrange(10**6)}"
        engines = {k: v for k, v in engines.items() if k in wanted}
        app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{work / 'bench.sqlite3'}",
                         SEARCH_URL=engines.get("tantivy", f"tantivy://{work / 'index'}"), RATELIMIT_ENABLED=False,
                         MAIL_OUTBOX_DIR=str(work / "mail"), UPLOAD_DIR=str(work / "uploads"), SERVER_NAME=None)
        try:
            with app.app_context():
                db.create_all()
                seed_all()
                listing_ids, rfq_ids, buyer = build(cases)
                for url in engines.values():  # every engine gets the same documents from the same outbox
                    close_backends(app)
                    app.config["SEARCH_URL"] = url
                    with Indexer(app) as ix:
                        ix.rebuild("listing")
                headers = {"Authorization": f"Bearer {issue_api_token(buyer)}"}
                result = evaluate(app, isolated_client(app), headers, cases, listing_ids, rfq_ids, engines)
                print_report(result, cases)
                if verbose:
                    keys = {v: k for k, v in listing_ids.items()}
                    for r in cases["requests"]:
                        ranked = next(iter(result.values()))["ranked"][r["id"]]
                        if not ranked or r["relevant"].get(keys[ranked[0]], 0) < max(r["relevant"].values()):
                            print(f"  {r['id']}: {[keys[i] for i in ranked[:5]]}")
                close_backends(app)
        finally:
            if server is not None:
                server.close()
    return result


if __name__ == "__main__":
    sys.exit(main())
