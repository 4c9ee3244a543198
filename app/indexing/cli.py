"""`flask search sync [--follow] [--batch N]`, `reindex [--kind K]`, `check`, `status` (registered by
`create_app` with the other kit commands; the kinds are whatever the domains registered)."""
from __future__ import annotations

import signal
import sys
import threading
import time

import click
from flask import current_app
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Search index: sync from the outbox, reindex, check, status.")

EXIT_BUSY = 3


def _indexer(wait: bool):
    from . import Indexer, IndexerBusy

    indexer = Indexer(current_app._get_current_object(), wait=wait)
    try:
        indexer.acquire()
    except IndexerBusy as exc:
        click.echo(f"{exc} Not starting a second indexer (use --wait to wait for it).", err=True)
        sys.exit(EXIT_BUSY)
    return indexer


def _kinds(kind: str | None) -> list[str]:
    from . import builders

    known = list(builders())
    if kind and kind not in known:
        raise click.UsageError(f"Unknown kind {kind!r}; known: {', '.join(known)}.")
    return [kind] if kind else known


@search_cli.command("sync")
@click.option("--follow", is_flag=True, help="Keep running: apply new outbox rows as they arrive.")
@click.option("--batch", type=click.IntRange(1, 10000), default=500, show_default=True)
@click.option("--poll", type=float, default=0.2, show_default=True, help="Idle polling interval (seconds).")
@click.option("--wait", is_flag=True, help="If another indexer runs, wait for it instead of exiting.")
def sync(follow, batch, poll, wait):
    """Apply the search outbox to the index (the only process that writes the index)."""
    indexer = _indexer(wait)
    try:
        if not follow:
            stats = indexer.drain(batch)
            click.echo(f"indexed {stats.indexed}, deleted {stats.deleted}, stale {stats.stale}, "
                       f"failed {stats.failed}")
            if stats.reindexed:
                click.echo(f"rebuilt from the database: {stats.reindexed}")
            for e in stats.errors:
                click.echo(f"error: {e}", err=True)
            if stats.failed or stats.check_failed:
                sys.exit(1)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        click.echo(f"search indexer: following the outbox (batch {batch}, lock {indexer.path})")

        def report(s):
            line = f"{time.strftime('%H:%M:%S')} indexed {s.indexed} deleted {s.deleted} stale {s.stale}"
            if s.reindexed:
                line += f" reindexed {s.reindexed}"
            if s.failed or s.check_failed:
                line += f" FAILED {s.failed}: {'; '.join(s.errors)}"
            click.echo(line, err=bool(s.failed or s.check_failed))

        indexer.follow(batch, poll=poll, stop=stop, on_batch=report)
    finally:
        indexer.release()


@search_cli.command("reindex")
@click.option("--kind", default=None, help="Only this kind (listing, organisation, …).")
@click.option("--timeout", type=float, default=3600, show_default=True)
def reindex(kind, timeout):
    """Build fresh indexes from the database and switch to them atomically (searches keep answering).

    If an indexer is running it does the rebuild (asked through the outbox); otherwise this command does.
    """
    from ..extensions import db
    from . import REINDEX_OP, Indexer, IndexerBusy, request_reindex
    from ..notifications.models import OutboxEvent

    kinds = _kinds(kind)
    indexer = Indexer(current_app._get_current_object())
    try:
        indexer.acquire()
    except IndexerBusy:
        for k in kinds:
            request_reindex(k)
        click.echo(f"An indexer is running; asked it to rebuild {', '.join(kinds)}. Waiting…")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            db.session.rollback()
            left = db.session.scalar(db.select(db.func.count(OutboxEvent.id)).where(
                OutboxEvent.op == REINDEX_OP, OutboxEvent.kind.in_(kinds)))
            if not left:
                click.echo("Done.")
                return
            time.sleep(0.5)
        raise click.ClickException("The indexer did not finish the rebuild in time; see `flask search status`.")
    from search import WriterBusy

    try:
        for k in kinds:
            start = time.monotonic()
            n = indexer.rebuild(k)
            took = time.monotonic() - start
            click.echo(f"{k}: {n} documents in {took:.1f} s ({n / took if took else 0:.0f} docs/s), switched")
    except WriterBusy as exc:
        raise click.ClickException(f"{exc}. Another program writes the index; stop it, or run `flask search "
                                   f"sync --follow` and this command asks it to rebuild.") from None
    finally:
        indexer.release()


@search_cli.command("check")
@click.option("--kind", default=None)
@click.option("--limit", type=int, default=0, help="Print at most this many differences (0: all).")
def check_cmd(kind, limit):
    """Compare the database with the index; print every difference; exit 1 if any."""
    from . import check, get_backend, outbox_backlog

    diffs = check(get_backend(), _kinds(kind))
    for i, d in enumerate(diffs):
        if limit and i >= limit:
            click.echo(f"… and {len(diffs) - limit} more")
            break
        click.echo(str(d))
    backlog, _oldest, _failing = outbox_backlog()
    if backlog:
        click.echo(f"({backlog} outbox rows not applied yet: run `flask search sync`)")
    if diffs:
        click.echo(f"{len(diffs)} difference(s).", err=True)
        sys.exit(1)
    click.echo("Index matches the database.")


@search_cli.command("status")
def status():
    """Engine, backlog, failing rows, document counts."""
    from . import describe

    for key, value in describe(current_app._get_current_object()).items():
        click.echo(f"{key}: {value}")
