"""Elasticsearch / OpenSearch backend.

Each kind has an alias ``<prefix>_<kind>`` pointing at one physical index
``<prefix>_<kind>_v<mapping version>_<timestamp>``.  Writes go through the
alias with external versioning (``version_type=external_gte``: an older
version is rejected with 409 and counted as stale; re-sending the same
version is harmless).  :meth:`ElasticBackend.rebuild` fills a new physical
index and moves the alias in a single ``_aliases`` call; writes made by this
process during a rebuild also go to the new index, so they are not lost.

The generation marker of a rebuilt index is the mapping's ``_meta.generation``; an index
created by :meth:`ElasticBackend.ensure_index` (a write to a missing alias) has none.
Searches read it through ``GET /<alias>/_mapping``, cached for ``GENERATION_TTL_S``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping as MappingABC
from itertools import islice
from typing import Any, Literal

from .base import Backend, BulkResult, SearchError, SearchQuery, SearchResult
from .documents import ID_NUM, prepare
from .es_http import ElasticsearchHttp, Http, HttpError, OpenSearchHttp, ndjson
from .es_query import count_body, index_body, parse_facets, search_body, stored_body, to_source
from .understanding import TextPlan

__all__ = ["ElasticBackend"]

BULK_CHUNK = 1000
GENERATION_TTL_S = 1.0  # how long a search trusts the generation it last read


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class ElasticBackend(Backend):
    name = "elastic"

    def __init__(self, http: Http, *, prefix: str = "gc") -> None:
        self.http = http
        self.prefix = prefix
        self._ensured: set[str] = set()
        self._building: dict[str, str] = {}
        self._lock = threading.Lock()
        self._generations: dict[str, tuple[float, str | None]] = {}

    @classmethod
    def connect(
        cls, url: str, *, client: Literal["elasticsearch", "opensearch"] = "elasticsearch", prefix: str = "gc"
    ) -> ElasticBackend:
        """Connect to ``url`` with the official client of that flavour (probes the server once)."""
        http: Http = OpenSearchHttp(url) if client == "opensearch" else ElasticsearchHttp(url)
        return cls(http, prefix=prefix)

    @property
    def distribution(self) -> str:
        return self.http.distribution

    def alias(self, kind: str) -> str:
        return f"{self.prefix}_{kind}"

    def ping(self) -> bool:
        try:
            self.http.request("GET", "/")
        except SearchError:
            return False
        return True

    def close(self) -> None:
        self.http.close()

    # -- index management ------------------------------------------------------------
    def _create_physical(self, kind: str, generation: str | None = None) -> str:
        mapping = self.mapping(kind)
        name = f"{self.alias(kind)}_v{mapping.version}_{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:6]}"
        body = index_body(mapping)
        if generation:
            body["mappings"]["_meta"] = {"generation": generation}
        self.http.request("PUT", f"/{name}", body)
        return name

    def generation(self, kind: str) -> str | None:
        try:
            resp = self.http.request("GET", f"/{self.alias(kind)}/_mapping")
        except HttpError as exc:
            if exc.status == 404:
                return None
            raise
        metas = [(body.get("mappings") or {}).get("_meta") or {} for body in resp.values()]
        generations = {m.get("generation") for m in metas}
        value = generations.pop() if len(generations) == 1 else None  # several indexes behind one alias: not ours
        self._generations[kind] = (time.monotonic(), value)
        return str(value) if value else None

    def _recent_generation(self, kind: str) -> str | None:
        cached = self._generations.get(kind)
        if cached is not None and time.monotonic() - cached[0] < GENERATION_TTL_S:
            return cached[1]
        return self.generation(kind)

    def _physical(self, kind: str) -> list[str]:
        try:
            return sorted(self.http.request("GET", f"/_alias/{self.alias(kind)}"))
        except HttpError as exc:
            if exc.status == 404:
                return []
            raise

    def _concrete(self, kind: str) -> bool:
        """Is there an index (not an alias) named like the alias?"""
        try:
            return self.alias(kind) in self.http.request("GET", f"/{self.alias(kind)}/_mapping")
        except HttpError as exc:
            if exc.status == 404:
                return False
            raise

    def ensure_index(self, kind: str) -> None:
        if kind in self._ensured:
            return
        with self._lock:
            if not self._physical(kind):
                name = self._create_physical(kind)
                self.http.request("POST", "/_aliases", {"actions": [{"add": {"index": name, "alias": self.alias(kind)}}]})
            self._ensured.add(kind)

    def rebuild(self, kind: str, docs: Iterable[MappingABC[str, Any]], *, generation: str | None = None) -> int:
        new = self._create_physical(kind, generation)
        self._building[kind] = new
        try:
            total = 0
            for chunk in _chunks(docs, BULK_CHUNK):
                total += self._bulk_index(kind, [new], chunk).indexed
            self.http.request("POST", f"/{new}/_refresh")
            old = self._physical(kind)
            actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": self.alias(kind)}} for o in old]
            if not old and self._concrete(kind):
                # a write to the missing alias auto-created an index under its name: replace it
                actions.append({"remove_index": {"index": self.alias(kind)}})
            actions.append({"add": {"index": new, "alias": self.alias(kind)}})
            self.http.request("POST", "/_aliases", {"actions": actions})
        except BaseException:
            self._building.pop(kind, None)
            self._delete_index(new)
            raise
        self._building.pop(kind, None)
        self._generations.pop(kind, None)
        self._ensured.add(kind)
        for o in old:
            self._delete_index(o)
        return total

    def _delete_index(self, name: str) -> None:
        try:
            self.http.request("DELETE", f"/{name}")
        except HttpError as exc:
            if exc.status != 404:
                raise

    # -- writing -------------------------------------------------------------------
    def _targets(self, kind: str) -> list[str]:
        building = self._building.get(kind)
        return [self.alias(kind)] + ([building] if building else [])

    def _bulk_index(self, kind: str, targets: list[str], docs: list[MappingABC[str, Any]]) -> BulkResult:
        mapping = self.mapping(kind)
        lines: list[dict[str, Any]] = []
        for doc in docs:
            p = prepare(mapping, doc)
            source = to_source(p)
            for target in targets:
                lines.append({"index": {"_index": target, "_id": p["id"], "version": p["version"], "version_type": "external_gte"}})
                lines.append(source)
        result = BulkResult()
        if not lines:
            return result
        resp = self.http.request("POST", "/_bulk", ndjson(lines))
        for item, target in zip(resp["items"], [t for _ in docs for t in targets]):
            status = item["index"]["status"]
            primary = target == targets[0]
            if status == 409:
                result.stale += primary
            elif status >= 300:
                raise SearchError(f"bulk index failed: {item['index'].get('error')}")
            else:
                result.indexed += primary
        return result

    def bulk_upsert(self, kind: str, docs: Iterable[MappingABC[str, Any]]) -> BulkResult:
        self.ensure_index(kind)
        result = BulkResult()
        for chunk in _chunks(docs, BULK_CHUNK):
            part = self._bulk_index(kind, self._targets(kind), chunk)
            result.indexed += part.indexed
            result.stale += part.stale
        return result

    def delete(self, kind: str, ids: Iterable[str]) -> None:
        self.ensure_index(kind)
        for chunk in _chunks(ids, BULK_CHUNK):
            lines = [{"delete": {"_index": t, "_id": str(i)}} for i in chunk for t in self._targets(kind)]
            resp = self.http.request("POST", "/_bulk", ndjson(lines))
            for item in resp["items"]:
                if item["delete"]["status"] >= 300 and item["delete"]["status"] != 404:
                    raise SearchError(f"bulk delete failed: {item['delete'].get('error')}")

    def refresh(self, kind: str) -> None:
        self.ensure_index(kind)
        self.http.request("POST", f"/{self.alias(kind)}/_refresh")

    # -- reading -------------------------------------------------------------------
    def _read(self, kind: str, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """POST a read request to the alias; None if the index does not exist yet, or if an index that is
        not ours (e.g. auto-created by a write after ours was deleted: dynamic mapping, no generation)
        rejects the request: such an index answers nothing, like a missing one.

        A rebuild deletes the replaced index right after moving the alias: a search that resolved the
        alias just before the move can find its index gone (404) or some shards failed (a partial,
        emptier answer). Such a search is asked once more, on the alias that now names the new index."""
        for attempt in range(2):
            try:
                resp = self.http.request("POST", f"/{self.alias(kind)}/{path}", body)
            except HttpError as exc:
                if exc.status == 404 and attempt == 0:
                    continue
                if exc.status == 404 or (exc.status == 400 and self.generation(kind) is None):
                    return None
                raise
            if attempt == 0 and int((resp.get("_shards") or {}).get("failed") or 0):
                continue
            return resp
        raise AssertionError("unreachable")

    def count(self, kind: str) -> int:
        resp = self._read(kind, "_count", {"query": {"match_all": {}}})
        return 0 if resp is None else int(resp["count"])

    def ids_and_versions(self, kind: str) -> dict[str, int]:
        out: dict[str, int] = {}
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"size": 5000, "version": True, "_source": False, "sort": [{ID_NUM: "asc"}]}
            if after is not None:
                body["search_after"] = after
            resp = self._read(kind, "_search", body)
            hits = [] if resp is None else resp["hits"]["hits"]
            for h in hits:
                out[h["_id"]] = int(h["_version"])
            if len(hits) < 5000:
                return out
            after = hits[-1]["sort"]

    def _search_plan(self, kind: str, query: SearchQuery, plan: TextPlan) -> SearchResult:
        mapping = self.mapping(kind)
        resp = self._read(kind, "_search", search_body(mapping, query, plan))
        if resp is None:
            return SearchResult(ids=[], total=0, facets={name: [] for name in query.facets})
        hits = resp["hits"]["hits"]
        result = SearchResult(ids=[h["_id"] for h in hits], total=int(resp["hits"]["total"]["value"]),
                              generation=self._recent_generation(kind))
        if query.sort == "relevance":
            result.scores = [float(h["_score"]) for h in hits]
        elif query.sort == "distance":
            result.scores = [float(h["sort"][0]) for h in hits]
        if query.facets:
            result.facets = parse_facets(mapping, resp.get("aggregations", {}), query.facets)
        for h in hits:
            if h.get("highlight"):
                result.highlights[h["_id"]] = {f: frags[0] for f, frags in h["highlight"].items() if frags}
        return result

    def _count_plan(self, kind: str, query: SearchQuery, plan: TextPlan) -> int:
        resp = self._read(kind, "_count", count_body(self.mapping(kind), query, plan))
        return 0 if resp is None else int(resp["count"])

    def _stored(self, kind: str, query: SearchQuery, plan: TextPlan, size: int, fields: list[str]) -> list[dict[str, str]]:
        resp = self._read(kind, "_search", stored_body(self.mapping(kind), plan, size, fields))
        return [] if resp is None else [{f: h.get("_source", {}).get(f) or "" for f in fields} for h in resp["hits"]["hits"]]

    def term_counts(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        """Documents with each term in some text field (one request: a filter aggregation per term)."""
        terms = list(terms)
        if not terms:
            return {}
        fields = [f.name for f in self.mapping(kind).text_fields]
        aggs = {f"t{i}": {"filter": {"bool": {"should": [{"term": {f: t}} for f in fields]}}} for i, t in enumerate(terms)}
        resp = self._read(kind, "_search", {"size": 0, "track_total_hits": False, "aggs": aggs})
        if resp is None:
            return {t: 0 for t in terms}
        got = resp.get("aggregations", {})
        return {t: int(got.get(f"t{i}", {}).get("doc_count", 0)) for i, t in enumerate(terms)}
