"""One page of results as the `pager` macro (`templates/_macros.html`) reads it.

Mix `Pager` into a result class that has `total`, `page` and `per_page` (e.g. a dataclass). A search
that cannot page past a window overrides `reachable`.
"""
from __future__ import annotations

import math


class Pager:
    total: int
    page: int
    per_page: int

    @property
    def reachable(self) -> int:
        """How many results the pages can reach (all of them unless the engine caps the window)."""
        return self.total

    @property
    def pages(self) -> int:
        reachable = self.reachable
        return max(1, math.ceil(reachable / self.per_page)) if reachable else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
