"""`make run` supervises the search indexer and the job runner (issue 13, findings 5 and 6).

The server is started the way `make run` starts it — `scripts/serve.sh` (→ scripts/supervise.py and the
Procfile) — on a free port, in a temporary instance directory with its own SQLite database and tantivy
index. The test kills the indexer and the job runner and sees them restarted (logged, new pids), deletes
the index and sees search answer `degraded` and then recover with nobody doing anything, and stops the
supervisor and sees every process gone.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import supervise  # noqa: E402

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="`make run` runs on its own SQLite database whatever the suite's database; run once, in the SQLite suite",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`bash scripts/serve.sh` in the background; its output collected line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = int(env["PORT"])
        self.lines: list[str] = []
        self.proc = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_line(self, pattern: str, after: int = 0, limit: float = 60) -> re.Match:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                m = re.search(pattern, line)
                if m:
                    return m
            assert self.proc.poll() is None, f"serve.sh exited ({self.proc.returncode}):\n{self.output()}"
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.output()}")

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return json.loads(r.read())

    def wait_json(self, path: str, predicate, limit: float = 60) -> dict:
        deadline, last = time.monotonic() + limit, None
        while time.monotonic() < deadline:
            try:
                last = self.get(path)
                if predicate(last):
                    return last
            except OSError:
                pass  # not listening yet
            assert self.proc.poll() is None, f"serve.sh exited ({self.proc.returncode}):\n{self.output()}"
            time.sleep(0.1)
        raise AssertionError(f"{path}: last answer {last}\n{self.output()}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._reader.join(5)
        return self.proc.returncode


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


_PREPARE = """
from flask_migrate import upgrade
from app import create_app
from app.accounts.services import register
from app.accounts.models import PlatformRole
from app.orgs.services import create_organisation
from app.permissions import Actor
from app.reference import seed_all
app = create_app()
with app.app_context():
    upgrade(revision="heads")  # what `make run` does before serving (flask db upgrade heads, reference seed)
    seed_all()
    user = register("owner@example.vn", "Correct-horse-42", "Chủ", role=PlatformRole.user, confirmed=True,
                    send_mail=False)
    create_organisation(Actor(user), "producer", {"legal_name": "Hợp tác xã Cói Kim Sơn", "province_code": "37"},
                        approved=True)
"""


@pytest.fixture()
def served_env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "TEST_DATABASE_URL", "SEARCH_URL", "APP_ENV", "FLASK_APP")}
    env.update(APP_ENV="development", INSTANCE_PATH=str(tmp_path / "instance"), PORT=str(_free_port()),
               SEARCH_VERIFY_INTERVAL="0.3", SUPERVISE_BACKOFF_MIN="0.2", SUPERVISE_STABLE_AFTER="30",
               MAIL_OUTBOX_DIR=str(tmp_path / "mail"), UPLOAD_DIR=str(tmp_path / "uploads"))
    subprocess.run([sys.executable, "-c", _PREPARE], cwd=ROOT, env=env, check=True, capture_output=True, timeout=180)
    return env


def _add_org_behind_the_apps_back(instance: Path, name: str) -> None:
    """An approved organisation and its outbox row, written straight into the served SQLite database."""
    from sqlalchemy import create_engine

    from app import clock
    from app.notifications.models import OutboxEvent
    from app.orgs.models import Organisation

    engine = create_engine(f"sqlite:///{instance / 'greenconnect.sqlite3'}")
    now = clock.now()
    with engine.begin() as conn:
        org_id = conn.execute(Organisation.__table__.insert().values(
            kind="producer", legal_name=name, trade_name="", province_code="1", address="", sectors=[], website="",
            phone="", description="", description_en="", status="approved", status_reason="", approved_at=now,
            created_at=now, updated_at=now, version=1)).inserted_primary_key[0]
        conn.execute(OutboxEvent.__table__.insert().values(kind="organisation", object_id=org_id, op="upsert",
                                                           attempts=0, created_at=now, available_at=now))
    engine.dispose()


def test_make_run_restarts_a_killed_indexer_and_job_runner_and_recovers_a_deleted_index(served_env, tmp_path):
    served = Served(served_env)
    instance = Path(served_env["INSTANCE_PATH"])
    search = "/api/v1/organisations/search?q=coi+kim+son"
    try:
        # one worker process per core (at least two), each counting rate limits in the shared store
        workers = max(2, len(os.sched_getaffinity(0)))  # what `nproc` says
        served.wait_line(rf"\({workers} worker processes × 4 threads")
        deadline = time.monotonic() + 60
        while len(re.findall(r"Booting worker with pid", served.output())) < workers and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(re.findall(r"Booting worker with pid", served.output())) == workers, served.output()
        indexer = int(served.wait_line(r"started indexer \(pid (\d+)\)").group(1))
        jobs = int(served.wait_line(r"started jobs \(pid (\d+)\)").group(1))
        body = served.wait_json(search, lambda b: b["total"] == 1 and b["degraded"] is False)
        assert body["items"][0]["name"].startswith("Hợp tác xã Cói Kim Sơn")

        # the indexer and the job runner are killed: logged, restarted with new pids
        mark = len(served.lines)
        os.kill(indexer, signal.SIGKILL)
        os.kill(jobs, signal.SIGKILL)
        served.wait_line(r"indexer stopped \(killed by SIGKILL\) after [\d.]+ s: restarting in [\d.]+ s", mark)
        served.wait_line(r"jobs stopped \(killed by SIGKILL\)", mark)
        new_indexer = int(served.wait_line(r"started indexer \(pid (\d+)\)", mark).group(1))
        new_jobs = int(served.wait_line(r"started jobs \(pid (\d+)\)", mark).group(1))
        assert new_indexer != indexer and new_jobs != jobs
        served.wait_line(r"jobs +\| jobs: following", mark)  # the new job runner is at work

        # the restarted indexer indexes new work, and every worker process reloads its reader after the
        # indexer's commit: concurrent requests, whichever worker answers them, all find it
        _add_org_behind_the_apps_back(instance, "Công ty Giấy Kraft Hà Nội")
        served.wait_json("/api/v1/organisations/search?q=giay+kraft", lambda b: b["total"] == 1)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(8) as pool:
            totals = list(pool.map(lambda _i: served.get("/api/v1/organisations/search?q=giay+kraft")["total"],
                                   range(48)))
        assert totals == [1] * 48

        # the index is deleted: search says degraded, then the indexer rebuilds it by itself
        (instance / "search").rename(tmp_path / "deleted-index")
        shutil.rmtree(tmp_path / "deleted-index")
        served.wait_json(search, lambda b: b["degraded"] is True, limit=10)
        body = served.wait_json(search, lambda b: b["degraded"] is False and b["total"] == 1)
        served.wait_line(r"organisation index is not whole .*rebuilding it from the database")
        assert _alive(new_indexer) and _alive(new_jobs)
    finally:
        code = served.stop()
    assert code == 0, served.output()
    assert re.search(r"supervise +\| stopped", served.output())
    for pid in (new_indexer, new_jobs):
        assert not _alive(pid)


def test_procfile_and_backoff():
    procs = dict(supervise.parse_procfile((ROOT / "Procfile").read_text(), {"PORT": "5123"}))
    assert set(procs) == {"web", "indexer", "jobs"}
    assert "127.0.0.1:5123" in procs["web"] and procs["indexer"][-3:] == ["search", "sync", "--follow"]
    assert procs["jobs"][-2:] == ["jobs", "follow"]
    assert [supervise.backoff(n, 1, 60) for n in (1, 2, 3, 4, 7, 8)] == [1, 2, 4, 8, 60, 60]


def test_a_crash_looping_process_backs_off_and_web_exit_stops_everything(tmp_path):
    """A process that keeps failing is restarted later and later; when `web` stops, so does everything."""
    procfile = tmp_path / "Procfile"
    procfile.write_text(f"web: {sys.executable} -c \"import time; time.sleep(2.5)\"\n"
                        f"flaky: {sys.executable} -c \"print('boom'); raise SystemExit(7)\"\n")
    env = dict(os.environ, SUPERVISE_BACKOFF_MIN="0.2", SUPERVISE_BACKOFF_MAX="0.8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "supervise.py"), "--procfile", str(procfile)],
                            env=env, capture_output=True, text=True, timeout=30)
    out = result.stdout
    delays = [float(d) for d in re.findall(r"flaky stopped \(exit code 7\) after [\d.]+ s: restarting in ([\d.]+) s", out)]
    assert delays[:3] == [0.2, 0.4, 0.8] and set(delays[3:]) <= {0.8}, out
    assert re.search(r"flaky +\| boom", out)
    assert "web stopped (exit code 0)" in out and "stopping everything" in out
    assert result.returncode == 1  # the server ended: `make run` fails visibly


def test_a_sqlite_database_file_runs_in_wal_mode(tmp_path):
    """Several worker processes, the indexer and the job runner share the file: readers must not wait for
    the writer (WAL); an in-memory database is left alone."""
    import sqlite3

    from app import create_app
    from app.extensions import db

    path = tmp_path / "gc.sqlite3"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()
        db.engine.dispose()
    assert sqlite3.connect(str(path)).execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file
    memory = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://")
    with memory.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "memory"
        db.session.remove()
