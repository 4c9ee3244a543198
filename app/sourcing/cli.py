"""`flask rfqs expire` and `flask sourcing digest`."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from ..cli import EXTRA_GROUPS
from ..jobs import register_job

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


def _expire_rfqs():
    from .services import expire_rfqs

    return f"expired {expire_rfqs()}"


def _digest():
    from .alerts import send_digests

    return f"sent {send_digests()}"


register_job("rfqs.expire", dt.timedelta(hours=1), _expire_rfqs, "Expire requests past their closing date.")
register_job("sourcing.digest", dt.timedelta(days=1), _digest, "Daily e-mail digest of match notifications.")

EXTRA_GROUPS.extend([rfqs_cli, sourcing_cli])
