"""Vietnamese text folding shared by every engine, at index and at query time.

Folding removes what users do not reliably type: tone marks and vowel marks
(``ă â ê ô ơ ư``), the letter ``đ`` (which Unicode does not decompose, so it is
mapped by hand) and case.  Both tone-placement conventions (``hủy``/``huỷ``,
``hòa``/``hoà``) fold to the same string, as do NFC and NFD inputs.

The engines fold the *indexed* text with their own analyzers (tantivy
``ascii_fold``, Elasticsearch/OpenSearch ``asciifolding``); :func:`fold` and
:func:`tokens` produce exactly the same tokens in Python for query strings,
which the backends then hand to the engines as pre-analysed terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["fold", "nfc", "tokens", "query_tokens", "QueryTokens", "edit_distance_for"]

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# A token is a run of letters or digits, like the engines' standard/simple tokenizers.
_TOKEN_RE = re.compile(r"[^\W_]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC form (what the engines index).

    Engines tokenise on letters/digits; a decomposed combining mark would split
    ``hủy`` into ``hu`` + ``y``, so every string is composed before indexing.
    """
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold Vietnamese (and other Latin) text: no marks, ``đ``→``d``, lowercase.

    >>> fold("Đà Nẵng")
    'da nang'
    >>> fold("huỷ") == fold("hủy") == "huy"
    True
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def tokens(text: str) -> list[str]:
    """Fold ``text`` and split it into word tokens (letters and digits)."""
    return _TOKEN_RE.findall(fold(text))


@dataclass(frozen=True)
class QueryTokens:
    """The folded tokens of a query string, and whether the last one is a prefix.

    A last word counts as "still being typed" when prefix mode is on and the
    query does not end with whitespace or punctuation.
    """

    terms: list[str]
    last_is_prefix: bool


def query_tokens(text: str, *, prefix: bool = False, max_terms: int = 16) -> QueryTokens:
    """Tokenise a user query; at most ``max_terms`` tokens are kept.

    >>> q = query_tokens("Ống hút tr", prefix=True)
    >>> q.terms, q.last_is_prefix
    (['ong', 'hut', 'tr'], True)
    """
    terms = tokens(text)[:max_terms]
    stripped = nfc(text)
    last_is_prefix = bool(prefix and terms and stripped and _TOKEN_RE.match(stripped[-1]))
    return QueryTokens(terms, last_is_prefix)


def edit_distance_for(term: str) -> int:
    """Typo tolerance for a folded term: 0 below 5 chars, 1 for 5-8, 2 from 9."""
    n = len(term)
    if n < 5:
        return 0
    return 1 if n <= 8 else 2
