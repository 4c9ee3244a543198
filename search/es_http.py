"""HTTP access to Elasticsearch and OpenSearch through their official clients.

The ``elasticsearch`` client always rewrites ``Content-Type``/``Accept`` to
``application/vnd.elasticsearch+json; compatible-with=N`` and refuses servers
that do not answer ``X-Elastic-Product: Elasticsearch``; OpenSearch (and
osmem-server) answer such requests with 406.  So :class:`ElasticsearchHttp`
probes ``GET /`` once with plain JSON through the client's own transport
(connection pool, retries, serialisers): an Elasticsearch cluster is then used
through the client API as usual (compatibility headers, product check), an
OpenSearch cluster (``version.distribution == "opensearch"``) through the same
transport with plain ``application/json``.  :class:`OpenSearchHttp` uses
``opensearch-py``, which speaks plain JSON anyway.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable
from typing import Any

from .base import SearchError, SearchUnavailable

__all__ = ["Http", "HttpError", "ElasticsearchHttp", "OpenSearchHttp", "ndjson"]

_JSON = {"accept": "application/json", "content-type": "application/json"}
_NDJSON = {"accept": "application/json", "content-type": "application/x-ndjson"}


class HttpError(SearchError):
    """A non-2xx answer that is the caller's business (404 missing index, 409 ...)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {str(body)[:500]}")
        self.status = status
        self.body = body


def ndjson(lines: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, default=str) + "\n" for line in lines)


def _check(status: int, body: Any) -> Any:
    if status >= 500:
        raise SearchUnavailable(f"search engine error {status}: {str(body)[:300]}")
    if status >= 400:
        raise HttpError(status, body)
    return body


class Http(abc.ABC):
    """One request style for both clients: JSON in, decoded JSON out."""

    @property
    @abc.abstractmethod
    def distribution(self) -> str:
        """``elasticsearch`` or ``opensearch``."""

    @abc.abstractmethod
    def request(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        """Send a request; ``str`` bodies are sent as NDJSON (``_bulk``, ``_msearch``)."""

    def close(self) -> None:
        """Close pooled connections."""


class ElasticsearchHttp(Http):
    """The official ``elasticsearch`` client, in compatibility mode only for Elasticsearch."""

    def __init__(self, url: str, *, request_timeout: float = 10.0) -> None:
        from elasticsearch import Elasticsearch

        self._client = Elasticsearch(url, request_timeout=request_timeout, max_retries=1, retry_on_timeout=True)
        self._distribution: str | None = None

    @property
    def distribution(self) -> str:
        """``elasticsearch`` or ``opensearch``, from ``GET /`` (probed once, on first use)."""
        if self._distribution is None:
            info = self._plain("GET", "/", None, None)
            self._distribution = str(info.get("version", {}).get("distribution", "elasticsearch"))
        return self._distribution

    def _plain(self, method: str, path: str, body: Any, params: dict[str, str] | None) -> Any:
        from elastic_transport import TransportError
        from urllib.parse import urlencode

        target = f"{path}?{urlencode(params)}" if params else path
        headers = _NDJSON if isinstance(body, str) else _JSON
        try:
            meta, data = self._client.transport.perform_request(method, target, headers=headers, body=body)
        except TransportError as exc:
            raise SearchUnavailable(f"search engine unreachable: {exc}") from exc
        return _check(meta.status, data)

    def request(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        if self.distribution == "opensearch":
            return self._plain(method, path, body, params)
        from elasticsearch import ApiError
        from elastic_transport import TransportError

        headers = _NDJSON if isinstance(body, str) else _JSON
        try:
            return self._client.perform_request(method, path, params=params, headers=headers, body=body).body
        except ApiError as exc:
            return _check(exc.meta.status, exc.body)
        except TransportError as exc:
            raise SearchUnavailable(f"search engine unreachable: {exc}") from exc

    def close(self) -> None:
        self._client.close()


class OpenSearchHttp(Http):
    """``opensearch-py`` (plain JSON)."""

    @property
    def distribution(self) -> str:
        return "opensearch"

    def __init__(self, url: str, *, request_timeout: float = 10.0) -> None:
        from opensearchpy import OpenSearch

        self._client = OpenSearch(hosts=[url], timeout=request_timeout, max_retries=1, retry_on_timeout=True)

    def request(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        from opensearchpy.exceptions import ConnectionError as OsConnectionError, TransportError

        headers = _NDJSON if isinstance(body, str) else _JSON
        try:
            return self._client.transport.perform_request(method, path, params=params, body=body, headers=headers)
        except OsConnectionError as exc:
            raise SearchUnavailable(f"search engine unreachable: {exc}") from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 500
            return _check(status, exc.info)

    def close(self) -> None:
        self._client.close()
