"""Creating a listing while many buyers wait for matches (issue 14, item 4): reverse matching of new
listings to open requests and saved searches runs in the indexer after the commit, so a producer's
request costs the same whether 0 or 1,000 requests and 1,000 saved searches are open.

    .venv/bin/python bench/listing_alerts.py                    # SQLite, 150 listings in each database
    .venv/bin/python bench/listing_alerts.py --postgres         # fresh databases on 127.0.0.1:5432
    .venv/bin/python bench/listing_alerts.py --n 300 --rfqs 1000 --searches 1000

Through the API layer (Flask test client in this process, as bench/import.py):
1. two fresh databases, each with a producer: one with nothing open, one with `--rfqs` open public
   requests and `--searches` saved searches created through the sourcing services by 50+ buyers
   (words and categories the listings carry, so many of them match);
2. the same `--n` published listings are created in both (`POST /api/v1/listings`, one request each),
   alternating which database goes first, so that load on a shared machine falls on both sides;
3. the indexer drains the busy database's outbox in this process, as `flask search sync` does, and the
   alerts it wrote are counted (they must arrive: the run fails if none does).
Prints mean and median milliseconds per listing on both sides and their ratio (target ≤ 1.5).
BENCH_PROFILE=1 prints a profile of the busy side's requests.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # benchdata (after ROOT: bench/search.py must not shadow search/)

from importlib import import_module  # noqa: E402

_imp = import_module("import")  # bench/import.py: rows_for, isolated_client, _producer, _pg_database

from benchdata import WORDS, open_requests_and_searches  # noqa: E402


def timed_post(client, headers, row) -> float:
    t0 = time.perf_counter()
    r = client.post("/api/v1/listings", json=row, headers=headers)
    took = time.perf_counter() - t0
    assert r.status_code == 201, r.get_data(as_text=True)[:500]
    return took


def make_app(work: Path, name: str, postgres: bool):
    from app import create_app
    from app.extensions import db
    from app.reference import seed_all

    url, drop = _imp._pg_database() if postgres else (f"sqlite:///{work / (name + '.sqlite3')}", None)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url, SEARCH_URL=f"tantivy://{work / (name + '-index')}",
                     RATELIMIT_ENABLED=False, MAIL_OUTBOX_DIR=str(work / "mail"), UPLOAD_DIR=str(work / "uploads"),
                     SERVER_NAME=None)
    with app.app_context():
        db.create_all()
        seed_all()
        _org, headers = _imp._producer("producer@bench-greenconnect.vn", "Bench Producer")
        db.session.remove()
    return app, headers, drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=150, help="listings created in each database")
    ap.add_argument("--rfqs", type=int, default=1000, help="open public requests in the second database")
    ap.add_argument("--searches", type=int, default=1000, help="saved searches in the second database")
    ap.add_argument("--postgres", action="store_true", help="fresh PostgreSQL databases instead of SQLite")
    args = ap.parse_args()

    from app.extensions import db
    from app.indexing import Indexer
    from app.notifications.models import Notification
    from app.sourcing.models import Rfq, SavedSearch

    drops = []
    with tempfile.TemporaryDirectory(prefix="gc-bench-alerts-") as tmp:
        work = Path(tmp)
        try:
            empty, empty_headers, drop = make_app(work, "empty", args.postgres)
            drops.append(drop)
            busy, busy_headers, drop = make_app(work, "busy", args.postgres)
            drops.append(drop)
            with busy.app_context():
                t0 = time.perf_counter()
                open_requests_and_searches(args.rfqs, args.searches)
                setup_s = time.perf_counter() - t0
                n_rfqs = db.session.scalar(db.select(db.func.count(Rfq.id)))
                n_searches = db.session.scalar(db.select(db.func.count(SavedSearch.id)))
                db.session.remove()
            print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; one with nothing open, one with "
                  f"{n_rfqs} open requests and {n_searches} saved searches (made in {setup_s:.1f} s)")
            rows = _imp.rows_for(args.n + 10, seed=3)
            for i, row in enumerate(rows):
                row["title"] = f"{WORDS[i % len(WORDS)].capitalize()} {row['title']}"
            sides = {"empty": (_imp.isolated_client(empty), empty_headers), "busy": (_imp.isolated_client(busy), busy_headers)}
            times: dict[str, list[float]] = {"empty": [], "busy": []}
            prof = None
            if os.environ.get("BENCH_PROFILE"):
                import cProfile

                prof = cProfile.Profile()
            for i, row in enumerate(rows):
                # the same listing in both databases, alternating which goes first (machine load hits both)
                for side in (("empty", "busy") if i % 2 else ("busy", "empty")):
                    client, headers = sides[side]
                    if prof is not None and side == "busy":
                        prof.enable()
                    took = timed_post(client, headers, row)
                    if prof is not None:
                        prof.disable()
                    if i >= 10:  # the first ten warm up imports, caches and statements
                        times[side].append(took)
            if prof is not None:
                import pstats

                pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
            with busy.app_context():
                with Indexer(busy) as ix:
                    t0 = time.perf_counter()
                    stats = ix.drain(500)
                    drain_s = time.perf_counter() - t0
                alerts = {kind: db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.kind == kind))
                          for kind in ("sourcing.rfq_match", "sourcing.search_match")}
                db.session.remove()
            ms = lambda xs: (1000 * statistics.fmean(xs), 1000 * statistics.median(xs))  # noqa: E731
            (a_mean, a_med), (b_mean, b_med) = ms(times["empty"]), ms(times["busy"])
            print(f"create a listing (POST /api/v1/listings), {args.n} in each database, alternating:")
            print(f"  no open requests, no saved searches:    mean {a_mean:6.1f} ms  median {a_med:6.1f} ms")
            print(f"  {n_rfqs} requests, {n_searches} saved searches: mean {b_mean:6.1f} ms  median {b_med:6.1f} ms")
            ratio = b_mean / a_mean
            print(f"  ratio (mean): {ratio:.2f}   (median: {b_med / a_med:.2f})   target ≤ 1.5")
            print(f"indexer, afterwards: {stats.indexed} listings indexed and matched in {drain_s:.1f} s; alerts "
                  f"arrived: {alerts['sourcing.rfq_match']} request-match and {alerts['sourcing.search_match']} "
                  f"saved-search notifications")
            ok = ratio <= 1.5 and all(alerts.values())
            print(f"\n{'met' if ok else 'NOT met'}")
            return 0 if ok else 1
        finally:
            for app in (locals().get("empty"), locals().get("busy")):
                if app is not None:
                    with app.app_context():
                        db.session.remove()
                        db.engine.dispose()
            for drop in drops:
                if drop is not None:
                    drop()


if __name__ == "__main__":
    sys.exit(main())
