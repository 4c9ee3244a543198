"""HTML-safe highlighting of the original (accented) text, for engines without it.

Matching is done on folded tokens, so ``da nang`` marks ``Đà Nẵng``; typo and
prefix matches are marked too.  Everything outside ``<mark>`` is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .text import QueryTokens, edit_distance_for, fold

__all__ = ["Highlighter", "osa_distance"]

_WORD_RE = re.compile(r"[^\W_]+")


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (adjacent transposition costs 1), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


_fold_word = lru_cache(maxsize=65536)(fold)


@dataclass(frozen=True)
class Highlighter:
    """Marks words of a text that the query matched (exactly, by typo or by prefix).

    ``fuzzy[i]`` says whether word ``i`` of the query was matched by typo too (default: every word
    of 5+ letters); engines that skip typo expansion for some words pass their choice.
    """

    query: QueryTokens | None = None
    fragment_chars: int = 160
    fuzzy: tuple[bool, ...] | None = None
    matcher: Any = None  # search.understanding.Matcher: what a query plan matches (replaces query/fuzzy)
    _seen: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _matches(self, word: str) -> bool:
        known = self._seen.get(word)
        if known is None:
            known = self._seen[word] = self._match(_fold_word(word))
        return known

    def _match(self, folded: str) -> bool:
        if self.matcher is not None:
            return bool(self.matcher.matches(folded))
        assert self.query is not None
        terms = self.query.terms
        for i, term in enumerate(terms):
            if folded == term:
                return True
            if self.query.last_is_prefix and i == len(terms) - 1 and folded.startswith(term):
                return True
            dist = edit_distance_for(term) if self.fuzzy is None or self.fuzzy[i] else 0
            if dist and abs(len(folded) - len(term)) <= dist and osa_distance(folded, term, dist) <= dist:
                return True
        return False

    def highlight(self, text: str) -> str | None:
        """The marked-up text, or a fragment around the first match if the text is long; None without a match."""
        spans = [m.span() for m in _WORD_RE.finditer(text) if self._matches(m.group())]
        if not spans:
            return None
        start, end = 0, len(text)
        if len(text) > self.fragment_chars:
            start = max(0, spans[0][0] - self.fragment_chars // 4)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = min(len(text), start + self.fragment_chars)
            while end < len(text) and not text[end].isspace():
                end += 1
        out: list[str] = ["…" if start > 0 else ""]
        pos = start
        for s, e in spans:
            if s < start or e > end:
                continue
            out.append(html.escape(text[pos:s]))
            out.append(f"<mark>{html.escape(text[s:e])}</mark>")
            pos = e
        out.append(html.escape(text[pos:end]))
        out.append("…" if end < len(text) else "")
        return "".join(out)
