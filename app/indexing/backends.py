"""Opening the configured search engine; the process-wide read-only view web workers use."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app


class ReadOnlyBackend:
    """What web workers get: searches only. Writing from a web worker would fight the indexer for
    tantivy's single writer lock, so it is refused here."""

    _READ = {"suggest", "count", "ids_and_versions", "ping", "mapping", "name", "generation", "search_plan"}

    def __init__(self, backend) -> None:
        self._backend = backend

    def __getattr__(self, name: str):
        if name not in self._READ:
            raise AttributeError(f"{name}: web workers never write the index; use the outbox")
        return getattr(self._backend, name)

    def search(self, kind: str, query):
        """The engine's answer, with `degraded` set when the index that answered is not the whole index
        this database expects (missing, emptied, unreadable or foreign: see `app.indexing.state`)."""
        from .state import index_problem

        result = self._backend.search(kind, query)
        result.degraded = result.degraded or index_problem(kind, result.generation)
        return result

    def index_problem(self, kind: str) -> str:
        """The same check without a search (e.g. for callers that search through other helpers)."""
        from .state import index_problem

        return index_problem(kind, self._backend.generation(kind))

    def close(self) -> None:
        self._backend.close()


_backend_lock = threading.Lock()


def _default_dir(app: Flask) -> str:
    return str(Path(app.instance_path) / "search")


def open_backend(app: Flask | None = None):
    """A new backend object for the configured SEARCH_URL (caller closes it). Raises SearchUnavailable."""
    from search import SearchUnavailable, backend_from_url

    app = app or current_app
    try:
        return backend_from_url(app.config.get("SEARCH_URL"), default_dir=_default_dir(app))
    except SearchUnavailable:
        raise
    except ValueError:
        raise
    except Exception as exc:  # connection refused at the probe, DNS…
        raise SearchUnavailable(f"cannot open the search engine: {exc}") from exc


def get_backend(app: Flask | None = None) -> ReadOnlyBackend:
    """The process-wide read-only backend for SEARCH_URL (opened lazily; retried after a failure)."""
    app = app or current_app
    url = app.config.get("SEARCH_URL") or ""
    cache: dict = app.extensions.setdefault("search_readers", {})
    backend = cache.get(url)
    if backend is None:
        with _backend_lock:
            backend = cache.get(url)
            if backend is None:
                backend = ReadOnlyBackend(open_backend(app))
                cache[url] = backend
    return backend


def close_backends(app: Flask) -> None:
    for backend in app.extensions.pop("search_readers", {}).values():
        try:
            backend.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
