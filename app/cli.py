"""Operator commands: `flask users …`, `flask orgs …`, `flask demo …` (domains add their own groups)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")
orgs_cli = AppGroup("orgs", help="Manage organisations.")
demo_cli = AppGroup("demo", help="Demo data.")

# Domains append (AppGroup) here to get registered.
EXTRA_GROUPS: list[AppGroup] = []


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", "full_name", default="")
@click.option("--admin", is_flag=True, help="Platform administrator.")
@click.option("--verifier", is_flag=True, help="Programme verifier (reviews claims).")
@click.option("--org-name", default=None, help="Also create an (approved) organisation with this legal name.")
@click.option("--org-kind", type=click.Choice(["producer", "buyer", "logistics", "finance", "fair_organiser"]), default=None)
@click.option("--province", default="1", show_default=True, help="Province code for the organisation.")
def create_user(email, password, full_name, admin, verifier, org_name, org_kind, province):
    """Create a confirmed user, optionally with an approved organisation."""
    from .accounts.models import PlatformRole
    from .accounts.services import register
    from .orgs.services import create_organisation
    from .permissions import Actor

    if bool(org_name) != bool(org_kind):
        raise click.UsageError("--org-name and --org-kind go together.")
    role = PlatformRole.admin if admin else PlatformRole.verifier if verifier else PlatformRole.user
    try:
        user = register(email, password, full_name, role=role, confirmed=True, send_mail=False)
        click.echo(f"Created user {user.id} <{user.email}> ({role.value})")
        if org_name:
            org = create_organisation(Actor(user), org_kind, {"legal_name": org_name, "province_code": province}, approved=True)
            click.echo(f"Created approved organisation {org.id} '{org.legal_name}' ({org_kind})")
    except DomainError as exc:
        raise click.ClickException(f"{exc.message} {exc.fields or ''}".strip()) from exc


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email):
    """Disable an account: its sessions and API tokens stop working at once."""
    _set_active(email, False)


@users_cli.command("activate")
@click.argument("email")
def activate_user(email):
    """Re-enable a deactivated account (it signs in again and issues new tokens)."""
    _set_active(email, True)


def _set_active(email: str, active: bool) -> None:
    from .accounts.services import get_user_by_email, normalise_email, set_account_active

    try:
        user = get_user_by_email(normalise_email(email))
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    if user is None:
        raise click.ClickException(f"No user {email}.")
    set_account_active(user, active)
    click.echo(f"{'Activated' if active else 'Deactivated'} user {user.id} <{user.email}>")


@orgs_cli.command("approve")
@click.argument("org_id", type=int, required=False)
@click.option("--all-pending", is_flag=True, help="Approve every pending organisation.")
def approve_org(org_id, all_pending):
    """Approve an organisation (or all pending ones)."""
    from .extensions import db
    from .orgs.models import Organisation, OrgStatus
    from .orgs.services import set_status
    from .permissions import Actor

    system = Actor(_SystemAdmin())
    ids = [org_id] if org_id else []
    if all_pending:
        ids = list(db.session.scalars(db.select(Organisation.id).where(Organisation.status == OrgStatus.pending)))
    if not ids:
        raise click.UsageError("Give an ORG_ID or --all-pending.")
    for oid in ids:
        try:
            org = set_status(system, oid, "approved", "approved by operator")
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Approved {org.id} '{org.legal_name}'")


@orgs_cli.command("list")
@click.option("--status", type=click.Choice(["pending", "approved", "suspended"]), default=None)
def list_orgs(status):
    from .orgs.services import list_organisations

    for org in list_organisations(status=status, per_page=1000).items:
        click.echo(f"{org.id}\t{org.status.value}\t{org.kind.value}\t{org.tax_code or '-'}\t{org.legal_name}")


class _SystemAdmin:
    """The operator at the console: acts as an administrator, records no user id."""

    id = None
    is_admin = True
    is_verifier = True
    is_authenticated = True
    email = "operator@console"


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option("--seed", type=int, default=None)
@click.option("--listings", type=int, default=300, show_default=True)
def demo_load(if_empty, seed, listings):
    """Load reproducible demo data (users, organisations, listings, claims…)."""
    from flask import current_app

    from .demo import load_demo
    from .extensions import db
    from .accounts.models import User

    if if_empty and db.session.scalar(db.select(db.func.count(User.id))):
        click.echo("Database already has data; demo not loaded.")
        return
    summary = load_demo(seed if seed is not None else current_app.config["DEMO_SEED"], listings=listings)
    for key, value in summary.items():
        click.echo(f"{key}: {value}")


reference_cli = AppGroup("reference", help="Reference data (label registry, categories…).")


@reference_cli.command("seed")
def reference_seed():
    """Insert or update reference data; safe to run on every start."""
    from .reference import seed_all

    seed_all()
    click.echo("Reference data is up to date.")


def register_cli(app: Flask) -> None:
    from .jobs import jobs_cli

    for group in (users_cli, orgs_cli, demo_cli, reference_cli, jobs_cli, *EXTRA_GROUPS):
        app.cli.add_command(group)
