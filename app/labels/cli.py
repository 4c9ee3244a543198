"""`flask claims expire` and `flask claims remind`: run daily (cron / systemd timer), both idempotent."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from ..cli import EXTRA_GROUPS
from ..jobs import register_job

claims_cli = AppGroup("claims", help="Claims (certifications): expiry and reminders.")


@claims_cli.command("expire")
def expire():
    """Mark verified/pending claims past their validity date as expired; notify and re-index."""
    from .services import expire_claims

    click.echo(f"Expired {expire_claims()} claim(s).")


@claims_cli.command("remind")
def remind():
    """Notify and e-mail organisations whose verified claims expire within 30 days (once per claim)."""
    from .services import remind_expiring

    click.echo(f"Sent {remind_expiring()} reminder(s).")


def _expire():
    from .services import expire_claims

    return f"expired {expire_claims()}"


def _remind():
    from .services import remind_expiring

    return f"reminded {remind_expiring()}"


register_job("claims.expire", dt.timedelta(hours=1), _expire, "Expire claims past their validity date.")
register_job("claims.remind", dt.timedelta(hours=12), _remind, "30-day expiry reminders (once per claim).")

if claims_cli not in EXTRA_GROUPS:
    EXTRA_GROUPS.append(claims_cli)
