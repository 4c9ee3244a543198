"""Shared fixtures.

- One database per test run: SQLite file in a temp dir by default, or a fresh PostgreSQL database
  created next to TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1/test) and dropped at the end.
- The schema comes from the models (tests/test_migrations.py proves the migrations produce the same).
- After every test all rows are deleted, so tests can't see each other's data even when a live
  server thread (browser tests) committed it. Reference data (labels, categories) is re-seeded.
"""
from __future__ import annotations

import contextvars
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("APP_ENV", "test")

TMP = Path(tempfile.mkdtemp(prefix="greenconnect-tests-"))
REFERENCE_TABLES: set[str] = {"labels"}  # rows seeded once per run (see seed_reference), kept between tests


def _database_url() -> tuple[str, callable]:
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base:
        return f"sqlite:///{TMP / 'test.sqlite3'}", lambda: None
    url = make_url(base)
    if not url.drivername.startswith("postgresql"):
        return base, lambda: None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"gc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def drop():
        eng = create_engine(url, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


class IsolatedClient(FlaskClient):
    """Runs each request in an empty contextvars context, so it gets its own app context, `g` and
    database session — as in production — even though the test itself holds an app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app():
    from app import create_app
    from app.extensions import db

    url, drop = _database_url()
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(TMP / "mail"),
        UPLOAD_DIR=str(TMP / "uploads"),
        OPENDATA_DIR=str(TMP / "opendata"),
        SEARCH_URL=f"tantivy://{TMP / 'search'}",
        SERVER_NAME=None,
        BASE_URL="http://localhost/",  # e-mail links: the test client's own origin
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        db.create_all()
        seed_reference(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    drop()
    shutil.rmtree(TMP, ignore_errors=True)


def seed_reference(application) -> None:
    """Reference data every test may rely on (label registry, category taxonomy…)."""
    from app.reference import seed_all

    seed_all()


@pytest.fixture(autouse=True)
def _clean(request, app):
    from app import clock
    from app.extensions import db, limiter

    ctx = app.app_context()
    ctx.push()
    clock.reset()
    limiter.reset()
    yield
    db.session.rollback()
    db.session.remove()
    clock.reset()
    _delete_all_rows(db)
    shutil.rmtree(app.config["MAIL_OUTBOX_DIR"], ignore_errors=True)
    ctx.pop()


def _delete_all_rows(db) -> None:
    """DELETE child tables first. (On PostgreSQL, TRUNCATE of every table costs ~1 s per test because
    each truncated table and index gets a new file; DELETE on these tiny tables is milliseconds.)"""
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with db.engine.begin() as conn:
        for t in tables:
            conn.execute(t.delete())


@pytest.fixture()
def client(app):
    return app.test_client()


# ---------------------------------------------------------------- factories

PASSWORD = "Correct-horse-42"
_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


@pytest.fixture()
def make_user():
    from app.accounts.models import PlatformRole
    from app.accounts.services import register

    def factory(email: str | None = None, password: str = PASSWORD, role: str = "user", confirmed: bool = True, name: str = ""):
        return register(email or f"user{_next()}@example.vn", password, name or "Người Dùng",
                        role=PlatformRole(role), confirmed=confirmed, send_mail=False)

    return factory


@pytest.fixture()
def make_org(make_user):
    from app.orgs.services import create_organisation
    from app.permissions import Actor

    def factory(kind: str = "producer", owner=None, status: str = "approved", **fields):
        owner = owner or make_user()
        data = {"legal_name": f"Công ty Thử nghiệm {_next()}", "province_code": "79"}
        data.update(fields)
        org = create_organisation(Actor(owner), kind, data, approved=(status == "approved"))
        if status == "suspended":
            from app.extensions import db
            from app.orgs.models import OrgStatus

            org.status = OrgStatus.suspended
            db.session.commit()
        return org

    return factory


@pytest.fixture()
def actor_for():
    from app.permissions import Actor

    return Actor.for_user


@pytest.fixture()
def login(client):
    """Sign a user in on the test client (via the session, like Flask-Login does)."""

    def do(user, c=None):
        c = c or client
        with c.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
        return c

    return do


@pytest.fixture()
def login_as(make_user, make_org, login, client):
    """login_as("producer") → (client, user, org): a signed-in owner of an approved organisation."""

    def do(kind: str | None = "producer", c=None, status: str = "approved", role: str = "user"):
        user = make_user(role=role)
        org = make_org(kind, owner=user, status=status) if kind else None
        return login(user, c or client), user, org

    return do


@pytest.fixture()
def token_for():
    from app.accounts.services import issue_api_token

    def do(user) -> dict:
        return {"Authorization": f"Bearer {issue_api_token(user)}"}

    return do


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "page has no CSRF token"
    return m.group(1)


@pytest.fixture()
def post_form(client):
    """GET a page, take its CSRF token, POST the form (like a browser without JavaScript)."""

    def do(path: str, data: dict, get_path: str | None = None, c=None, **kwargs):
        c = c or client
        page = c.get(get_path or path)
        token = csrf_from(page.get_data(as_text=True))
        payload = {"csrf_token": token, **data}
        return c.post(path, data=payload, **kwargs)

    return do


@pytest.fixture()
def outbox(app):
    from app.mail import outbox_messages

    return outbox_messages


@pytest.fixture()
def search_url(app, tmp_path: Path):
    """Point the app at an empty tantivy directory for this test (and close readers afterwards).
    Suites that search on other engines too override it (tests/finance/conftest.py)."""
    from app.indexing import close_backends

    old = app.config["SEARCH_URL"]
    url = f"tantivy://{tmp_path / 'index'}"
    close_backends(app)
    app.config["SEARCH_URL"] = url
    yield url
    close_backends(app)
    app.config["SEARCH_URL"] = old


@pytest.fixture()
def sync(app, search_url):
    """sync() → DrainStats: run the indexer once, as `flask search sync` does."""
    from app.indexing import Indexer

    def run(batch: int = 500):
        with Indexer(app) as ix:
            return ix.drain(batch)

    return run


@pytest.fixture()
def delivered(app):
    """delivered(email) → the e-mails that address received once the job runner delivered pending
    notifications (app/notifications/delivery.py: what `flask jobs run notifications.deliver` does)."""
    from app.mail import outbox_messages
    from app.notifications.delivery import deliver_pending

    def do(email: str | None = None):
        deliver_pending()
        return outbox_messages(email)

    return do
