"""Range buckets that follow the data ("derived" range facets), the same on every engine.

A derived facet asks the engine for one range aggregation over a fixed ladder of "nice" boundaries
(1-2-5 × 10^n, see :func:`nice_ladder`) — a plain ``range`` aggregation that tantivy and
Elasticsearch/OpenSearch both answer exactly — and then merges adjacent ladder steps here, in Python,
into at most ``max_buckets`` buckets holding about the same number of documents (the quantiles of the
matching documents, rounded to ladder boundaries).  So:

* every boundary is a round number (50 000, 200 000, 1 000 000 …);
* every document with a value is counted in exactly one bucket and the counts add up to the number of
  matching documents with a value (they are sums of exact engine counts, nothing is estimated);
* both engines give the same buckets, because they give the same ladder counts.

Buckets are half-open, ``from <= value < to``; the first has no ``from`` ("under …") and the last no
``to`` ("… and more") unless every value lies in one ladder step, which is then shown with both bounds.
"""

from __future__ import annotations

from typing import Any

__all__ = ["nice_ladder", "merge_buckets", "bucket_key", "parse_bucket_key"]


def nice_ladder(low: float, high: float, steps: tuple[float, ...] = (1, 2, 5)) -> list[int]:
    """The boundaries ``steps × 10^n`` from ``low`` up to ``high`` (inclusive), ascending."""
    out: list[int] = []
    power = 1
    while power <= high:
        for s in steps:
            edge = int(s * power)
            if low <= edge <= high:
                out.append(edge)
        power *= 10
    return out


def bucket_key(lo: float | None, hi: float | None) -> str:
    """A bucket's value in facets and URLs: ``"50000-200000"``, ``"-50000"`` (under), ``"1000000-"``."""
    return f"{'' if lo is None else int(lo)}-{'' if hi is None else int(hi)}"


def parse_bucket_key(key: str) -> tuple[int | None, int | None]:
    """The inverse of :func:`bucket_key`; ValueError on anything else."""
    lo, sep, hi = str(key).partition("-")
    if not sep or not (lo or hi):
        raise ValueError(f"not a bucket key: {key!r}")
    return (int(lo) if lo else None, int(hi) if hi else None)


def _partition(counts: list[int], groups: int) -> list[int]:
    """Cut points (indexes where a new group starts) splitting ``counts`` (all groups non-empty) into
    ``groups`` contiguous groups whose sums are as equal as possible (least squares, dynamic programming
    over at most a few dozen steps)."""
    n = len(counts)
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    target = prefix[-1] / groups
    inf = float("inf")
    # best[g][i]: cost of splitting counts[:i] into g non-empty groups; cut[g][i]: start of the last group.
    best = [[inf] * (n + 1) for _ in range(groups + 1)]
    cut = [[0] * (n + 1) for _ in range(groups + 1)]
    best[0][0] = 0.0
    for g in range(1, groups + 1):
        for i in range(1, n + 1):
            for j in range(g - 1, i):
                size = prefix[i] - prefix[j]
                if size == 0 or best[g - 1][j] == inf:
                    continue
                cost = best[g - 1][j] + (size - target) ** 2
                if cost < best[g][i]:
                    best[g][i], cut[g][i] = cost, j
    starts: list[int] = []
    i = n
    for g in range(groups, 0, -1):
        j = cut[g][i]
        starts.append(j)
        i = j
    return sorted(starts)[1:]


def merge_buckets(edges: list[int], counts: list[int], max_buckets: int) -> list[dict[str, Any]]:
    """Merge ladder steps into at most ``max_buckets`` buckets of about equal size.

    ``edges`` are the ladder boundaries e_0 < … < e_{m-1}; ``counts`` the ``m + 1`` step counts:
    ``counts[0]`` below e_0, ``counts[i]`` in [e_{i-1}, e_i), ``counts[m]`` from e_{m-1} up.  Returns
    ``[{"value", "count", "from", "to"}]`` in ascending order; empty when no document has a value.
    """
    if len(counts) != len(edges) + 1:
        raise ValueError("one count per ladder step: len(edges) + 1")
    nonempty = [i for i, c in enumerate(counts) if c > 0]
    if not nonempty:
        return []
    lo_i, hi_i = nonempty[0], nonempty[-1]

    def lower(i: int) -> int | None:
        return edges[i - 1] if i > 0 else None

    def upper(i: int) -> int | None:
        return edges[i] if i < len(edges) else None

    if lo_i == hi_i:  # every value in one step: show that step with its own bounds
        lo, hi = lower(lo_i), upper(lo_i)
        return [{"value": bucket_key(lo, hi), "count": counts[lo_i], "from": lo, "to": hi}]
    span = counts[lo_i : hi_i + 1]
    groups = min(max_buckets, len(nonempty))
    starts = [lo_i + s for s in _partition(span, groups)]
    bounds = [None] + [edges[s - 1] for s in starts] + [None]  # open first and last buckets
    firsts = [lo_i] + starts + [hi_i + 1]
    out: list[dict[str, Any]] = []
    for k in range(len(firsts) - 1):
        count = sum(counts[firsts[k] : firsts[k + 1]])
        lo, hi = bounds[k], bounds[k + 1]
        out.append({"value": bucket_key(lo, hi), "count": count, "from": lo, "to": hi})
    return out
