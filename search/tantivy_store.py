"""On-disk layout, writer locking and reader refresh for the tantivy backend.

::

    <root>/<kind>/CURRENT          name of the live physical index (switched with os.replace)
    <root>/<kind>/<kind>.v1.<ts>/  tantivy index directories
    <root>/<kind>/<kind>.v1.<ts>/GENERATION   the marker written by a rebuild (JSON)
    <root>.locks/<kind>.lock       flock held by the single writer process

Readers never take a lock: before each search they ``stat`` ``CURRENT`` and the
live ``meta.json`` and reopen/reload only when one changed.  The writer keeps one
``IndexWriter`` per kind for the life of the process.

The writer lock lives *beside* the index directory, not in it: deleting the index
(by hand, or a broken disk) must not delete the lock a running writer holds, or a
second process would take a fresh lock file and both would write.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import tantivy

from .base import WriterBusy
from .mapping import Mapping
from .tantivy_schema import build_schema, register_tokenizers

__all__ = ["IndexHandle", "KindStore"]

POINTER = "CURRENT"
MARKER = "GENERATION"


def lock_dir(root: Path) -> Path:
    """Where the writer locks of the index at ``root`` live (outside ``root``)."""
    return root.parent / f"{root.name}.locks"


def read_marker(path: Path) -> str | None:
    """The generation written into a physical index directory by a rebuild (None: none or unreadable)."""
    try:
        data = json.loads((path / MARKER).read_text())
    except (OSError, ValueError):
        return None
    generation = data.get("generation") if isinstance(data, dict) else None
    return str(generation) if generation else None


def _sig(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


@dataclass
class IndexHandle:
    """One opened physical index and the meta.json signature it was loaded at."""

    name: str
    path: Path
    index: tantivy.Index
    meta_sig: tuple[int, int, int] | None
    generation: str | None = None

    def refresh(self) -> None:
        sig = _sig(self.path / "meta.json")
        if sig != self.meta_sig:
            self.index.reload()
            self.meta_sig = sig


class KindStore:
    """Everything about one kind's directory: pointer, physical indexes, writer."""

    def __init__(self, root: Path, mapping: Mapping, *, heap_bytes: int, threads: int) -> None:
        self.mapping = mapping
        self.dir = root / mapping.kind
        self.lock_path = lock_dir(root) / f"{mapping.kind}.lock"
        self.heap_bytes = heap_bytes
        self.threads = threads
        self.write_lock = threading.RLock()
        self._read_lock = threading.Lock()
        self._pointer_sig: tuple[int, int, int] | None = None
        self._handle: IndexHandle | None = None
        self._lock_fd: int | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._writer_handle: IndexHandle | None = None

    # -- reading -----------------------------------------------------------------
    def _open(self, name: str) -> IndexHandle:
        path = self.dir / name
        index = tantivy.Index.open(str(path))
        register_tokenizers(index)
        index.config_reader("manual")
        return IndexHandle(name, path, index, _sig(path / "meta.json"), read_marker(path))

    def current(self) -> IndexHandle | None:
        """The live index, reopened after a switch and reloaded after a commit; None if absent.

        A rebuild in another process may switch the pointer and remove the index this reader had
        open between our look at the pointer and the reload: then the pointer has moved on, and we
        look again (never answering from a removed index, which would read as an empty one)."""
        with self._read_lock:
            for attempt in range(4):
                sig = _sig(self.dir / POINTER)
                if sig is None:
                    return None
                try:
                    if sig != self._pointer_sig or self._handle is None:
                        name = (self.dir / POINTER).read_text().strip()
                        if self._handle is None or self._handle.name != name:
                            self._handle = self._open(name)
                        self._pointer_sig = sig
                    self._handle.refresh()
                    return self._handle
                except (OSError, ValueError):
                    if attempt == 3 or not self._pointer_moved():
                        raise  # the index the pointer names cannot be read: not a switch
                    self._handle, self._pointer_sig = None, None
            raise AssertionError("unreachable")

    def _pointer_moved(self) -> bool:
        """Does the pointer now name another index than the one we have open (or tried to open)?"""
        name = self._pointed()
        return name is not None and (self._handle is None or self._handle.name != name)

    def _pointed(self) -> str | None:
        """The name the pointer file holds now (None: no pointer)."""
        try:
            return (self.dir / POINTER).read_text().strip() or None
        except OSError:
            return None

    # -- writing -----------------------------------------------------------------
    def acquire(self) -> None:
        """Take the per-kind writer lock (once per store); raise WriterBusy if held elsewhere."""
        if self._lock_fd is not None:
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise WriterBusy(f"another process (pid {holder}) writes the {self.mapping.kind} index "
                             f"(lock {self.lock_path})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def new_physical(self) -> IndexHandle:
        """Create an empty physical index directory (not yet live, no marker)."""
        name = f"{self.mapping.kind}.v{self.mapping.version}.{time.strftime('%Y%m%dT%H%M%S')}.{uuid.uuid4().hex[:6]}"
        path = self.dir / name
        path.mkdir(parents=True)
        index = tantivy.Index(build_schema(self.mapping), path=str(path), reuse=False)
        register_tokenizers(index)
        index.config_reader("manual")
        return IndexHandle(name, path, index, _sig(path / "meta.json"))

    def open_writer(self, handle: IndexHandle) -> tantivy.IndexWriter:
        try:
            return handle.index.writer(self.heap_bytes, self.threads)
        except ValueError as exc:
            if "LockBusy" in str(exc):
                raise WriterBusy(str(exc)) from None
            raise

    @staticmethod
    def mark(handle: IndexHandle, generation: str) -> None:
        """Write the generation marker into a (complete, committed) physical index."""
        tmp = handle.path / f"{MARKER}.{uuid.uuid4().hex}"
        tmp.write_text(json.dumps({"generation": generation, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}))
        os.replace(tmp, handle.path / MARKER)
        handle.generation = generation

    def switch(self, handle: IndexHandle, writer: tantivy.IndexWriter) -> None:
        """Make ``handle`` live (pointer replaced atomically) with ``writer`` as the persistent writer.

        Stale physical directories are removed, except the one just replaced.
        """
        with self._read_lock:
            # The index being replaced is the one the pointer names on disk: readers in other processes
            # have it open even when this process never read it (a fresh `flask search reindex`).
            previous = {self._handle.name if self._handle else None, self._pointed()}
            tmp = self.dir / f"{POINTER}.{uuid.uuid4().hex}"
            tmp.write_text(handle.name)
            os.replace(tmp, self.dir / POINTER)
            self._handle = handle
            self._pointer_sig = _sig(self.dir / POINTER)
        self._writer = writer
        self._writer_handle = handle
        self._cleanup(keep={handle.name, *previous})

    def _cleanup(self, keep: set[str | None]) -> None:
        """Remove physical indexes other than the live one and the one just replaced.

        The replaced index is kept so that readers that looked at the pointer
        before the switch finish their search; it goes at the next switch.
        """
        for child in self.dir.iterdir():
            if child.is_dir() and child.name not in keep and child.name.startswith(f"{self.mapping.kind}.v"):
                shutil.rmtree(child, ignore_errors=True)

    def writer(self) -> tuple[IndexHandle, tantivy.IndexWriter]:
        """The persistent writer of the live index, creating an empty index (without a generation
        marker: not whole) when it is missing or unreadable."""
        self.acquire()
        if self._writer_handle is not None and not (self._writer_handle.path / "meta.json").exists():
            self.drop_writer()  # its directory was deleted under us: start again from the pointer
        if self._writer is None or self._writer_handle is None:
            try:
                live = self.current()
            except (OSError, ValueError):
                live = None  # a pointer to a deleted or corrupted index
            if live is None:
                fresh = self.new_physical()
                self.switch(fresh, self.open_writer(fresh))
            else:
                self._writer_handle = live
                self._writer = self.open_writer(live)
        assert self._writer is not None and self._writer_handle is not None
        return self._writer_handle, self._writer

    def drop_writer(self) -> None:
        """Close the persistent writer (releases tantivy's own lock of that directory)."""
        self._writer = None
        self._writer_handle = None

    def release(self) -> None:
        """Drop the writer and the lock."""
        self.drop_writer()
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None
