"""Discovery benchmark through the API layer: GET /api/v1/listings/search (facets and SQL hydration
included) on N generated listings, beside two baselines on the same rows: SQL LIKE and SQLite FTS5.

    .venv/bin/python bench/search.py                 # 100k listings, tantivy
    .venv/bin/python bench/search.py --n 1000000
    .venv/bin/python bench/search.py --engine tantivy --engine opensearch+http://127.0.0.1:9200

Steps: a fresh SQLite database in a temp dir; producers + N listings with the catalog's demo generator
(app.catalog.generator, ~30 % with verified claims), --promotions active sponsored promotions, --rfqs open
requests and --searches saved searches (bench/benchdata.py); `Indexer.rebuild("listing")` reads every document
from the database and indexes it (docs/s); then every query kind runs --repeat times through the Flask
test client (request parsing, marshmallow, engine, facets, hydration, JSON) and p50/p95 are printed.
Baselines run the text of each text query kind on the same rows, as a naive SQL implementation would,
with the same accent-insensitive matching (text and query folded with search.fold: marks, đ→d, case):
- LIKE: table `plain(id, title_f, description_f, published_at)` holding folded copies of title and
  description, with an index on published_at (the app's listings table has one on (status, published_at));
  per query `SELECT count(*) ... WHERE (title_f LIKE '%w%' OR description_f LIKE '%w%') AND ...` (one
  group per word) then `SELECT id ... same WHERE ... ORDER BY published_at DESC, id DESC LIMIT 20`
  (newest first, the first page);
- LIKE, same response ("LIKE+f"): what a naive SQL implementation of the same API answer costs: the
  two LIKE queries above plus the facets the API returns for that request, each a GROUP BY over the
  matching rows (category path, label, label kind, export market through a `plain_multi(id, facet,
  value)` table; province, verified, price band on `plain`) and the two threshold counts (MOQ at most X,
  recycled content at least X) as one SUM(CASE …) query each. Facet values come from the same search
  documents the engine indexes (`listings_for_index()`), so both sides count the same data;
- FTS5: `fts5(title, description, tokenize='unicode61 remove_diacritics 2')` over the folded text (FTS5
  does not fold đ), `MATCH '"w1" "w2"'` (last word `"w"*` for the prefix kind), count + first 20
  ORDER BY rank (bm25).
The "browse" kind (category pages, where sponsored results show) runs again with the promotions switched off:
the ratio with / without is printed (target ≤ 1.5). Ratios are baseline p50 / engine p50 (and p95 / p95). Targets (issue 10): p95 ≤ 25 ms per kind at 100k and
≤ 60 ms at 1M; text queries ≥ 20× faster than LIKE; common-term queries at 1M ≥ 5× faster than FTS5;
indexing from the database ≥ 10k listings/s.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # benchdata (after ROOT: bench/search.py must not shadow search/)

# kind → (API query-string variants, text for the baselines or None when there is no text baseline)
TEXT_KINDS = ("rare", "medium", "common", "accentless", "typo", "prefix")


def build_kinds(vocab: dict[str, int], n: int, rng: random.Random) -> dict[str, list[dict]]:
    """Pick words by document frequency from the FTS5 vocabulary of the generated rows."""
    words = [(w, df) for w, df in vocab.items() if w.isalpha() and len(w) >= 3]
    # rare: the rarest words of the corpus (the generator's vocabulary is small: take the bottom 8, < 1 %)
    rare = [w for w, df in sorted(words, key=lambda x: x[1]) if df < n * 0.01][:8]
    medium = [w for w, df in words if n * 0.01 <= df <= n * 0.05]
    common = [w for w, df in words if df >= n * 0.20]
    rng.shuffle(medium)
    common.sort(key=lambda w: -vocab[w])
    pick = lambda xs, k: xs[:k] if xs else []  # noqa: E731
    rare_q, medium_q, common_q = pick(rare, 8), pick(medium, 6), pick(common, 4)

    def typo(w: str) -> str:
        i = len(w) // 2
        return w[:i] + w[i + 1] + w[i] + w[i + 2:] if len(w) > 3 else w + "x"

    return {
        "rare": [{"q": w} for w in rare_q],
        "medium": [{"q": w} for w in medium_q],
        "common": [{"q": w} for w in common_q],
        "accentless": [{"q": q} for q in ("ong hut tre", "hop ba mia", "tui giay kraft", "chau xo dua", "gao huu co")],
        "typo": [{"q": typo(w)} for w in medium_q[:4] if len(w) >= 5] or [{"q": "kraff"}],
        "prefix": [{"q": q, "prefix": 1} for q in ("ống hút t", "hộp bã m", "túi gi", "chậu x")],
        "faceted": [{"q": common_q[0] if common_q else "", "category": "packaging", "verified": "true", "price": "lt50k"},
                    {"q": medium_q[0] if medium_q else "", "province": "79", "export_market": "EU"},
                    {"category": "packaging.straws", "label_kind": "eco", "moq_max": 5000}],
        "geo": [{"near": "79", "radius_km": 200, "sort": "distance"}, {"q": "tre", "near": "1", "radius_km": 300},
                {"near": "48", "sort": "distance", "category": "packaging"}],
        "browse": [{"category": "packaging"}, {"category": "packaging.straws"}, {"category": "agriculture"},
                   {"category": "packaging", "sort": "newest"}],
        "deep_page": [{"q": common_q[0] if common_q else "", "page": 400, "per_page": 20},
                      {"sort": "price_asc", "page": 450, "per_page": 20}],
    }


def fold(text: str) -> str:
    from search import fold as search_fold

    return search_fold(text)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def time_calls(fn, variants, repeat: int) -> list[float]:
    for v in variants:  # warm-up
        fn(v)
    out = []
    for i in range(repeat):
        v = variants[i % len(variants)]
        t = time.perf_counter()
        fn(v)
        out.append((time.perf_counter() - t) * 1000)
    return out


def make_app(workdir: Path, search_url: str):
    os.environ.setdefault("APP_ENV", "development")
    from app import create_app

    return create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.sqlite3'}",
                      SEARCH_URL=search_url, RATELIMIT_ENABLED=False, SEARCH_DEGRADED_AFTER=10 ** 9)


def generate(app, n: int, seed: int) -> float:
    from app import clock, vn
    from app.catalog.generator import Producer, generate_listings
    from app.extensions import db
    from app.orgs.models import Organisation
    from app.reference import seed_all

    db.create_all()
    seed_all()
    rng = random.Random(seed)
    now = clock.now()
    sectors = [["packaging", "handicrafts"], ["agriculture", "food"], ["packaging", "recycling", "plastics"],
               ["paper", "packaging"], ["textiles", "recycling"], ["construction"], ["household", "handicrafts"]]
    codes = list(vn.provinces())
    orgs = [{"kind": "producer", "legal_name": f"Công ty Xanh {i}", "trade_name": f"Xanh {i}", "province_code": rng.choice(codes),
             "address": "", "sectors": sectors[i % len(sectors)], "website": "", "phone": "", "description": "",
             "description_en": "", "status": "approved", "status_reason": "", "approved_at": now, "created_at": now,
             "updated_at": now, "version": 1} for i in range(500)]
    db.session.execute(db.insert(Organisation), orgs)
    producers = [Producer(o.id, o.province_code, tuple(o.sectors)) for o in db.session.scalars(db.select(Organisation))]
    t = time.perf_counter()
    generate_listings(db.session, n, seed, producers)
    db.session.commit()
    return time.perf_counter() - t


def build_baselines(app, workdir: Path) -> sqlite3.Connection:
    """A copy of the rows for the baselines: plain table (LIKE) and FTS5 over folded text."""
    from app.catalog.models import Listing
    from app.extensions import db

    con = sqlite3.connect(workdir / "baseline.sqlite3")
    con.execute("DROP TABLE IF EXISTS vocab")  # fts5vocab over fts: a reused workdir has one
    con.execute("DROP TABLE IF EXISTS plain")
    con.execute("DROP TABLE IF EXISTS fts")
    con.execute("DROP TABLE IF EXISTS plain_multi")
    con.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, title_f TEXT, description_f TEXT, published_at TEXT,"
                " province TEXT, verified INTEGER, price_min INTEGER, moq REAL, recycled_pct REAL)")
    con.execute("CREATE TABLE plain_multi (id INTEGER, facet TEXT, value TEXT)")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(title, description, tokenize='unicode61 remove_diacritics 2')")
    from app.catalog.documents import listings_for_index

    docs = {int(d["id"]): d for d in listings_for_index()}
    rows, multi = [], []
    for i, t, d, p in db.session.execute(db.select(Listing.id, Listing.title, Listing.description, Listing.published_at)):
        doc = docs.get(i, {})
        rows.append((i, fold(t or ""), fold(d or ""), p.isoformat() if p else None, doc.get("province"),
                     int(bool(doc.get("verified"))), doc.get("price_min"), doc.get("moq"), doc.get("recycled_pct")))
        for facet, field in MULTI_FACETS.items():
            multi += [(i, facet, v) for v in doc.get(field) or []]
    con.executemany("INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO plain_multi VALUES (?, ?, ?)", multi)
    con.execute("CREATE INDEX ix_plain_published_at ON plain (published_at)")
    con.execute("CREATE INDEX ix_plain_multi ON plain_multi (facet, id)")
    con.executemany("INSERT INTO fts(rowid, title, description) VALUES (?, ?, ?)", ((r[0], r[1], r[2]) for r in rows))
    con.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row')")
    con.commit()
    return con


def like_query(con, q: str, prefix: bool) -> None:
    words = fold(q).split()  # a substring match also covers the prefix kind's last word
    where = " AND ".join(["(title_f LIKE ? OR description_f LIKE ?)"] * len(words))
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    con.execute(f"SELECT count(*) FROM plain WHERE {where}", params).fetchone()
    con.execute(f"SELECT id FROM plain WHERE {where} ORDER BY published_at DESC, id DESC LIMIT 20", params).fetchall()


MULTI_FACETS = {"category": "category_path", "label": "labels", "label_kind": "label_kinds", "export_market": "export_markets"}
PRICE_BAND = ("CASE WHEN price_min < 50000 THEN 'lt50k' WHEN price_min < 200000 THEN '50k-200k' "
              "WHEN price_min < 1000000 THEN '200k-1m' WHEN price_min < 5000000 THEN '1m-5m' ELSE 'gte5m' END")


def like_full_query(con, q: str, prefix: bool) -> None:
    """The same answer as the API (count, first page, facets, threshold counts) with LIKE."""
    words = fold(q).split()
    where = " AND ".join(["(p.title_f LIKE ? OR p.description_f LIKE ?)"] * len(words))
    params = [x for w in words for x in (f"%{w}%", f"%{w}%")]
    like_query(con, q, prefix)
    for expr in ("p.province", "p.verified", PRICE_BAND.replace("price_min", "p.price_min")):
        con.execute(f"SELECT {expr}, count(*) FROM plain p WHERE {where} GROUP BY 1", params).fetchall()
    for facet in MULTI_FACETS:
        con.execute(f"SELECT m.value, count(*) FROM plain p JOIN plain_multi m ON m.id = p.id AND m.facet = ? "
                    f"WHERE {where} GROUP BY 1", [facet, *params]).fetchall()
    for field, op, values in (("moq", "<=", (100, 500, 1000, 5000, 10000)), ("recycled_pct", ">=", (10, 30, 50, 80, 100))):
        sums = ", ".join(f"sum(p.{field} {op} {v})" for v in values)
        con.execute(f"SELECT {sums} FROM plain p WHERE {where}", params).fetchone()


def fts_query(con, q: str, prefix: bool) -> None:
    terms = [f'"{w}"' for w in fold(q).split()]
    if prefix and terms:
        terms[-1] += "*"
    match = " ".join(terms)
    con.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()
    con.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20", (match,)).fetchall()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--engine", action="append", default=None,
                    help="'tantivy' (default) or an http(s)/opensearch+http URL; repeatable")
    ap.add_argument("--promotions", type=int, default=20, help="active sponsored promotions (the demo has 2)")
    ap.add_argument("--rfqs", type=int, default=1000, help="open public requests in the data")
    ap.add_argument("--searches", type=int, default=1000, help="saved searches in the data")
    ap.add_argument("--workdir", default=None, help="keep the database and index here (default: a temp dir)")
    args = ap.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="gc-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    engines = args.engine or ["tantivy"]
    rng = random.Random(args.seed)

    first = engines[0] if engines[0] != "tantivy" else f"tantivy://{workdir / 'index'}"
    app = make_app(workdir, first)
    with app.app_context():
        from app.extensions import db

        print(f"# {args.n} listings, workdir {workdir}")
        took = generate(app, args.n, args.seed)
        print(f"generated {args.n} listings in {took:.1f} s")
        from benchdata import open_requests_and_searches, promote

        t = time.perf_counter()
        promoted = promote(args.promotions)
        open_requests_and_searches(args.rfqs, args.searches)
        print(f"{len(promoted)} active promotions, {args.rfqs} open requests, {args.searches} saved searches "
              f"in {time.perf_counter() - t:.1f} s")
        con = build_baselines(app, workdir)
        vocab = dict(con.execute("SELECT term, doc FROM vocab").fetchall())
        kinds = build_kinds(vocab, args.n, rng)
        db.session.remove()

    for engine in engines:
        url = f"tantivy://{workdir / 'index'}" if engine == "tantivy" else engine
        app.config["SEARCH_URL"] = url
        with app.app_context():
            from app.discovery import services
            from app.indexing import Indexer, close_backends, get_backend

            close_backends(app)
            with Indexer(app) as ix:
                t = time.perf_counter()
                count = ix.rebuild("listing")
                idx_s = time.perf_counter() - t
            print(f"\n## engine {url.split('?')[0]}: indexed {count} listings from the database in {idx_s:.1f} s "
                  f"= {count / idx_s:,.0f} docs/s")
            client = app.test_client()
            totals = {}

            def api(v):
                path = "/api/v1/search/suggest" if v.get("prefix") else "/api/v1/listings/search"
                args_ = {k: val for k, val in v.items() if k != "prefix"}
                r = client.get(path, query_string=args_)
                assert r.status_code == 200, (v, r.status_code, r.get_data(as_text=True)[:300])
                return r

            rows = []
            for kind, variants in kinds.items():
                if not variants:
                    print(f"{kind:11s} (no words of that frequency in this corpus)")
                    continue
                for v in variants:
                    body = api(v).json
                    totals.setdefault(kind, []).append(body.get("total", len(body.get("items", []))))
                ms = time_calls(api, variants, args.repeat)
                line = {"kind": kind, "p50": statistics.median(ms), "p95": pct(ms, 95)}
                if kind in TEXT_KINDS:
                    texts = [v["q"] for v in variants]
                    prefix = kind == "prefix"
                    for name, fn, rep in (("like", like_query, max(5, args.repeat // 10)),
                                          ("like_full", like_full_query, max(3, args.repeat // 20)),
                                          ("fts5", fts_query, args.repeat)):
                        bm = time_calls(lambda q: fn(con, q, prefix), texts, rep)
                        line[name] = (statistics.median(bm), pct(bm, 95))
                rows.append(line)
            print(f"{'kind':11s} {'p50 ms':>8s} {'p95 ms':>8s}   {'LIKE p50':>9s} {'×p50':>6s} {'×p95':>6s}"
                  f"   {'LIKE+f p50':>10s} {'×p50':>6s} {'×p95':>6s}"
                  f"   {'FTS5 p50':>9s} {'×p50':>6s} {'×p95':>6s}   hits")
            for line in rows:
                out = f"{line['kind']:11s} {line['p50']:8.2f} {line['p95']:8.2f}"
                if "like" in line:
                    lp50, lp95 = line["like"]
                    ap50, ap95 = line["like_full"]
                    fp50, fp95 = line["fts5"]
                    out += (f"   {lp50:9.1f} {lp50 / line['p50']:6.1f} {lp95 / line['p95']:6.1f}"
                            f"   {ap50:10.1f} {ap50 / line['p50']:6.1f} {ap95 / line['p95']:6.1f}"
                            f"   {fp50:9.2f} {fp50 / line['p50']:6.1f} {fp95 / line['p95']:6.1f}")
                else:
                    out += " " * 80
                out += f"   {totals.get(line['kind'])}"
                print(out)
            worst = max(line["p95"] for line in rows)
            print(f"worst p95 {worst:.2f} ms (target ≤ {25 if args.n <= 100_000 else 60} ms)")
            browse = next((line for line in rows if line["kind"] == "browse"), None)
            if browse is not None:
                from benchdata import set_promotions

                set_promotions(False)
                ms = time_calls(api, kinds["browse"], args.repeat)
                set_promotions(True)
                p50, p95 = statistics.median(ms), pct(ms, 95)
                print(f"browse without promotions: p50 {p50:.2f} ms p95 {p95:.2f} ms; with {args.promotions} active "
                      f"promotions: p50 {browse['p50']:.2f} p95 {browse['p95']:.2f} — ratio p50 "
                      f"{browse['p50'] / p50:.2f}, p95 {browse['p95'] / p95:.2f} (target ≤ 1.5)")
            del services, get_backend
            close_backends(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
