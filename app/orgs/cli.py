"""`flask users create …` and `flask orgs approve|list` (registered by `orgs.init_app`; `users create` can
also create the user's organisation, so it lives here rather than in accounts, below orgs)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")
orgs_cli = AppGroup("orgs", help="Manage organisations.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", "full_name", default="")
@click.option("--admin", is_flag=True, help="Platform administrator.")
@click.option("--verifier", is_flag=True, help="Programme verifier (reviews claims).")
@click.option("--org-name", default=None, help="Also create an (approved) organisation with this legal name.")
@click.option("--org-kind", type=click.Choice(["producer", "buyer", "logistics", "finance", "fair_organiser"]), default=None)
@click.option("--province", default="01", show_default=True, help="Province code for the organisation.")
def create_user(email, password, full_name, admin, verifier, org_name, org_kind, province):
    """Create a confirmed user, optionally with an approved organisation."""
    from ..accounts.models import PlatformRole
    from ..accounts.services import register
    from .services import create_organisation
    from ..permissions import Actor

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
    from ..accounts.services import get_user_by_email, normalise_email, set_account_active

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
    from ..extensions import db
    from .models import Organisation, OrgStatus
    from .services import set_status
    from ..permissions import Actor

    system = Actor(_SystemAdmin())
    ids = [org_id] if org_id else []
    if all_pending:
        ids = list(db.session.scalars(db.select(Organisation.id).where(Organisation.status == OrgStatus.pending)))
    if not ids:
        raise click.UsageError("Give an ORG_ID or --all-pending.")
    for oid in ids:
        try:
            org = set_status(system, oid, {"status": "approved", "reason": "approved by operator"})
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Approved {org.id} '{org.legal_name}'")


@orgs_cli.command("list")
@click.option("--status", type=click.Choice(["pending", "approved", "suspended"]), default=None)
def list_orgs(status):
    from .services import list_organisations

    for org in list_organisations(status=status, per_page=1000).items:
        click.echo(f"{org.id}\t{org.status.value}\t{org.kind.value}\t{org.tax_code or '-'}\t{org.legal_name}")


class _SystemAdmin:
    """The operator at the console: acts as an administrator, records no user id."""

    id = None
    is_admin = True
    is_verifier = True
    is_authenticated = True
    email = "operator@console"
