"""Engine-level search benchmark: tantivy vs SQLite FTS5 vs SQL LIKE on the same rows.

    .venv/bin/python bench/search_engines.py --n 100000

Generates ``--n`` synthetic listings (search.synthetic), indexes them into a
fresh tantivy index (docs/s), then times each query kind ``--repeat`` times
and prints p50/p95 in ms.  The same rows go into SQLite: an FTS5 table
(``unicode61 remove_diacritics 2``, text folded first so đ→d) ranked by
``rank`` and a plain table queried with ``LIKE``; their p95 is shown as a
ratio to tantivy's.  Targets: tantivy p95 <= 25 ms per kind at 100k docs,
indexing >= 10k docs/s.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search import Near, Range, SearchQuery, fold  # noqa: E402
from search.synthetic import COMMON_WORD, PROVINCE_POINTS, RARE_WORDS, generate_listings  # noqa: E402
from search.tantivy_backend import TantivyBackend  # noqa: E402

FACETS = ["category", "province", "labels", "price"]
# kind -> (query text variants, extra SearchQuery arguments, words for the SQL baselines)
KINDS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "rare": (RARE_WORDS[:8], {}),
    "medium": (["kraft", "canvas", "thuỷ tinh", "phân bón"], {}),
    "common": ([COMMON_WORD, "tre", "giấy"], {}),
    "accentless": (["hop ba mia", "ong hut tre", "tui giay", "dua tre"], {}),
    "typo": (["kraff", "canvsa", "thuy tnh", "bioplsstic"], {}),
    "prefix": (["ống hút t", "hộp bã m", "túi gi", "đũa t"], {"prefix": True}),
    "faceted4": ([COMMON_WORD, "tre"], {"facets": FACETS, "filters": {"province": ["1", "79"]},
                                       "ranges": {"price_min": Range(lte=1_000_000)}}),
    "geo": (["", COMMON_WORD], {"near": Near(*PROVINCE_POINTS["79"], 300.0), "sort": "distance"}),
    "deep_page50": ([COMMON_WORD, "giấy"], {"page": 50}),
}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def sqlite_setup(docs: list[dict[str, Any]]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE listing (id INTEGER PRIMARY KEY, title TEXT, description TEXT, province TEXT, "
               "category TEXT, price_min INTEGER, labels TEXT)")
    db.execute("CREATE VIRTUAL TABLE listing_fts USING fts5(title, description, content='', "
               "tokenize='unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    rows = [(int(d["id"]), fold(d["title"]), fold(d["description"]), d["province"], d["category"],
             d["price_min"], ",".join(d["labels"])) for d in docs]
    db.executemany("INSERT INTO listing VALUES (?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO listing_fts (rowid, title, description) VALUES (?,?,?)",
                   [(r[0], r[1], r[2]) for r in rows])
    db.commit()
    return db, time.perf_counter() - t0


def fts_query(db: sqlite3.Connection, text: str, kind: str) -> None:
    words = fold(text).split()
    if not words:
        db.execute("SELECT id FROM listing ORDER BY id LIMIT 20").fetchall()
        return
    match = " ".join(f'"{w}"' + ("*" if kind == "prefix" and i == len(words) - 1 else "") for i, w in enumerate(words))
    offset = 980 if kind == "deep_page50" else 0
    db.execute("SELECT rowid FROM listing_fts WHERE listing_fts MATCH ? ORDER BY rank LIMIT 20 OFFSET ?",
               (match, offset)).fetchall()
    db.execute("SELECT count(*) FROM listing_fts WHERE listing_fts MATCH ?", (match,)).fetchone()
    if kind == "faceted4":
        for col in ("category", "province", "labels", "price_min >= 200000"):
            db.execute(f"SELECT {col}, count(*) FROM listing WHERE id IN (SELECT rowid FROM listing_fts "
                       f"WHERE listing_fts MATCH ?) GROUP BY 1", (match,)).fetchall()


def like_query(db: sqlite3.Connection, text: str, kind: str) -> None:
    words = fold(text).split()
    where = " AND ".join("(title LIKE ? OR description LIKE ?)" for _ in words) or "1"
    args: list[str] = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    offset = 980 if kind == "deep_page50" else 0
    db.execute(f"SELECT id FROM listing WHERE {where} ORDER BY id LIMIT 20 OFFSET {offset}", args).fetchall()
    db.execute(f"SELECT count(*) FROM listing WHERE {where}", args).fetchone()
    if kind == "faceted4":
        for col in ("category", "province", "labels", "price_min >= 200000"):
            db.execute(f"SELECT {col}, count(*) FROM listing WHERE {where} GROUP BY 1", args).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="number of listings (default 100000)")
    parser.add_argument("--repeat", type=int, default=60, help="timed runs per query kind")
    parser.add_argument("--heap-mb", type=int, default=256, help="tantivy writer heap")
    parser.add_argument("--no-sql", action="store_true", help="skip the SQLite baselines")
    args = parser.parse_args()

    t0 = time.perf_counter()
    docs = list(generate_listings(args.n))
    print(f"generated {args.n} docs in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        backend = TantivyBackend(tmp, heap_bytes=args.heap_mb * 1_000_000)
        t0 = time.perf_counter()
        backend.rebuild("listing", docs)
        secs = time.perf_counter() - t0
        print(f"tantivy rebuild: {args.n / secs:,.0f} docs/s ({secs:.1f} s)")
        batch = [dict(d, version=2) for d in docs[:10_000]]
        t0 = time.perf_counter()
        backend.bulk_upsert("listing", batch)
        secs = time.perf_counter() - t0
        print(f"tantivy bulk_upsert (10k updates, version checks): {len(batch) / secs:,.0f} docs/s")

        db = None
        if not args.no_sql:
            db, secs = sqlite_setup(docs)
            print(f"sqlite load (folding + FTS5): {args.n / secs:,.0f} docs/s")

        header = f"{'kind':<12} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}"
        if db:
            header += f" {'fts5 p95':>9} {'ratio':>6} {'like p95':>9} {'ratio':>6}"
        print(header)
        worst = 0.0
        for kind, (texts, extra) in KINDS.items():
            samples: list[float] = []
            hits = 0
            for text in texts:
                query = SearchQuery(text=text, **extra)
                samples += timed(lambda: backend.search("listing", query), args.repeat // len(texts) or 1)
                hits = max(hits, backend.search("listing", query).total)
            p50, p95 = percentiles(samples)
            worst = max(worst, p95)
            line = f"{kind:<12} {hits:>7} {p50:>8.2f} {p95:>8.2f}"
            if db:
                reps = max(2, args.repeat // 10 // len(texts))
                fts = [s for t in texts for s in timed(lambda: fts_query(db, t, kind), reps)]
                like = [s for t in texts for s in timed(lambda: like_query(db, t, kind), max(1, reps // 2))]
                f95, l95 = percentiles(fts)[1], percentiles(like)[1]
                line += f" {f95:>9.2f} {f95 / p95:>5.1f}x {l95:>9.2f} {l95 / p95:>5.1f}x"
            print(line)
        print(f"worst tantivy p95: {worst:.2f} ms (target <= 25 ms)")
        backend.close()


if __name__ == "__main__":
    main()
