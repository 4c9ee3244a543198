"""Periodic jobs run when due, remember their last run across restarts, and one failure stops nothing."""
import datetime as dt

import pytest

from app import clock, jobs
from app.extensions import db


@pytest.fixture()
def registry(app, monkeypatch):
    calls = []
    fake = {
        "a.hourly": jobs.Job("a.hourly", dt.timedelta(hours=1), lambda: calls.append("a") or "did a"),
        "b.daily": jobs.Job("b.daily", dt.timedelta(days=1), lambda: calls.append("b") or "did b"),
        "c.broken": jobs.Job("c.broken", dt.timedelta(hours=1), lambda: 1 / 0),
    }
    from app import registries

    monkeypatch.setitem(registries.of(app).maps, jobs.REGISTRY, fake)
    return calls


def test_jobs_run_when_due_and_failures_are_recorded(registry, app):
    start = dt.datetime(2026, 12, 1, 8, 0)
    with clock.frozen(start):
        ran = [(j.name, jobs.run_job(j)[0]) for j in jobs.due_jobs()]
    assert ran == [("a.hourly", True), ("b.daily", True), ("c.broken", False)]
    assert registry == ["a", "b"]
    broken = db.session.get(jobs.JobRun, "c.broken")
    assert "ZeroDivisionError" in broken.last_error
    with clock.frozen(start + dt.timedelta(minutes=30)):
        assert jobs.due_jobs() == []
    with clock.frozen(start + dt.timedelta(hours=2)):
        assert [j.name for j in jobs.due_jobs()] == ["a.hourly", "c.broken"]  # the daily one waits
    with clock.frozen(start + dt.timedelta(days=1)):
        assert "b.daily" in [j.name for j in jobs.due_jobs()]


def test_cli_runs_named_jobs_and_fails_loudly(registry, app):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["jobs", "run", "a.hourly"])
    assert r.exit_code == 0 and "a.hourly: ok did a" in r.output
    r = runner.invoke(args=["jobs", "run", "c.broken"])
    assert r.exit_code == 1 and "FAILED" in r.output
    assert runner.invoke(args=["jobs", "run", "nope"]).exit_code == 2


def test_real_jobs_are_registered(app):
    JOBS = jobs.jobs()
    assert {"claims.expire", "claims.remind", "rfqs.expire", "sourcing.digest"} <= set(JOBS)
    assert JOBS["sourcing.digest"].every == dt.timedelta(days=1)
