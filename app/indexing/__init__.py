"""Outbox → documents → search backend. The only caller of `search/` writes.

- Domains register how to build a document per kind from their `init_app`:
  `register_document_builder(app, kind, build_one, build_all, build_many)`; indexing imports no domain.
  `build_one(id)` re-reads the CURRENT row from SQL and returns the document, or None when the object must
  not be searchable (unpublished, suspended organisation, deleted…) — then it is deleted from the index.
- Work that must follow a committed change off the request path registers
  `register_after_index(app, kind, fn)`: the indexer calls `fn({id: document})` after writing them.
- Services write `search_outbox` rows in their own transaction (`notifications.services.enqueue_index`).
- One indexer process (`flask search sync --follow`) drains the outbox in batches: claim rows, rebuild the
  documents from SQL, bulk upsert/delete, and delete the outbox rows only after the engine acknowledged.
  On failure the rows stay, with attempts/last_error and an exponential `available_at` backoff.
  The indexer holds a lock file, so a second indexer waits or exits with a clear message (tantivy also
  allows only one writer per index across processes).
- Web workers only read: `get_backend(app)` gives a read-only view of the configured engine.
- `search_health()` tells pages when search is degraded (engine unreachable or outbox backlog too old).

- The index knows it is whole (`state`): a rebuild writes a generation marker with the index and records
  it in `search_index_state`; readers compare (a missing, emptied, unreadable or foreign index → results
  carry `degraded = "index_incomplete"`), and the indexer checks every SEARCH_VERIFY_INTERVAL seconds and
  rebuilds such an index from SQL by itself.

Modules: `registry` (document builders), `backends` (opening the engine, read-only view), `health`,
`state` (generations), `indexer` (the writer), `maintenance` (check, repair, status).
Callers import from `app.indexing`; `cli` is the `flask search` command group.
"""
from .backends import ReadOnlyBackend, close_backends, get_backend, open_backend  # noqa: F401
from .health import Health, outbox_backlog, pending_query, search_health  # noqa: F401
from .indexer import (  # noqa: F401
    MAX_BACKOFF_S,
    REINDEX_OP,
    DrainStats,
    Indexer,
    IndexerBusy,
    backoff_seconds,
    lock_path,
    request_reindex,
)
from .maintenance import Difference, check, describe, enqueue_all  # noqa: F401
from .state import INCOMPLETE, SearchIndexState, expected_generation, index_problem  # noqa: F401
from .registry import (  # noqa: F401
    BuildAll,
    BuildMany,
    BuildOne,
    DocumentBuilder,
    after_index_hooks,
    builders,
    register_after_index,
    register_document_builder,
)
