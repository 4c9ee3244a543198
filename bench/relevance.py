"""Relevance you can measure (issue 15): a judged query set through the API on every engine.

    .venv/bin/python bench/relevance.py [--engines tantivy,osmem] [--split all|tuning|held-out|held-out-2|each]
                                        [--show-misses] [--no-matching-catalogue]

Corpus: bench/data/relevance_corpus.jsonl — marketplace-style Vietnamese listings of green products,
written for this bench (not the demo generator's word lists), each labelled with the product it is
(``concept``; distractors that share words have none).  They are loaded through
``POST /api/v1/listings`` by a producer with a bearer token, indexed by the indexer, then searched
through ``GET /api/v1/listings/search`` (per_page 50; ``prefix=true`` for the as-you-type form) on
tantivy and on OpenSearch (osmem-server) in the same run.

Judgments: bench/data/relevance_judgments.jsonl — one line per query, written and judged by hand
listing by listing (not generated from any word list): the text as a buyer types it, its form,
``relevant`` (the listings a buyer typing it wants: recall counts these), ``partial`` (acceptable
neighbours, e.g. a sedge basket for "túi cói", a laundry soapnut liquid for a dish-soap query: they
count as hits for precision and half a gain in nDCG, never against recall) and its split.  Forms:
accented, accent-less, typo (short syllables with a letter missing, wrong or missing tone, common
misspellings such as ``nilong``, ``inốc``, ``cafe``), telex/vni (typed with the input method off),
as-you-type (the last word half typed, ``prefix=true``), english (product words buyers type in
English), and multi-word queries with one word no listing has (``giá sỉ``, ``tphcm``, ``16oz``).
Two held-out parts: ``held-out`` — the queries about 13 of the 50 product groups (75 of the first
292), written with the rest and not looked at while the vocabulary and ranking were tuned on the
other 217 (their first figures are in the README; a few general fixes were then made from their
misses); ``held-out-2`` — 43 queries written after that, before any further change, and not tuned
on.  The report gives every part and all.

Metrics per form and engine (means over queries): recall@k = relevant in the top k / min(k,
relevant); nDCG@10 with gains 1 (relevant) and 0.5 (partial); precision@10 = relevant or partial
in the top 10 / results in the top 10 (0 when nothing is returned); zero-result rate = share of
queries with no result (every query has relevant listings).  Targets (per engine): recall@50 ≥ 0.95
for typo and as-you-type, 1.00 for accented and accent-less, zero-result rate < 2 % for every form,
precision@10 ≥ 0.9 for accented (exactly typed) queries.  They are checked on the tuning part (exit
status 1 when one is missed on an engine); the held-out parts' shortfalls are listed, not enforced.

After the queries, the same run calls bench/matching_relevance.py on the same engines (its own
multi-supplier catalogue of judged request → listing cases; ``--no-matching-catalogue`` skips it).

``JUDGED_CASES`` lets other benches add case families (e.g. request → listing matching) that run on
the same loaded corpus: a function ``(ctx) -> list[Case]``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data"
CORPUS = DATA / "relevance_corpus.jsonl"
JUDGMENTS = DATA / "relevance_judgments.jsonl"
SPLITS = ("tuning", "held-out", "held-out-2")
FORMS = ["accented", "accent-less", "typo", "telex/vni", "as-you-type", "english", "one word no listing has"]
TARGETS = {  # form -> {metric: (op, value)}
    "accented": {"recall@50": (">=", 1.0), "precision@10": (">=", 0.9)},
    "accent-less": {"recall@50": (">=", 1.0)},
    "typo": {"recall@50": (">=", 0.95)},
    "as-you-type": {"recall@50": (">=", 0.95)},
    "*": {"zero-result": ("<", 0.02)},
}


@dataclass
class Case:
    """One judged query: ``run(client) -> ranked ids``; ``relevant`` ids; grouped by ``family``/``form``."""

    family: str
    form: str
    label: str
    relevant: set[int]
    run: Callable[[object], list[int]]
    split: str = "tuning"
    partial: set[int] = field(default_factory=set)  # acceptable: hits for precision, half a gain


# Other case families (request → listing matching, …): fn(ctx) -> list[Case], ctx = {"app", "client",
# "ids" (sku -> listing id), "corpus" (rows), "token"}.
JUDGED_CASES: list[Callable[[dict], list[Case]]] = []


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def search_cases(ctx: dict) -> list[Case]:
    """The query-understanding family: every judged query through GET /api/v1/listings/search."""
    ids = ctx["ids"]
    out = []
    for j in _rows(JUDGMENTS):
        params = {"q": j["q"], "per_page": 50}
        if j["prefix"]:
            params["prefix"] = "true"

        def run(client, params=params) -> list[int]:
            r = client.get("/api/v1/listings/search", query_string=params)
            assert r.status_code == 200, (params, r.status_code, r.json)
            return [item["id"] for item in r.json["items"]]

        out.append(Case("search", j["form"], j["q"], {ids[s] for s in j["relevant"]}, run, j["split"],
                        {ids[s] for s in j.get("partial", ())}))
    return out


JUDGED_CASES.append(search_cases)


def _matching_cases(ctx: dict) -> list[Case]:
    from matching_cases import matching_cases  # bench/matching_cases.py (request → listing matching)

    return matching_cases(ctx)


JUDGED_CASES.append(_matching_cases)


def metrics(ranked: list[int], relevant: set[int], partial: frozenset[int] | set[int] = frozenset()) -> dict[str, float]:
    top10, top50 = ranked[:10], ranked[:50]
    hits10 = sum(1 for i in top10 if i in relevant)
    ok10 = sum(1 for i in top10 if i in relevant or i in partial)
    gain = {i: 1.0 for i in relevant} | {i: 0.5 for i in partial if i not in relevant}
    dcg = sum(gain.get(i, 0.0) / math.log2(pos + 2) for pos, i in enumerate(top10))
    ideal = sum(g / math.log2(pos + 2) for pos, g in enumerate(sorted(gain.values(), reverse=True)[:10]))
    return {
        "recall@10": hits10 / min(10, len(relevant)),
        "recall@50": sum(1 for i in top50 if i in relevant) / min(50, len(relevant)),
        "nDCG@10": dcg / ideal if ideal else 0.0,
        "precision@10": ok10 / len(top10) if top10 else 0.0,
        "zero-result": 0.0 if ranked else 1.0,
    }


def load(app, client) -> tuple[dict[str, int], str]:
    """The corpus through POST /api/v1/listings (a producer with a bearer token); sku -> id."""
    from app.accounts.services import issue_api_token, register
    from app.orgs.services import create_organisation
    from app.permissions import Actor

    user = register("relevance@example.vn", "XanhXanh2025!", "Bench", confirmed=True, send_mail=False)
    create_organisation(Actor(user), "producer", {"legal_name": "Công ty Bench Xanh", "province_code": "79"},
                        approved=True)
    token = issue_api_token(user)
    headers = {"Authorization": f"Bearer {token}"}
    ids = {}
    for row in _rows(CORPUS):
        body = {
            "title": row["title"], "description": row["description"], "category": row["category"],
            "material": row["material"], "origin_province": row["province"], "unit": "piece", "moq": 100,
            "price_tiers": [{"min_qty": 100, "price_vnd": 1000}], "status": "published",
        }
        r = client.post("/api/v1/listings", json=body, headers=headers)
        assert r.status_code == 201, (row["sku"], r.status_code, r.json)
        ids[row["sku"]] = r.json["id"]
    return ids, token


def index(app) -> None:
    from app.indexing import Indexer
    from app.indexing.backends import close_backends

    close_backends(app)
    with app.app_context():
        indexer = Indexer(app)
        indexer.acquire()
        try:
            indexer.rebuild("listing")
        finally:
            indexer.release()


def evaluate(cases: list[Case], client, splits: tuple[str, ...] = SPLITS) -> tuple[dict, list]:
    scores: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    misses = []
    for case in cases:
        ranked = case.run(client)
        m = metrics(ranked, case.relevant, case.partial)
        for split in ("all", case.split):
            scores[(case.family, case.form, split)].append(m)
        if case.split in splits and (m["recall@50"] < 1 or (case.form == "accented" and m["precision@10"] < 0.9)):
            missed = sorted(case.relevant - set(ranked[:50]))
            misses.append((case.form, case.label, round(m["recall@50"], 2), round(m["precision@10"], 2), len(ranked),
                           "missing", missed))
    table = {k: {name: sum(m[name] for m in ms) / len(ms) for name in ms[0]} | {"n": len(ms)} for k, ms in scores.items()}
    return table, misses


def check(table: dict, engine: str, split: str = "tuning") -> list[str]:
    """Targets missed on one split of the search family."""
    failed = []
    for (family, form, sp), row in table.items():
        if family != "search" or sp != split:
            continue
        for key in (form, "*"):
            for name, (op, value) in TARGETS.get(key, {}).items():
                ok = row[name] >= value if op == ">=" else row[name] < value
                if not ok:
                    failed.append(f"{engine} {split}: {form} {name} {row[name]:.3f} (target {op} {value})")
    return failed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", default="tantivy,osmem")
    ap.add_argument("--split", default="all", choices=["all", *SPLITS, "each"])
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--no-matching-catalogue", action="store_true",
                    help="skip bench/matching_relevance.py's multi-supplier catalogue (run after the queries)")
    args = ap.parse_args()
    os.environ.setdefault("APP_ENV", "test")
    from app import create_app
    from app.extensions import db
    from app.reference import seed_all

    work = Path(tempfile.mkdtemp(prefix="gc-relevance-"))
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{work / 'db.sqlite3'}",
                     SEARCH_URL=f"tantivy://{work / 'search'}", MAIL_OUTBOX_DIR=str(work / "mail"),
                     UPLOAD_DIR=str(work / "uploads"), SERVER_NAME=None)
    server = None
    failed: list[str] = []
    below: list[str] = []  # held-out parts: reported, not tuned on
    try:
        with app.app_context():
            db.create_all()
            seed_all()
            client = app.test_client()
            t0 = time.perf_counter()
            ids, token = load(app, client)
            corpus = _rows(CORPUS)
            print(f"corpus: {len(corpus)} listings loaded through POST /api/v1/listings in "
                  f"{time.perf_counter() - t0:.1f} s; {len(_rows(JUDGMENTS))} judged queries")
            ctx = {"app": app, "client": client, "ids": ids, "corpus": corpus, "token": token}
            cases = [c for make in JUDGED_CASES for c in make(ctx)]
            for engine in args.engines.split(","):
                if engine == "osmem":
                    from osmem_server import OsmemServer

                    server = OsmemServer.start(japanese=False)
                    app.config["SEARCH_URL"] = f"opensearch+http://{server.url.split('://', 1)[1]}?prefix=rel"
                elif engine != "tantivy":
                    raise SystemExit(f"unknown engine {engine}")
                index(app)
                t0 = time.perf_counter()
                shown = SPLITS if args.split in ("all", "each") else (args.split,)
                table, misses = evaluate(cases, client, shown)
                took = time.perf_counter() - t0
                report(engine, table, args.split, took, len(cases))
                failed += check(table, engine)
                below += [m for sp in SPLITS[1:] for m in check(table, engine, sp)]
                if args.show_misses:
                    for miss in misses:
                        print("   miss", miss)
    finally:
        if server is not None:
            server.close()
        shutil.rmtree(work, ignore_errors=True)
    if not args.no_matching_catalogue:  # request → listing matching on its own multi-supplier catalogue
        from matching_relevance import run as run_matching

        run_matching(["opensearch" if e == "osmem" else e for e in args.engines.split(",")])
    if below:
        print("Held-out parts below a target (reported, not tuned on):\n  " + "\n  ".join(below))
    if failed:
        print("TARGETS MISSED:\n  " + "\n  ".join(failed))
        return 1
    print("All targets met on the tuning part, on every engine.")
    return 0


def report(engine: str, table: dict, split: str, took: float, n: int) -> None:
    splits = ["all", *SPLITS] if split == "each" else [split]
    names = ["recall@10", "recall@50", "nDCG@10", "precision@10", "zero-result"]
    print(f"\n{engine} ({n} queries in {took:.1f} s)")
    families = sorted({k[0] for k in table})
    for family in families:
        for sp in splits:
            if not any(k[0] == family and k[2] == sp for k in table):
                continue
            print(f"| {family} / {sp} | n | " + " | ".join(names) + " |")
            print("|---|---|" + "---|" * len(names))
            forms = [f for f in FORMS if (family, f, sp) in table] + sorted(
                {k[1] for k in table if k[0] == family and k[2] == sp} - set(FORMS))
            for form in forms:
                row = table[(family, form, sp)]
                cells = [f"{row[m]:.3f}" if m != "zero-result" else f"{100 * row[m]:.1f} %" for m in names]
                print(f"| {form} | {row['n']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
