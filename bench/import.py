"""Bulk listing import (issue 15, item 5): `POST /api/v1/listings/bulk` against the one-by-one API
baseline (`POST /api/v1/listings`) in the same run, and the time until imported listings are findable.

    .venv/bin/python bench/import.py                       # SQLite, 10,000 listings
    .venv/bin/python bench/import.py --postgres            # a fresh database on 127.0.0.1:5432
    .venv/bin/python bench/import.py --n 10000 --baseline 500 --batch 5000 --format jsonl

Steps, all through the API layer (the Flask test client in this process: request parsing,
authentication, validation, the service, SQL; no HTTP socket) on a fresh database:
1. baseline: `--baseline` published listings created one request each (`POST /api/v1/listings`);
2. the search indexer is started as `make run` starts it (`flask search sync --follow`, a separate
   process) and drains the baseline's outbox;
3. bulk: `--n` published listings (realistic titles, categories, price tiers) in requests of
   `--batch` rows (CSV or JSON lines) while the indexer runs — listings/s = rows / wall time of the
   import requests;
4. findable: the search API (`GET /api/v1/listings/search?org=…`) is polled until it counts all `--n`
   listings — seconds after the last import request answered (and after the first one started);
5. re-import of the same file (every row `unchanged`: nothing is written) and of the file with every
   price changed (every row `updated`), listings/s each.
Prints listings/s both ways and the ratio. Target: ≥ 1,000 listings/s into the database.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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


PASSWORD = "Bench-import-2025!"


def rows_for(n: int, seed: int, price_factor: float = 1.0) -> list[dict]:
    """`n` realistic listings from the catalog generator's templates, each with its own SKU."""
    from app import vn
    from app.catalog.generator import TEMPLATES

    rng = random.Random(seed)
    provinces = list(vn.provinces())
    out = []
    for i in range(n):
        t = TEMPLATES[i % len(TEMPLATES)]
        vi, en = t.variants[rng.randrange(len(t.variants))]
        price = int(rng.randint(*t.price) * price_factor)
        moq = float(round(rng.uniform(*t.moq)))
        out.append({
            "sku": f"{t.key}-{i:06d}", "title": f"{t.title.format(v=vi)} #{i}", "title_en": t.title_en.format(v=en),
            "description": t.description or f"{t.title.format(v=vi)} — sản phẩm xanh.", "category": t.category,
            "material": t.material, "unit": t.unit, "moq": moq, "origin_province": rng.choice(provinces),
            "compostable": t.compostable, "biodegradable": t.biodegradable,
            "price_tiers": [{"min_qty": moq, "price_vnd": price}, {"min_qty": moq * 10, "price_vnd": int(price * 0.9)}],
            "export_markets": list(t.markets[:2]), "status": "published"})
    return out


def as_csv(rows: list[dict]) -> bytes:
    cols = ["sku", "title", "title_en", "description", "category", "material", "unit", "moq", "origin_province",
            "compostable", "biodegradable", "price_tiers", "export_markets", "status"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(cols)
    for r in rows:
        cells = dict(r, price_tiers="; ".join(f"{t['min_qty']:g}:{t['price_vnd']}" for t in r["price_tiers"]),
                     export_markets=";".join(r["export_markets"]), moq=f"{r['moq']:g}",
                     compostable="yes" if r["compostable"] else "no", biodegradable="yes" if r["biodegradable"] else "no")
        w.writerow([cells[c] for c in cols])
    return out.getvalue().encode()


def as_jsonl(rows: list[dict]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()


def bulk(client, headers, rows: list[dict], batch: int, fmt: str) -> tuple[float, dict]:
    ctype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    totals = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        body = as_csv(chunk) if fmt == "csv" else as_jsonl(chunk)
        r = client.post("/api/v1/listings/bulk", data=body, headers={**headers, "Content-Type": ctype})
        assert r.status_code == 200, r.get_data(as_text=True)[:500]
        for k in totals:
            totals[k] += r.json[k]
    return time.perf_counter() - t0, totals


def _producer(email: str, name: str):
    from app.accounts.services import issue_api_token, register
    from app.orgs.services import create_organisation
    from app.permissions import Actor

    user = register(email, PASSWORD, name, confirmed=True, send_mail=False)
    org = create_organisation(Actor(user), "producer", {"legal_name": name, "province_code": "79"}, approved=True)
    return org, {"Authorization": f"Bearer {issue_api_token(user)}"}


def _pg_database() -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    base = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres")
    name = f"gc_bench_import_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.rsplit("/", 1)[0] + f"/{name}", drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="listings imported in bulk")
    ap.add_argument("--baseline", type=int, default=500, help="listings created one request each")
    ap.add_argument("--batch", type=int, default=5000, help="rows per bulk request (≤ BULK_IMPORT_MAX_ROWS)")
    ap.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    ap.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database instead of SQLite")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for search to catch up")
    args = ap.parse_args()

    from app import create_app
    from app.extensions import db
    from app.notifications.models import OutboxEvent
    from app.reference import seed_all

    drop = None
    with tempfile.TemporaryDirectory(prefix="gc-bench-import-") as tmp:
        work = Path(tmp)
        if args.postgres:
            url, drop = _pg_database()
        else:
            url = f"sqlite:///{work / 'bench.sqlite3'}"
        search_url = f"tantivy://{work / 'index'}"
        app = create_app("development", SQLALCHEMY_DATABASE_URI=url, SEARCH_URL=search_url, RATELIMIT_ENABLED=False,
                         MAIL_OUTBOX_DIR=str(work / "mail"), UPLOAD_DIR=str(work / "uploads"), SERVER_NAME=None)
        indexer = None
        try:
            with app.app_context():
                db.create_all()
                seed_all()
                base_org, base_headers = _producer("baseline@bench-greenconnect.vn", "Baseline Producer")
                bulk_org, headers = _producer("bulk@bench-greenconnect.vn", "Bulk Producer")
                client = isolated_client(app)
                print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; format {args.format}; "
                      f"batch {args.batch} rows")

                # 1. one request per listing
                base_rows = rows_for(args.baseline, seed=1)
                t0 = time.perf_counter()
                for row in base_rows:
                    r = client.post("/api/v1/listings", json={k: v for k, v in row.items()}, headers=base_headers)
                    assert r.status_code == 201, r.get_data(as_text=True)[:500]
                one_s = time.perf_counter() - t0
                one_rate = args.baseline / one_s
                print(f"one by one  (POST /api/v1/listings):      {args.baseline:>6} listings in {one_s:6.2f} s = "
                      f"{one_rate:8.0f} listings/s")

                # 2. the indexer, as `make run` starts it
                env = dict(os.environ, APP_ENV="development", DATABASE_URL=url, SEARCH_URL=search_url,
                           FLASK_APP="app:create_app")
                indexer = subprocess.Popen([sys.executable, "-m", "flask", "search", "sync", "--follow", "--batch", "2000"],
                                           cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                deadline = time.monotonic() + args.timeout
                while db.session.scalar(db.select(db.func.count(OutboxEvent.id))) and time.monotonic() < deadline:
                    db.session.rollback()
                    time.sleep(0.2)
                db.session.rollback()

                # 3. bulk, with the indexer running
                rows = rows_for(args.n, seed=2)
                started = time.perf_counter()
                bulk_s, totals = bulk(client, headers, rows, args.batch, args.format)
                imported_at = time.perf_counter()
                assert totals["created"] == args.n and totals["failed"] == 0, totals
                rate = args.n / bulk_s
                print(f"bulk        (POST /api/v1/listings/bulk): {args.n:>6} listings in {bulk_s:6.2f} s = "
                      f"{rate:8.0f} listings/s  ({rate / one_rate:.0f}× one by one)")

                # 4. findable
                found = 0
                while time.monotonic() < deadline:
                    found = client.get(f"/api/v1/listings/search?org={bulk_org.id}&per_page=1").json.get("total", 0)
                    if found >= args.n:
                        break
                    time.sleep(0.1)
                ready = time.perf_counter()
                if found >= args.n:
                    print(f"findable: all {args.n} in search {ready - imported_at:.1f} s after the last import request "
                          f"answered ({ready - started:.1f} s after the first was sent)")
                else:
                    print(f"findable: only {found} of {args.n} after {args.timeout:.0f} s")

                # 5. re-imports
                same_s, totals = bulk(client, headers, rows, args.batch, args.format)
                assert totals["unchanged"] == args.n, totals
                print(f"re-import, nothing changed:               {args.n:>6} listings in {same_s:6.2f} s = "
                      f"{args.n / same_s:8.0f} listings/s (all unchanged)")
                upd_s, totals = bulk(client, headers, rows_for(args.n, seed=2, price_factor=1.1), args.batch, args.format)
                assert totals["updated"] == args.n, totals
                print(f"re-import, every price changed:           {args.n:>6} listings in {upd_s:6.2f} s = "
                      f"{args.n / upd_s:8.0f} listings/s (all updated)")
                ok = rate >= 1000
                print(f"\ntarget ≥ 1,000 listings/s into the database: {'met' if ok else 'NOT met'} ({rate:.0f}/s)")
                db.session.remove()
                db.engine.dispose()
                return 0 if ok and found >= args.n else 1
        finally:
            if indexer is not None:
                indexer.terminate()
                try:
                    indexer.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    indexer.kill()
            if drop is not None:
                drop()


if __name__ == "__main__":
    sys.exit(main())
