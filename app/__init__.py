"""GreenConnect application factory.

`create_app` sets up the kit (configuration, extensions, the /api/v1 Api, errors, security headers,
template helpers, the kit's CLI) and then calls `init_app(app)` of every domain in `DOMAINS`, in order.
A domain's `app/<domain>/__init__.py` is its front door: everything the domain brings — blueprints, API,
navigation, home sections and dashboard panels, search document builders, jobs, CLI groups, demo steps,
reference data, hooks on other domains' events — is registered there, on this app. Nothing registers by
being imported: leave a domain out of `DOMAINS` and none of it exists. `flask domains` lists what each
domain brought.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# Every domain, each after the domains it REQUIRES (see the domain's __init__.py).
DOMAINS: tuple[str, ...] = (
    "accounts",   # people: registration, sign-in, password reset, API tokens
    "orgs",       # organisations, memberships, invitations, approval; `flask users` / `flask orgs`
    "main",       # the shell: home page, dashboard, notifications page, /api/v1/geo
    "labels",     # label registry, evidence-backed claims, verifier queue
    "catalog",    # product listings, storefronts, `listing` search documents
    "discovery",  # search pages and API over listings and organisations
    "sourcing",   # requests (RFQs), matches, quotes, deals, messages, saved searches
    "payments",   # Stripe / bank transfer payments for purposes other domains register
    "fairs",      # trade fairs, booths, B2B meetings, sponsored listings
    "finance",    # green finance offers, eligibility, leads
    "logistics",  # green logistics providers, CO2e estimates, transport quotes
    "knowledge",  # knowledge hub: guides, good-practice models, events (registration), editors and review
    "trace",      # lots, GS1 Digital Link QR codes and resolver, recycled-content integrity, footprints, EPCIS
    "programme",  # indicators against the national targets (snapshots), statistics page, officers, Appendix II reports
    "procurement",  # public buyers: procurement lists with criteria, tender lists (XLSX/PDF), green purchasing share
    "opendata",   # schema.org JSON-LD in pages, sitemap.xml, API reference page, nightly exports + DCAT-AP catalogue
)


def create_app(config: object | str | None = None, *, domains: Iterable[str] = DOMAINS, **overrides) -> Flask:
    from config import CONFIGS, DEV_SECRET_KEY, INSTANCE_DIR

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if config is None:
        config = os.environ.get("APP_ENV", "development")
    app.config.from_object(CONFIGS[config] if isinstance(config, str) else config)
    app.config.update(overrides)
    if app.config.get("REQUIRE_REAL_SECRET_KEY") and app.config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise RuntimeError("Set SECRET_KEY in the environment: production must not run with the development key.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import i18n, models  # noqa: F401  (models: complete metadata for Alembic and create_all)
    from .api import init_api
    from .cli import register_cli
    from .errors import register_error_handlers
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .security import install_security_headers
    from .web import install_template_helpers

    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        # Writers queue for SQLite's one write lock (app/locking.py) instead of failing after 5 s.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": app.config["SQLITE_BUSY_TIMEOUT"], **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite") and app.config.get("SQLITE_WAL", True):
        from sqlalchemy import event

        with app.app_context():
            engine = db.engine
        if not event.contains(engine, "connect", _sqlite_wal):
            event.listen(engine, "connect", _sqlite_wal)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    from .ratelimit import configure as configure_ratelimit_storage

    configure_ratelimit_storage(app)  # shared by every worker process (Redis, or an embedded file store)
    limiter.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    from .inputs import install_input_guards

    install_input_guards(app)  # before any route: the bounded `int` converter, NUL/overflow guards
    init_api(app)
    register_error_handlers(app)
    install_security_headers(app)
    install_template_helpers(app)
    register_cli(app)

    init_domains(app, domains)
    return app


def init_domains(app: Flask, domains: Iterable[str]) -> None:
    """Call each domain's front door, checking that the domains it requires came before it."""
    from . import registries

    done: list[str] = []
    for name in domains:
        module = importlib.import_module(f"{__name__}.{name}")
        missing = [d for d in getattr(module, "REQUIRES", ()) if d not in done]
        if missing:
            raise RuntimeError(f"domain {name!r} requires {', '.join(map(repr, missing))} before it in DOMAINS")
        with registries.loading(app, name):
            module.init_app(app)
        done.append(name)


def _sqlite_wal(dbapi_connection, _record) -> None:
    """A SQLite database file in WAL mode: the worker processes, the indexer and the job runner read while
    one of them writes (rollback-journal mode makes readers and the writer wait for each other)."""
    files = [row[2] for row in dbapi_connection.execute("PRAGMA database_list") if row[1] == "main"]
    if files and files[0]:  # not an in-memory database
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
