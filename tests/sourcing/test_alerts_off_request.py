"""Reverse matching runs in the indexer after the commit: creating a listing does no matching work, the
alerts arrive when the indexer has written the listing, a broken matcher never loses the index write."""
from __future__ import annotations

import pytest

from tests.sourcing.conftest import rfq_data


@pytest.fixture()
def swap_hook(app):
    """swap_hook(fn): the indexer calls `fn` instead of sourcing's listing hook (restored afterwards)."""
    from app import registries
    from app.indexing.registry import AFTER_INDEX
    from app.sourcing import alerts

    hooks = registries.of(app).lists[AFTER_INDEX]
    at = hooks.index(("listing", alerts.listings_indexed))

    def do(fn):
        hooks[at] = ("listing", fn)

    yield do
    hooks[at] = ("listing", alerts.listings_indexed)


def _notes(kind: str) -> int:
    from app.extensions import db
    from app.notifications.models import Notification

    return db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.kind == kind))


def test_creating_a_listing_runs_no_matching_and_the_indexer_alerts(app, producer, buyer, listing, sync, swap_hook):
    from app.sourcing import alerts, services

    ba, _borg, _buser = buyer()
    for i in range(3):
        services.create_rfq(ba, rfq_data(title=f"Hộp bã mía {i}"))
        services.save_search(ba, {"name": f"Bã mía {i}", "params": {"q": "bã mía"}})
    sync()
    calls = []
    swap_hook(lambda docs: calls.append(sorted(docs)) or alerts.listings_indexed(docs))

    pa, _porg = producer()
    item = listing(pa)
    assert calls == [] and _notes("sourcing.search_match") == 0, "no matching inside the producer's request"
    stats = sync()
    assert stats.indexed >= 1
    assert calls == [[item.id]]
    assert _notes("sourcing.search_match") == 3  # one per saved search
    sync()  # nothing new to index: nothing repeated
    assert _notes("sourcing.search_match") == 3


def test_a_failing_matcher_does_not_block_the_indexer(app, producer, buyer, listing, sync, swap_hook):
    from app.extensions import db
    from app.indexing import get_backend, outbox_backlog
    from app.sourcing import alerts, services
    from search import SearchQuery

    ba, _borg, _buser = buyer()
    services.save_search(ba, {"name": "Bã mía", "params": {"q": "bã mía"}})

    def broken(docs):
        alerts._remember("search", 1, next(iter(docs)))  # a half-done row that must not be committed
        raise RuntimeError("matcher bug")

    swap_hook(broken)
    pa, _porg = producer()
    item = listing(pa)
    sync()
    assert outbox_backlog()[0] == 0  # the outbox rows went: the batch committed
    ids = get_backend().search("listing", SearchQuery(text="bã mía", per_page=5)).ids
    assert str(item.id) in ids
    from app.sourcing.models import MatchAlert

    assert db.session.scalar(db.select(db.func.count(MatchAlert.id))) == 0
