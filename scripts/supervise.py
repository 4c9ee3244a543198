#!/usr/bin/env python3
"""A small process supervisor for `make run` (standard library only).

    python scripts/supervise.py [--procfile Procfile]

Reads a Procfile (`name: command`, one per line, `$VAR`/`${VAR}` expanded from the environment, `#`
comments) and runs every process, each output line prefixed with the time and the process name.

- A process that exits — crashed, killed, or stopped for any reason — is restarted after a backoff
  that doubles from SUPERVISE_BACKOFF_MIN (1 s) up to SUPERVISE_BACKOFF_MAX (60 s); a process that ran
  for SUPERVISE_STABLE_AFTER seconds (30) before exiting starts again from the minimum. Every exit and
  restart is logged with its exit code or signal.
- The process named `web` is the server itself (gunicorn supervises its own workers): when it exits,
  everything stops and the supervisor exits with its code (a busy port is not retried forever).
- SIGINT/SIGTERM stop every process (SIGTERM, then SIGKILL after 10 s). On Linux each child also gets
  SIGTERM if the supervisor itself dies, so nothing is left behind.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ESSENTIAL = "web"
_VAR = re.compile(r"\$(\w+)|\$\{(\w+)(?::-([^}]*))?\}")


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def parse_procfile(text: str, env: dict[str, str]) -> list[tuple[str, list[str]]]:
    """[(name, argv)] from Procfile text; `${VAR:-default}` supported."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, command = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]+", name.strip()):
            raise ValueError(f"bad Procfile line: {raw!r}")
        expanded = _VAR.sub(lambda m: env.get(m.group(1) or m.group(2), m.group(3) or ""), command)
        out.append((name.strip(), shlex.split(expanded)))
    return out


def backoff(restarts: int, low: float, high: float) -> float:
    """Seconds to wait before restart number `restarts` (1-based): low, 2·low, 4·low … capped at high."""
    return min(high, low * 2 ** max(0, restarts - 1))


try:  # looked up once here: the child only calls it between fork and exec
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent() -> None:
    """Linux: SIGTERM this child when the supervisor dies (even by SIGKILL)."""
    _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Proc:
    name: str
    argv: list[str]
    popen: subprocess.Popen | None = None
    started_at: float = 0.0
    restarts: int = 0  # consecutive quick restarts (reset after a stable run)
    restart_at: float | None = None
    reader: threading.Thread | None = field(default=None, repr=False)


class Supervisor:
    def __init__(self, procs: list[tuple[str, list[str]]], *, out=None) -> None:
        self.procs = [Proc(n, a) for n, a in procs]
        self.out = out or sys.stdout
        self.width = max((len(n) for n, _ in procs), default=3)
        self.low = _env_float("SUPERVISE_BACKOFF_MIN", 1.0)
        self.high = _env_float("SUPERVISE_BACKOFF_MAX", 60.0)
        self.stable = _env_float("SUPERVISE_STABLE_AFTER", 30.0)
        self.stopping = threading.Event()
        self.exit_code = 0
        self._write_lock = threading.Lock()

    # -- output ------------------------------------------------------------------------
    def _emit(self, name: str, text: str) -> None:
        with self._write_lock:
            self.out.write(f"{time.strftime('%H:%M:%S')} {name.ljust(self.width)} | {text}\n")
            self.out.flush()

    def log(self, text: str) -> None:
        self._emit("supervise", text)

    def _pump(self, proc: Proc, stream) -> None:
        for line in iter(stream.readline, ""):
            self._emit(proc.name, line.rstrip("\n"))
        stream.close()

    # -- processes -----------------------------------------------------------------------
    def start(self, proc: Proc) -> None:
        proc.popen = subprocess.Popen(
            proc.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
            errors="replace", bufsize=1, preexec_fn=_die_with_parent if _PRCTL is not None else None,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        proc.started_at = time.monotonic()
        proc.restart_at = None
        proc.reader = threading.Thread(target=self._pump, args=(proc, proc.popen.stdout), daemon=True)
        proc.reader.start()
        self.log(f"started {proc.name} (pid {proc.popen.pid}): {shlex.join(proc.argv)}")

    @staticmethod
    def describe(code: int) -> str:
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def reap(self, proc: Proc, code: int) -> None:
        ran = time.monotonic() - proc.started_at
        proc.popen = None  # its reader thread ends by itself at the end of its output
        if self.stopping.is_set():
            return
        if proc.name == ESSENTIAL:
            self.log(f"{proc.name} stopped ({self.describe(code)}) after {ran:.1f} s: stopping everything")
            self.exit_code = code if code > 0 else 1
            self.stopping.set()
            return
        proc.restarts = 1 if ran >= self.stable else proc.restarts + 1
        delay = backoff(proc.restarts, self.low, self.high)
        proc.restart_at = time.monotonic() + delay
        self.log(f"{proc.name} stopped ({self.describe(code)}) after {ran:.1f} s: restarting in {delay:g} s "
                 f"(restart {proc.restarts})")

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, _frame: self._on_signal(signum))
        for proc in self.procs:
            self.start(proc)
        while not self.stopping.is_set():
            now = time.monotonic()
            for proc in self.procs:
                if proc.popen is not None:
                    code = proc.popen.poll()
                    if code is not None:
                        self.reap(proc, code)
                elif proc.restart_at is not None and now >= proc.restart_at and not self.stopping.is_set():
                    self.start(proc)
            self.stopping.wait(0.2)
        self.shutdown()
        return self.exit_code

    def _on_signal(self, signum: int) -> None:
        if not self.stopping.is_set():
            self.log(f"{signal.Signals(signum).name}: stopping")
        self.stopping.set()

    def shutdown(self, grace: float = 10.0) -> None:
        running = [p for p in self.procs if p.popen is not None and p.popen.poll() is None]
        for p in running:
            p.popen.terminate()
        deadline = time.monotonic() + grace
        for p in running:
            try:
                p.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"{p.name} did not stop in {grace:g} s: killing it")
                p.popen.kill()
                p.popen.wait()
        for p in self.procs:
            if p.reader is not None:
                p.reader.join(2)
        self.log("stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procfile", default=str(Path(__file__).resolve().parent.parent / "Procfile"))
    args = parser.parse_args(argv)
    procs = parse_procfile(Path(args.procfile).read_text(), dict(os.environ))
    if not procs:
        raise SystemExit(f"{args.procfile}: no processes")
    return Supervisor(procs).run()


if __name__ == "__main__":
    sys.exit(main())
