"""Provider search hydrates its hits with a fixed number of queries (no per-hit organisation or fleet
look-ups)."""
from __future__ import annotations

from tests.querycount import count_queries, fresh_session


def test_provider_search_hydration_queries_do_not_grow_with_hits(make_provider, sync):
    from app.logistics.provider_search import search_providers

    make_provider("Vận tải Một", fleet=[("road_diesel_hgv", 10, None), ("rail", 2, None)])
    assert sync().failed == 0
    fresh_session()
    with count_queries() as one:
        assert search_providers({}).total == 1
    for name in ("Vận tải Hai", "Vận tải Ba", "Vận tải Bốn"):
        make_provider(name, fleet=[("road_diesel_hgv", 10, None), ("rail", 2, None)])
    assert sync().failed == 0
    fresh_session()
    with count_queries() as four:
        page = search_providers({})
    assert page.total == 4 and all(len(i["fleet"]) == 2 for i in page.items)
    assert len(four) == len(one), "\n".join(four)
