"""The versioned domain vocabulary (``search/vocabulary/<lang>.v<N>.json``) applied to queries.

A query phrase found in the vocabulary becomes one *slot* that matches the phrase as typed or any
of its alternatives: synonyms (both ways), narrower product words (one way: ``bao bì`` also finds
``hộp``), broader words (one way, lower: ``bàn chải đánh răng`` also finds a ``bàn chải``),
Vietnamese words for English product words (one way), and keyword values of the index
(``bao bì`` → category ``packaging``).  An alternative's own alternatives apply too, one level
deep and lower (``cutlery`` → ``thìa`` → ``muỗng``).  Phrases are matched on folded tokens, longest
first, so ``giấy kraft`` wins over ``giấy``; while the last word is being typed, the typed words
may be the start of a phrase (:meth:`Vocabulary.completions`).  The same alternatives go to every
engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import nfc, tokens

__all__ = ["Vocabulary", "Alternative", "load_vocabulary", "SYNONYM_BOOST", "NARROWER_BOOST", "ENGLISH_BOOST"]

VOCABULARY_DIR = Path(__file__).with_name("vocabulary")
SYNONYM_BOOST = 0.8  # a synonym scores below the words the buyer typed
NARROWER_BOOST = 0.6
BROADER_BOOST = 0.5  # a broader word (a toothbrush query also finds a "bàn chải" listing): below the rest
CHAIN_BOOST = 0.9  # an alternative's own alternatives, relative to it
ENGLISH_BOOST = 0.9  # English product word → the Vietnamese word listings use
FIELD_BOOST = 0.5


@dataclass(frozen=True)
class Alternative:
    """Another way a vocabulary phrase matches: folded words (all must match) or keyword values."""

    words: tuple[str, ...] = ()
    boost: float = 1.0
    field: str | None = None
    values: tuple[str, ...] = ()
    loose: bool = False  # also matched with its words apart whatever their length (English translations)


@dataclass(frozen=True)
class Vocabulary:
    version: int
    entries: dict[tuple[str, ...], tuple[Alternative, ...]]
    display: dict[str, str]  # folded word → accented form used by the vocabulary
    longest: int
    words: frozenset[str] = frozenset()  # every folded word of every phrase (never read as Telex)

    def match(self, words: list[str], start: int) -> tuple[int, tuple[Alternative, ...]] | None:
        """The longest vocabulary phrase at ``words[start:]``: (its length, alternatives), or None."""
        for n in range(min(self.longest, len(words) - start), 0, -1):
            alts = self.entries.get(tuple(words[start: start + n]))
            if alts:
                return n, alts
        return None

    def completions(self, words: list[str], start: int, limit: int = 4) -> list[tuple[tuple[str, ...], tuple[Alternative, ...]]]:
        """Vocabulary phrases that ``words[start:]`` is the start of, its last word half typed
        (``phân bón hữ`` → ``phân bón hữu cơ``); at most ``limit``, shortest first."""
        typed = words[start:]
        if not typed or not typed[-1]:
            return []
        head, last = tuple(typed[:-1]), typed[-1]
        found = [(key, alts) for key, alts in self.entries.items()
                 if len(key) >= len(typed) and key[: len(head)] == head and key[len(head)].startswith(last)
                 and (len(key) > len(typed) or key[-1] != last)]
        return sorted(found, key=lambda e: (len(e[0]), e[0]))[:limit]


def _add(entries: dict[tuple[str, ...], list[Alternative]], key: tuple[str, ...], alt: Alternative) -> None:
    if not key or alt.words == key:
        return
    bucket = entries.setdefault(key, [])
    if not any(b.words == alt.words and b.field == alt.field and b.values == alt.values for b in bucket):
        bucket.append(alt)


def _parse(raw: dict) -> Vocabulary:
    entries: dict[tuple[str, ...], list[Alternative]] = {}
    display: dict[str, str] = {}

    def folded(phrase: str) -> tuple[str, ...]:
        for word in nfc(phrase).lower().split():
            for tok in tokens(word):
                display.setdefault(tok, word)
        return tuple(tokens(phrase))

    for group in raw.get("synonyms", []):
        keys = [folded(p) for p in group]
        for key in keys:
            for other in keys:
                _add(entries, key, Alternative(other, SYNONYM_BOOST))
    for broad, narrower in raw.get("narrower", {}).items():
        for word in narrower:
            _add(entries, folded(broad), Alternative(folded(word), NARROWER_BOOST))
    for word, broader in raw.get("broader", {}).items():
        for other in broader:
            _add(entries, folded(word), Alternative(folded(other), BROADER_BOOST))
    for english, vietnamese in raw.get("english", {}).items():
        key = tuple(tokens(english))
        for word in vietnamese:
            _add(entries, key, Alternative(folded(word), ENGLISH_BOOST, loose=True))
    for phrase, fields in raw.get("fields", {}).items():
        for field, values in fields.items():
            _add(entries, folded(phrase), Alternative((), FIELD_BOOST, field, tuple(values)))
    direct = {k: list(v) for k, v in entries.items()}
    for key, alts in direct.items():  # one level of chaining: an alternative's own alternatives
        for alt in alts:
            for further in direct.get(alt.words, ()) if alt.words else ():
                if further.words and further.words != key:  # keyword values are not chained
                    _add(entries, key, Alternative(further.words, alt.boost * further.boost * CHAIN_BOOST))
    frozen = {k: tuple(v) for k, v in entries.items()}
    words = frozenset(w for k in frozen for w in k)
    return Vocabulary(int(raw["version"]), frozen, display, max((len(k) for k in frozen), default=0), words)


@lru_cache(maxsize=None)
def load_vocabulary(language: str = "vi", version: int | None = None) -> Vocabulary:
    """``<language>.v<version>.json`` (the highest version when None)."""
    if version is None:
        found = sorted(int(p.name.split(".v")[1].split(".")[0]) for p in VOCABULARY_DIR.glob(f"{language}.v*.json"))
        if not found:
            raise ValueError(f"no vocabulary for {language!r}")
        version = found[-1]
    path = VOCABULARY_DIR / f"{language}.v{version}.json"
    return _parse(json.loads(path.read_text(encoding="utf-8")))
