"""Engines for the search contract tests: tantivy always, osmem-server through both
HTTP clients, and a real cluster when ``SEARCH_URL`` is an http(s) URL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from osmem_server import OsmemServer

from search import Backend, backend_from_url

from .data import DOCS

_REAL = os.environ.get("SEARCH_URL", "")
ENGINES = ["tantivy", "es-client@osmem", "opensearch-py@osmem"]
if _REAL.startswith(("http://", "https://", "opensearch+http")):
    ENGINES.append("real")


@pytest.fixture(scope="session")
def osmem_server() -> Iterator[OsmemServer]:
    """One in-memory OpenSearch-compatible server for the session (overrides the plugin's)."""
    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


def _url(engine: str, osmem: Callable[[], OsmemServer], tmp: Path) -> str:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    if engine == "tantivy":
        return f"tantivy://{tmp / prefix}"
    if engine == "real":
        sep = "&" if "?" in _REAL else "?"
        return f"{_REAL}{sep}prefix={prefix}"
    host = osmem().url.split("://", 1)[1]
    scheme = "http" if engine == "es-client@osmem" else "opensearch+http"
    return f"{scheme}://{host}?prefix={prefix}"


@pytest.fixture
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Backend]]:
    """Factory of fresh, empty backends (own directory or index prefix) for mutating tests."""
    made: list[Backend] = []

    def make(engine: str) -> Backend:
        backend = backend_from_url(_url(engine, lambda: request.getfixturevalue("osmem_server"), tmp_path))
        made.append(backend)
        return backend

    yield make
    for backend in made:
        backend.close()


@pytest.fixture(scope="module", params=ENGINES)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """A backend per engine holding the reference corpus (read-only tests)."""
    tmp = tmp_path_factory.mktemp("loaded")
    backend = backend_from_url(_url(request.param, lambda: request.getfixturevalue("osmem_server"), tmp))
    backend.ensure_index("listing")
    backend.bulk_upsert("listing", DOCS)
    backend.refresh("listing")
    yield backend
    backend.close()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)
