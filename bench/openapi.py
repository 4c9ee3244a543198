"""The OpenAPI document built once per process: /api/v1/openapi.json and the data behind /api/docs,
against the per-request build (flask-smorest's default, measured in the same run).

    .venv/bin/python bench/openapi.py [--n 30]

Prints ms per request both ways and the ratio (test client in this process, no socket).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("APP_ENV", "test")


def _ms(fn, n: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    n = ap.parse_args().n
    from app import create_app
    from app.opendata import apidocs

    app = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://")
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    client = app.test_client()

    def per_request_json():  # what flask-smorest's own view does on every request
        return json.dumps(api.spec.to_dict(), indent=2, sort_keys=False)

    def per_request_reference():
        with app.test_request_context("/api/docs"):
            return apidocs._reference(api.spec.to_dict())

    def cached_reference():
        with app.test_request_context("/api/docs"):
            return apidocs.reference()

    rows = [("openapi.json", _ms(per_request_json, n), _ms(lambda: client.get("/api/v1/openapi.json").data, n)),
            ("/api/docs data", _ms(per_request_reference, n), _ms(cached_reference, n))]
    for name, before, after in rows:
        print(f"{name:15} per request {before:7.2f} ms   built once {after:7.2f} ms   {before / after:6.1f}x")


if __name__ == "__main__":
    main()
