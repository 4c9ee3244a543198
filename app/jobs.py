"""Periodic jobs (claim expiry and reminders, RFQ expiry, daily digests…) without extra services.

Domains register idempotent jobs from their `init_app` with `register_job(app, name, every, fn, help)`. `flask jobs follow` (started by
`make run` beside the web server and the indexer) runs each job when it is due; the last run of each
job is kept in the `job_runs` table, so a restart does not re-send a daily digest, and several
followers on different machines would at worst run an idempotent job twice.
`flask jobs run [NAME…]` runs jobs now (for cron, systemd timers, or by hand).
"""
from __future__ import annotations

import datetime as dt
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from . import clock, registries
from .extensions import db


class JobRun(db.Model):
    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_result: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    fn: Callable[[], object]
    help: str = ""


REGISTRY = "jobs"


def register_job(app: Flask, name: str, every: dt.timedelta, fn: Callable[[], object], help: str = "") -> None:
    """Run `fn()` (idempotent; returns a short result text) every `every` under `flask jobs follow`."""
    registries.put(app, REGISTRY, name, Job(name, every, fn, help))


def jobs(app: Flask | None = None) -> dict[str, Job]:
    """name → Job for the current app (or `app`), sorted by name."""
    return dict(sorted(registries.mapping(REGISTRY, app).items()))


def due_jobs(now: dt.datetime | None = None) -> list[Job]:
    now = now or clock.now()
    runs = {r.name: r for r in db.session.scalars(db.select(JobRun))}
    due = []
    for job in jobs().values():
        run = runs.get(job.name)
        if run is None or run.last_started_at is None or now - run.last_started_at >= job.every:
            due.append(job)
    return due


def run_job(job: Job) -> tuple[bool, str]:
    """Run one job and record it. Returns (ok, result or error)."""
    run = db.session.get(JobRun, job.name) or JobRun(name=job.name)
    run.last_started_at = clock.now()
    db.session.add(run)
    db.session.commit()
    try:
        result = job.fn()
    except Exception as exc:  # noqa: BLE001 - a failing job must not stop the others
        db.session.rollback()
        run = db.session.get(JobRun, job.name)
        run.last_error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
        run.last_finished_at = clock.now()
        db.session.commit()
        return False, run.last_error
    run = db.session.get(JobRun, job.name)
    run.last_result, run.last_error, run.last_finished_at = str(result)[:200], None, clock.now()
    db.session.commit()
    return True, run.last_result


jobs_cli = AppGroup("jobs", help="Periodic jobs: expiry, reminders, digests.")


@jobs_cli.command("list")
def list_jobs():
    """Jobs, their interval and last run."""
    runs = {r.name: r for r in db.session.scalars(db.select(JobRun))}
    for job in jobs().values():
        run = runs.get(job.name)
        last = run.last_finished_at.isoformat(timespec="seconds") if run and run.last_finished_at else "never"
        state = f"error: {run.last_error.splitlines()[-1]}" if run and run.last_error else (run.last_result if run else "")
        click.echo(f"{job.name:24} every {job.every}  last {last}  {state}")


@jobs_cli.command("run")
@click.argument("names", nargs=-1)
@click.option("--due", is_flag=True, help="Only the jobs that are due.")
def run_jobs(names, due):
    """Run the named jobs (all when none is named) now."""
    known = jobs()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.UsageError(f"unknown job(s): {', '.join(unknown)}; see `flask jobs list`")
    chosen = due_jobs() if due else [known[n] for n in names] if names else list(known.values())
    failed = 0
    for job in chosen:
        ok, text = run_job(job)
        failed += not ok
        click.echo(f"{job.name}: {'ok' if ok else 'FAILED'} {text}")
    if failed:
        raise SystemExit(1)


@jobs_cli.command("follow")
@click.option("--poll", type=float, default=60.0, show_default=True, help="Seconds between checks.")
def follow(poll):
    """Run jobs whenever they are due, until stopped (SIGTERM/SIGINT)."""
    stopping = {"now": False}

    def stop(*_):
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"jobs: following {len(jobs())} job(s), checking every {poll:g} s")
    while not stopping["now"]:
        for job in due_jobs():
            ok, text = run_job(job)
            click.echo(f"{clock.now().isoformat(timespec='seconds')} {job.name}: {'ok' if ok else 'FAILED'} {text}")
        db.session.remove()
        deadline = time.monotonic() + poll
        while not stopping["now"] and time.monotonic() < deadline:
            time.sleep(0.2)
