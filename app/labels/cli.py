"""`flask claims expire` and `flask claims remind`, and the same two as periodic jobs (both idempotent)."""
from __future__ import annotations

import click
from flask.cli import AppGroup


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


def expire_job():
    from .services import expire_claims

    return f"expired {expire_claims()}"


def remind_job():
    from .services import remind_expiring

    return f"reminded {remind_expiring()}"

