"""CPU per request, in process, per kind of bench/load.py's mix — this code against a baseline commit in the
same run (issue 14, item 5: on a shared machine wall-clock req/s are noise, CPU seconds per request are not).

    .venv/bin/python bench/load.py --listings 20000 --seconds 5 --instance /tmp/gc-perf   # prepare an instance
    .venv/bin/python bench/request_cost.py --instance /tmp/gc-perf --baseline main         # then compare
    .venv/bin/python bench/request_cost.py --instance /tmp/gc-perf --profile typo           # where one kind's time goes

Each side runs in its own process (`--baseline REF`: that commit's tree, extracted with `git archive` into a
temporary directory, imported instead of this one) on the same instance directory (SQLite database and tantivy
index, read only: no indexer runs), through the Flask test client with `Accept-Language: vi`, as bench/load.py's
clients send them: search, accent-less, typo, faceted, category browse (with the instance's promotions),
suggest, the HTML search page, a listing page. Per kind, after a warm-up round, `--rounds` rounds of every
variant: CPU time of the process (`time.process_time`, all its threads: the engine's facet threads included)
per request, and per request the number of engine calls (full searches, counts, stored reads, term lookups),
SQL statements and the time spent rendering templates. The two sides alternate `--repeat` times and the
lowest CPU per kind is kept (the others' load only ever adds). Prints both sides and new / baseline ratios.
Read only: no row or index file is written.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE_CALLS = {"_search_plan": "search", "_count_plan": "count", "_stored": "stored", "term_counts": "terms"}


def measure(code: Path, instance: Path, rounds: int, seed: int, profile: str | None) -> dict:
    """Runs inside the measuring process (`code` first on sys.path)."""
    sys.path.insert(0, str(code))
    sys.path.insert(1, str(ROOT / "bench"))
    os.environ.update(APP_ENV="development", INSTANCE_PATH=str(instance), FLASK_APP="app:create_app",
                      MAIL_OUTBOX_DIR=str(instance / "mail_outbox"), UPLOAD_DIR=str(instance / "uploads"))
    for k in ("DATABASE_URL", "SEARCH_URL"):
        os.environ.pop(k, None)
    import sqlite3

    from flask import template_rendered
    from sqlalchemy import event

    import load  # bench/load.py: the same mix
    from app import create_app
    from app.extensions import db

    app = create_app()
    import app as app_package

    assert Path(app_package.__file__).resolve().is_relative_to(code.resolve()), app_package.__file__
    counters = {"sql": 0, "templates": 0.0}
    calls: dict[str, int] = {}

    from search import tantivy_backend

    for name, label in ENGINE_CALLS.items():
        original = getattr(tantivy_backend.TantivyBackend, name, None)
        if original is None:
            continue

        def wrapped(self, *a, __original=original, __label=label, **kw):
            calls[__label] = calls.get(__label, 0) + 1
            return __original(self, *a, **kw)

        setattr(tantivy_backend.TantivyBackend, name, wrapped)

    import flask.templating

    render = flask.templating._render

    def timed_render(*a, **kw):
        t = time.perf_counter()
        try:
            return render(*a, **kw)
        finally:
            counters["templates"] += time.perf_counter() - t

    flask.templating._render = timed_render
    with app.app_context():
        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_a, **_kw):
            counters["sql"] += 1

    con = sqlite3.connect(str(instance / "greenconnect.sqlite3"))
    ids = [r[0] for r in con.execute("SELECT id FROM listings WHERE status = 'published' ORDER BY id")]
    con.close()
    rng = random.Random(seed)
    plan = load.mix(rng.sample(ids, min(500, len(ids))), rng)
    by_kind: dict[str, list[str]] = {}
    for kind, path in plan:
        by_kind.setdefault(kind, []).append(path)
    client = app.test_client()
    headers = {"Accept-Language": "vi"}

    def get(path: str) -> None:
        r = client.get(path, headers=headers)
        if r.status_code != 200:
            raise SystemExit(f"{path}: {r.status_code}")

    for paths in by_kind.values():  # warm-up: imports, caches, index readers
        for p in paths:
            get(p)
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(rounds):
            for p in by_kind[profile]:
                get(p)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    out = {}
    for kind in load.KINDS:
        paths = by_kind[kind]
        calls.clear()
        counters.update(sql=0, templates=0.0)
        n = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(rounds):
            for p in paths:
                get(p)
                n += 1
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        out[kind] = {"cpu_ms": cpu / n * 1000, "wall_ms": wall / n * 1000, "sql": counters["sql"] / n,
                     "template_ms": counters["templates"] / n * 1000,
                     **{f"engine_{k}": calls.get(k, 0) / n for k in ENGINE_CALLS.values()}}
    return out


def side(code: Path, args) -> dict:
    cmd = [sys.executable, __file__, "--child", str(code), "--instance", str(args.instance), "--rounds", str(args.rounds),
           "--seed", str(args.seed)]
    if args.profile:
        cmd += ["--profile", args.profile]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=str(code))
    if done.returncode:
        raise SystemExit(f"measuring {code} failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    if args.profile:
        print(done.stderr[-20000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    out = {}
    for kind in runs[0]:
        low = min(runs, key=lambda r: r[kind]["cpu_ms"])[kind]
        out[kind] = dict(low)
    return out


def engine_calls(row: dict) -> str:
    return "/".join(f"{row.get(f'engine_{k}', 0):.1f}" for k in ENGINE_CALLS.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instance", required=True, help="an instance prepared by bench/load.py --instance")
    ap.add_argument("--baseline", default=None, help="a commit to compare with (e.g. main)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of every variant per kind")
    ap.add_argument("--repeat", type=int, default=2, help="alternations of the two sides (lowest CPU kept)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--profile", default=None, help="print a pyinstrument profile of this kind (needs pyinstrument)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    instance = Path(args.instance).resolve()
    if args.child:
        print(json.dumps(measure(Path(args.child), instance, args.rounds, args.seed, args.profile)))
        return 0
    args.instance = instance
    sides: dict[str, Path] = {"new": ROOT}
    tmp = None
    if args.baseline:
        tmp = tempfile.TemporaryDirectory(prefix="gc-cost-base-")
        commit = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp.name], input=archive, check=True)
        sides = {f"baseline {commit}": Path(tmp.name), "new": ROOT}
    try:
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        for _ in range(args.repeat):
            for name, code in sides.items():
                runs[name].append(side(code, args))
    finally:
        if tmp is not None:
            tmp.cleanup()
    results = {name: best(r) for name, r in runs.items()}
    print(f"CPU per request, in process (lowest of {args.repeat}; {args.rounds} rounds of every variant); "
          f"engine calls per request as search/count/stored/terms; load average {os.getloadavg()[0]:.1f}")
    for name, res in results.items():
        print(f"\n{name}:")
        print(f"  {'kind':13s} {'CPU ms':>8s} {'wall ms':>8s} {'SQL':>5s} {'tmpl ms':>8s}  engine calls")
        for kind, row in res.items():
            print(f"  {kind:13s} {row['cpu_ms']:8.2f} {row['wall_ms']:8.2f} {row['sql']:5.1f} {row['template_ms']:8.2f}  "
                  f"{engine_calls(row)}")
        total = sum(r["cpu_ms"] for r in res.values()) / len(res)
        print(f"  {'mix (mean)':13s} {total:8.2f}")
    if len(results) == 2:
        (bname, base), (_, new) = results.items()
        print(f"\nnew / {bname}, CPU per request:")
        for kind in new:
            print(f"  {kind:13s} {new[kind]['cpu_ms'] / base[kind]['cpu_ms']:6.2f}×")
        mb = sum(r["cpu_ms"] for r in base.values()) / len(base)
        mn = sum(r["cpu_ms"] for r in new.values()) / len(new)
        print(f"  {'mix (mean)':13s} {mn / mb:6.2f}×  ({mb:.2f} → {mn:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
