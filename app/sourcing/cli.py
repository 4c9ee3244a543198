"""`flask rfqs expire` and `flask sourcing digest`."""
from __future__ import annotations

import click
from flask.cli import AppGroup


rfqs_cli = AppGroup("rfqs", help="Sourcing requests.")
sourcing_cli = AppGroup("sourcing", help="Sourcing notifications.")


@rfqs_cli.command("expire")
def expire():
    """Mark open requests past their closing date as expired."""
    from .services import expire_rfqs

    click.echo(f"Expired {expire_rfqs()} request(s).")


@sourcing_cli.command("digest")
def digest():
    """E-mail each user the match notifications since their last digest (run daily)."""
    from .alerts import send_digests

    click.echo(f"Sent {send_digests()} digest(s).")


def expire_job():
    from .services import expire_rfqs

    return f"expired {expire_rfqs()}"


def digest_job():
    from .alerts import send_digests

    return f"sent {send_digests()}"

