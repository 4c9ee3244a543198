"""Operator CLI: users create (with an approved organisation), orgs approve, demo load."""
from app.accounts.models import PlatformRole, User
from app.extensions import db
from app.orgs.models import Organisation, OrgStatus


def test_users_create_with_organisation(app):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "--email", "Op@Example.vn", "--password", "Str0ng-pass-word",
                            "--org-name", "Công ty CP Bao Bì Xanh", "--org-kind", "producer", "--province", "79"])
    assert r.exit_code == 0, r.output
    user = db.session.scalar(db.select(User).where(User.email == "op@example.vn"))
    assert user.email_confirmed and user.platform_role == PlatformRole.user
    org = user.organisation
    assert org.legal_name == "Công ty CP Bao Bì Xanh" and org.status == OrgStatus.approved


def test_users_create_admin_and_validation(app):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "--email", "admin@example.vn", "--password", "Str0ng-pass-word", "--admin"])
    assert r.exit_code == 0
    assert db.session.scalar(db.select(User).where(User.email == "admin@example.vn")).is_admin
    r = runner.invoke(args=["users", "create", "--email", "weak@example.vn", "--password", "short"])
    assert r.exit_code != 0 and "password" in r.output.lower()
    r = runner.invoke(args=["users", "create", "--email", "x@example.vn", "--password", "Str0ng-pass-word", "--org-name", "A"])
    assert r.exit_code != 0


def test_orgs_approve(app, make_org):
    org = make_org("buyer", status="pending")
    runner = app.test_cli_runner()
    r = runner.invoke(args=["orgs", "approve", str(org.id)])
    assert r.exit_code == 0, r.output
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).status == OrgStatus.approved
    assert runner.invoke(args=["orgs", "approve", "999999"]).exit_code != 0


def test_demo_load_is_reproducible_and_idempotent(app):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["demo", "load", "--if-empty", "--listings", "20"])
    assert r.exit_code == 0, r.output
    first = sorted((o.legal_name, o.tax_code) for o in db.session.scalars(db.select(Organisation)))
    assert len(first) >= 20
    r = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "not loaded" in r.output
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == len(first)


def test_production_refuses_the_development_secret_key(monkeypatch, tmp_path):
    import pytest

    from app import create_app

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}")
    prod = create_app("production", SECRET_KEY="a-real-secret-from-the-environment",
                      SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}")
    assert prod.config["SESSION_COOKIE_SECURE"]
