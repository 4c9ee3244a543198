"""`flask programme …`: compute a snapshot now, print indicator values."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .. import clock

programme_cli = AppGroup("programme", help="Programme indicators, officers and annual reports.")


@programme_cli.command("snapshot")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Vietnam date the figures describe (default: today).")
def snapshot_cmd(as_of):
    """Compute every indicator now into a new snapshot."""
    from .snapshots import compute_snapshot

    snap = compute_snapshot(as_of.date() if as_of else None, trigger="manual")
    click.echo(f"snapshot {snap.id} as of {snap.as_of}: {snap.fact_count} facts in {snap.duration_ms} ms")


@programme_cli.command("show")
@click.option("--year", type=int, default=None)
@click.option("--province", default="")
def show_cmd(year, province):
    """Print each indicator of the newest snapshot (national, or for one province code)."""
    from .definitions import INDICATORS
    from .snapshots import latest, value

    snap = latest()
    if snap is None:
        raise click.ClickException("no snapshot yet: run `flask programme snapshot`")
    year = year or snap.as_of.year
    for ind in INDICATORS:
        v = value(snap, ind.code, year, province)
        click.echo(f"{ind.code:26} {'—' if v is None else v:>14} {ind.unit}")
    click.echo(f"(snapshot {snap.id} as of {snap.as_of}, computed {snap.finished_at:%Y-%m-%d %H:%M} UTC; now {clock.now():%H:%M})")


@programme_cli.command("grant-officer")
@click.argument("email")
@click.option("--province", default="", help="Province code of the unit (empty: the ministry's unit).")
def grant_officer_cmd(email, province):
    """Make an existing account a programme officer of the ministry's unit or a province's department."""
    from ..accounts.models import PlatformRole, User
    from ..extensions import db
    from ..permissions import Actor
    from .models import ReportingUnit
    from .officers import grant_officer, seed_units

    seed_units()
    db.session.commit()
    unit = db.session.scalar(db.select(ReportingUnit).where(
        ReportingUnit.province_code == province if province else ReportingUnit.province_code.is_(None)))
    if unit is None:
        raise click.ClickException(f"no reporting unit for province {province!r}")
    admin = db.session.scalar(db.select(User).where(User.platform_role == PlatformRole.admin).order_by(User.id))
    if admin is None:
        raise click.ClickException("create an administrator first (`flask users create-admin`)")
    grant_officer(Actor(admin), email, unit.id)
    click.echo(f"{email} is now a programme officer of {unit.name}")
