"""Migrations: upgrade from empty and downgrade to empty on the suite's database engine (SQLite, or
PostgreSQL when TEST_DATABASE_URL is set), and the migrated schema equals the models."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url


@pytest.fixture()
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base or not base.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"gc_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _diff(engine, metadata):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(ctx, metadata)


def test_upgrade_matches_models_and_downgrade_is_clean(empty_database_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from app import create_app
    from app.extensions import db

    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, MAIL_OUTBOX_DIR=str(tmp_path / "m"),
                     UPLOAD_DIR=str(tmp_path / "u"), SEARCH_URL=f"tantivy://{tmp_path / 's'}")
    with app.app_context():
        upgrade(revision="heads")
        engine = db.engine
        tables = set(inspect(engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        assert _diff(engine, db.metadata) == []
        downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(revision="heads")  # and up again
        assert set(db.metadata.tables) <= set(inspect(engine).get_table_names())
        db.session.remove()
        engine.dispose()


def test_one_head():
    """Two heads mean two developers' migrations that never met: `flask db upgrade` would need `heads`
    and the order between them would be undefined."""
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    root = Path(__file__).resolve().parents[1] / "migrations"
    config = Config()
    config.set_main_option("script_location", str(root))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
