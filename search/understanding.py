"""Query understanding: one place, every engine, every kind (listings, offers, providers, fairs, suggest).

:func:`run_search` turns what the user typed into a :class:`TextPlan` (engine-neutral: slots of
alternatives of terms) and runs it through the backend's primitives, in stages:

1. **Strict**: every word (or vocabulary phrase) must match.  A word the index knows matches exactly
   (plus vocabulary synonyms) and is never expanded into other words (``chống`` stays ``chống``).  A
   word the index does not know is first read as Telex/VNI typed with the input method off
   (``hoopj`` → ``hộp``, ``tui1`` → ``túi``); otherwise it matches within one edit (two from 9
   letters); for short syllables (1–4 letters) the edits are a letter missing, one too many, two
   swapped and (4 letters) one wrong, looked up in the index (:func:`short_edits`).  The last word, while typing (``prefix``), also matches as
   the start of longer words; with marks typed, only completions consistent with them
   (``giấ`` → ``giấy``, never ``giá``).
2. **Typo retry** of a short known word (1–4 letters: Vietnamese syllables, where one dropped
   letter makes another real word, ``tú giấy``): when the strict query found nothing (any short
   word), fewer than :data:`TYPO_RETRY_BELOW` (words typed without marks), or when the best hits
   only have a word with other marks than typed (``tú`` typed, only ``tự``/``từ`` found: that word
   is then read as its neighbours only).  Each such word in turn also matches the index's words one
   edit away; the reading that finds most is kept if it finds something (nothing found, or marks
   contradicted) or at least :data:`TYPO_RETRY_BELOW` documents.  Exact matches score above typo
   matches.
3. **Relaxation**, when nothing matched: the documents matching the most words, preferring to keep
   the rarer (more specific) words; the result says which words were dropped
   (``SearchResult.relaxed``).
4. **Did you mean**, when still nothing: a correction from the index's own words.

Scores: per word, the best field (dis-max, tie-breaker 0.3) of ``exact BM25 x field weight`` +
``FUZZY_BOOST x weight`` for a typo match + ``PREFIX_BOOST x weight`` for a completion; a vocabulary
alternative is scaled by its boost (synonyms below the typed words).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .highlight import osa_distance
from .syllables import completions, has_marks, input_method_word, is_syllable, split_tone
from .text import fold, nfc
from .vocabulary import Alternative, Vocabulary, load_vocabulary

_replace = replace  # Analysis.plan has an argument of that name

if TYPE_CHECKING:
    from .base import Backend, SearchQuery, SearchResult

__all__ = [
    "Term", "Alt", "Slot", "TextPlan", "Word", "Analysis", "analyse", "run_search", "run_suggest",
    "TYPO_RETRY_BELOW", "MATCH_ALL", "typo_distance", "completes_in",
]

TYPO_RETRY_BELOW = 5
MAX_WORDS = 16
SHORT = 4  # letters: a Vietnamese syllable
MAX_RELAX_PROBES = 24
MAX_TYPO_RETRIES = 4
MARK_CHECK_BELOW = 50  # strict hits below which marked short words are checked against the hits
MARK_CHECK_HITS = 20
COMMON_SHARE = 0.25  # typo readings into words found in more than this share of documents are ignored
PREFIX_ANY_FIELD_FROM = 2  # letters from which a half-typed word also completes in every text field
PREFIX_SHORT_FIELD_WEIGHT = 1.0  # fields weighted above this (title, material, organisation) complete from 1 letter
PREFIX_PHRASE_BOOST = 0.5  # a vocabulary phrase the typed words are the start of
LOOSE_PHRASE_BOOST = 0.5  # a vocabulary phrase's words apart, relative to the phrase
# Vietnamese function words: in a query with other words they are optional — "bàn chải tre cho khách
# sạn" finds the toothbrushes that say "khách sạn" without "cho".  Matched as typed (with its marks: "bằng"
# is one, "bàng" of cỏ bàng is not); typed without marks only the few whose folded form is not also a
# product word ("cua" may be cua or cưa, "la" lá, "do" đồ).
FUNCTION_WORDS = frozenset({"cho", "của", "và", "với", "để", "các", "những", "là", "bằng", "từ", "ở", "cái",
                            "chiếc", "loại", "một", "như", "này", "kia", "hay", "hoặc", "thì", "mà", "được"})
FUNCTION_WORDS_PLAIN = frozenset({"cho", "va", "cac", "chiec", "loai", "hoac", "duoc"})
_WORD_RE = re.compile(r"[^\W_]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def typo_distance(term: str) -> int:
    """Edits allowed for a word the index does not know: 1 up to 8 letters, 2 from 9."""
    return 1 if len(term) <= 8 else 2


def completes_in(weight: float, autocomplete: bool, term: Term) -> bool:
    """Whether a half-typed word completes in a field (both engines): autocomplete and heavy short
    fields from the first letter, every field from :data:`PREFIX_ANY_FIELD_FROM` letters or when the
    marks typed already limit the completions."""
    return (autocomplete or weight > PREFIX_SHORT_FIELD_WEIGHT or term.completions is not None
            or len(term.text) >= PREFIX_ANY_FIELD_FROM)


@dataclass(frozen=True)
class Term:
    """One folded word to match: exactly, within ``fuzzy`` edits, and/or as a prefix.

    ``completions``: for a prefix, the only longer words it may complete to (None: any).
    ``exact=False``: the word itself is not a possible match (a half-typed marked syllable).
    """

    text: str
    fuzzy: int = 0
    prefix: bool = False
    completions: frozenset[str] | None = None
    exact: bool = True
    variants: frozenset[str] = frozenset()  # other words it may be a typo of (scored like typo matches)


@dataclass(frozen=True)
class Alt:
    """One way a slot matches: all ``terms``, or a keyword ``field`` with one of ``values``."""

    terms: tuple[Term, ...] = ()
    boost: float = 1.0
    field: str | None = None
    values: tuple[str, ...] = ()
    phrase: bool = False  # the terms next to each other, in order (vocabulary phrases)


@dataclass(frozen=True)
class Slot:
    alts: tuple[Alt, ...]
    words: tuple[int, ...] = ()  # the query word positions it stands for (a vocabulary phrase: several)
    optional: bool = False  # a function word (cho, của, và…): scores when present, never required


@dataclass(frozen=True)
class TextPlan:
    """Every slot must match (an empty plan matches everything); with ``min_match``, documents
    matching slots worth at least that many query words (a slot is worth the words it stands for:
    Elasticsearch's ``minimum_should_match`` counted in words) — the relaxed query."""

    slots: tuple[Slot, ...] = ()
    min_match: int | None = None

    def weighted(self) -> list[Slot]:
        """Each slot as many times as the words it stands for (how engines count ``min_match``);
        optional slots do not count."""
        return [slot for slot in self.slots if not slot.optional for _ in range(max(1, len(slot.words)))]

    def terms(self) -> Iterable[Term]:
        for slot in self.slots:
            for alt in slot.alts:
                yield from alt.terms


MATCH_ALL = TextPlan()


@dataclass
class Word:
    typed: str  # as typed (NFC)
    text: str  # the folded word searched (Telex/VNI undone)
    display: str  # how to show it (accented when known)
    count: int  # documents with ``text``
    prefix: bool = False
    completions: frozenset[str] | None = None
    exact: bool = True
    converted: bool = False
    raw_prefix: str | None = None  # a half-typed word read as Telex/VNI: the letters as typed, still a prefix

    @property
    def known(self) -> bool:
        return self.count > 0


@dataclass
class Analysis:
    words: list[Word]
    vocabulary: Vocabulary

    variants: dict[int, frozenset[str]] = field(default_factory=dict)  # typo-retry readings per word
    short_variants: dict[str, frozenset[str]] = field(default_factory=dict)  # of unknown short words

    def plan(self, keep: Iterable[int] | None = None, typo: Iterable[int] = (), replace: Iterable[int] = ()) -> TextPlan:
        """The plan for the kept word positions (all by default); words in ``typo`` also match their
        :attr:`variants` (the typo retry), instead of themselves when also in ``replace``."""
        positions = list(range(len(self.words))) if keep is None else sorted(keep)
        typo = set(typo)
        replace = set(replace) & typo
        seq = [(i, self.words[i]) for i in positions]
        words = [w.text for _, w in seq]
        slots: list[Slot] = []
        j = 0
        while j < len(seq):
            match = self._vocabulary_match(seq, words, j, typo)
            completing = None
            if match is None and seq[-1][1].prefix and len(seq) - j >= 2:
                completing = self.vocabulary.completions(words, j)  # "phân bón hữ" → "phân bón hữu cơ"
            n = match[0] if match else (len(seq) - j if completing else 1)
            original = tuple(self._term(w, self.variants.get(i, frozenset()) if i in typo else frozenset(), i in replace)
                             for i, w in seq[j: j + n])
            alts = [Alt(original)]
            if n == 1 and seq[j][1].raw_prefix:  # "car" typed, read as Telex "cả": the letters also as typed
                alts.append(Alt((Term(seq[j][1].raw_prefix, prefix=True),)))
            vocab_alts: list[tuple[Alternative, float]] = [(alt, 1.0) for alt in (match[1] if match else ())]
            for phrase, phrase_alts in completing or ():
                vocab_alts.append((Alternative(phrase, 1.0), PREFIX_PHRASE_BOOST))
                vocab_alts += [(alt, PREFIX_PHRASE_BOOST) for alt in phrase_alts]
            for alt, scale in vocab_alts:
                if alt.field:
                    alts.append(Alt((), alt.boost * scale, alt.field, alt.values))
                else:
                    # scaled to the typed phrase's length: longer synonyms do not score more
                    boost = alt.boost * scale * n / len(alt.words)
                    terms = tuple(Term(t) for t in alt.words)
                    alts.append(Alt(terms, boost, phrase=len(alt.words) > 1))
                    # the words apart, lower (``túi … đựng rác`` for ``túi rác``); not with a word of 1-2
                    # letters, which folding makes ambiguous (``tự`` = ``từ``), unless it translates
                    # English words (``honeycomb paper`` → giấy … tổ ong)
                    if len(alt.words) > 1 and (alt.loose or min(len(t) for t in alt.words) > 2):
                        alts.append(Alt(terms, boost * LOOSE_PHRASE_BOOST))
            optional = n == 1 and not match and not completing and _function_word(seq[j][1])
            slots.append(Slot(tuple(alts), tuple(i for i, _ in seq[j: j + n]), optional))
            j += n
        if all(slot.optional for slot in slots):  # a query of function words only: they are the query
            slots = [_replace(slot, optional=False) for slot in slots]
        return TextPlan(tuple(slots))

    def _vocabulary_match(self, seq: list[tuple[int, Word]], words: list[str], j: int,
                          typo: set[int] = frozenset()) -> tuple[int, tuple[Alternative, ...]] | None:  # type: ignore[assignment]
        """The vocabulary phrase at ``j``; failing that, the longest one found when an unknown short
        word is read as one of its one-edit readings (``muỗg`` → muỗng: the synonyms of ``muỗng``
        apply; ``xà phòg`` → xà phòng)."""
        match = self.vocabulary.match(words, j)
        if match:
            return match
        best = None
        for p in range(j, min(len(words), j + self.vocabulary.longest)):
            pos, w = seq[p]
            if pos in typo:  # the typo retry's readings of a known word (thì → thìa: muỗng too)
                readings = self.variants.get(pos, frozenset())
            elif w.known or w.converted:
                continue
            else:
                readings = self.short_variants.get(w.text, frozenset())
            for v in sorted(readings):
                found = self.vocabulary.match(words[:p] + [v] + words[p + 1:], j)
                if found and p < j + found[0] and (best is None or found[0] > best[0]):
                    best = found
        return best

    def _term(self, w: Word, variants: frozenset[str], replace: bool = False) -> Term:
        if w.known or w.converted:
            return Term(w.text, 0, w.prefix, w.completions, w.exact and not replace, variants)
        if len(w.text) <= SHORT:  # unknown short word: the index's words one edit away
            return Term(w.text, 0, w.prefix, w.completions, w.exact, self.short_variants.get(w.text, frozenset()))
        return Term(w.text, typo_distance(w.text), w.prefix, w.completions, w.exact)

    @property
    def understood(self) -> str | None:
        """The query as read when Telex/VNI leftovers were undone (None otherwise)."""
        if not any(w.converted for w in self.words):
            return None
        return " ".join(w.display for w in self.words)

    def display(self, positions: Iterable[int]) -> str:
        return " ".join(self.words[i].display for i in sorted(positions))


def _function_word(w: Word) -> bool:
    if w.prefix or w.converted:
        return False
    typed = w.typed.lower()
    return typed in FUNCTION_WORDS or (not has_marks(typed) and typed in FUNCTION_WORDS_PLAIN)


def analyse(
    text: str, *, prefix: bool, counts: Callable[[set[str]], dict[str, int]], vocabulary: Vocabulary | None = None
) -> Analysis:
    """Split, fold and look up the words of a query (``counts``: documents per folded word)."""
    vocabulary = vocabulary or load_vocabulary()
    raw = nfc(text)
    typed = _WORD_RE.findall(raw)[:MAX_WORDS]
    last_prefix = bool(prefix and typed and raw and _WORD_RE.match(raw[-1]))
    folded = [fold(t) for t in typed]
    found = counts(set(folded)) if folded else {}
    words: list[Word] = []
    pending: dict[int, str] = {}
    for i, (t, f) in enumerate(zip(typed, folded)):
        is_prefix = last_prefix and i == len(typed) - 1
        # the vocabulary's accented form only for a word the index has ("gi" is not shown as "gỉ")
        w = Word(t, f, _display(t, f, vocabulary) if found.get(f, 0) else t.lower(), found.get(f, 0), prefix=is_prefix)
        words.append(w)
        if not w.known and t.isascii() and f not in vocabulary.words:  # "coir", "pot": English, not Telex
            conv = input_method_word(t, partial=is_prefix)
            if conv and fold(conv) != f:
                pending[i] = conv
    if pending:
        extra = counts({fold(c) for c in pending.values()} | {
            x for i, c in pending.items() if words[i].prefix for x in completions(c)})
        for i, conv in pending.items():
            w = words[i]
            options = {fold(conv)} | (set(completions(conv)) if w.prefix else set())
            if any(extra.get(o, 0) for o in options):
                if w.prefix:
                    w.raw_prefix = w.text
                w.text, w.display, w.count, w.converted = fold(conv), conv, extra.get(fold(conv), 0), True
                w.typed = conv
    for w in words:
        if w.prefix and has_marks(w.typed):
            comps = completions(w.typed)
            if comps:
                w.completions = comps
                w.exact = is_syllable(w.typed)
    analysis = Analysis(words, vocabulary)
    unknown_short = {w.text for w in words if not w.known and not w.converted and len(w.text) <= SHORT}
    if unknown_short:
        cands = {t: short_edits(t) for t in unknown_short}
        found = counts(set().union(*cands.values()))
        analysis.short_variants = {t: frozenset(e for e in c if found.get(e, 0)) for t, c in cands.items()}
    return analysis


def _display(typed: str, folded: str, vocabulary: Vocabulary) -> str:
    if has_marks(typed):
        return typed.lower()
    return vocabulary.display.get(folded, typed.lower())


# -- stages -----------------------------------------------------------------------------------
def run_search(backend: Backend, kind: str, query: SearchQuery) -> SearchResult:
    """The staged search described in the module docstring."""
    query.validate()
    counts = _counter(backend, kind)
    a = analyse(query.text, prefix=query.prefix, counts=counts)
    if not a.words:
        result = backend._search_plan(kind, query, MATCH_ALL)
        result.plan = MATCH_ALL
        return result
    plan = a.plan()
    result = backend._search_plan(kind, query, plan)
    typo: tuple[int, ...] = ()
    # a word nothing matches explains an empty result: relax, do not re-read the other words
    # an unknown word (already read by typo) explains an empty result: relax rather than re-read the others
    unknown = result.total == 0 and any(not (w.known or w.converted) for w in a.words)
    if len(a.words) > 1 and not unknown:
        plan, result, typo = _typo_retry(backend, kind, query, a, counts, plan, result)
    if result.total == 0 and len(a.words) > 1:
        relaxed = _relax(backend, kind, query, a, typo)
        if relaxed is not None:
            plan, result = relaxed, backend._search_plan(kind, query, relaxed)
            left_out = set(range(len(a.words))) - _relaxable(a)
            dropped = _dropped(backend, kind, query, relaxed, a, left_out)
            keep = [i for i in range(len(a.words)) if i not in dropped]
            result.relaxed = {
                "dropped": [a.words[i].display for i in sorted(dropped)],
                "query": a.display(keep),
                "matched": len(keep),
                "of": len(a.words),
            }
    if result.total == 0 and query.did_you_mean:
        result.did_you_mean = _did_you_mean(backend, kind, query, a)
    result.understood = a.understood
    result.plan = plan
    return result


def _typo_retry(backend: Backend, kind: str, query: SearchQuery, a: Analysis, counts: Callable[[set[str]], dict[str, int]],
                plan: TextPlan, result: SearchResult) -> tuple[TextPlan, SearchResult, tuple[int, ...]]:
    """Stage 2: another reading of one short known word (see the module docstring)."""
    total = result.total
    short = [i for i, w in enumerate(a.words)
             if w.known and not w.converted and len(w.text) <= SHORT and w.text.isalpha()]
    if not short or total >= MARK_CHECK_BELOW:
        return plan, result, ()
    mismatched = _mark_mismatches(backend, kind, query, plan, a, total, short) if total else set()
    if total == 0:
        candidates = {i: 1 for i in short}  # nothing matched: any short word may be the typo
    elif total < TYPO_RETRY_BELOW:
        candidates = {i: TYPO_RETRY_BELOW for i in short
                      if (not has_marks(a.words[i].typed) and is_syllable(a.words[i].text)) or i in mismatched}
    else:
        candidates = {}
    candidates.update({i: 1 for i in mismatched})  # the marks typed are in none of the hits
    if not candidates:
        return plan, result, ()
    _find_variants(backend, kind, a, counts, set(candidates))
    best, best_total, best_tone = None, total, False
    for i in _typo_suspects(a):
        if i not in candidates:
            continue
        # Switch to a reading that finds more, and at least `need`: something when the strict query
        # found nothing or the typed marks, a healthy number when it found a few exact matches.
        # A reading whose hits have the tone typed (thì → thìa, not gỗ → ngô) beats one that finds more.
        reading = a.plan(typo=[i], replace=mismatched)
        n = backend._count_plan(kind, query, reading)
        if not ((n > total or i in mismatched) and n >= candidates[i]):
            continue
        tone = _keeps_tone(backend, kind, query, reading, a, i)
        if best is None or (tone, n) > (best_tone, best_total):
            best, best_total, best_tone = i, n, tone
    if best is None:
        return plan, result, ()
    plan = a.plan(typo=[best], replace=mismatched)
    return plan, backend._search_plan(kind, query, plan), (best,)


def _counter(backend: Backend, kind: str) -> Callable[[set[str]], dict[str, int]]:
    cache: dict[str, int] = {}

    def counts(terms: set[str]) -> dict[str, int]:
        missing = {t for t in terms if t not in cache}
        if missing:
            cache.update(backend.term_counts(kind, missing))
            for t in missing:
                cache.setdefault(t, 0)
        return {t: cache[t] for t in terms}

    return counts


def _typo_suspects(a: Analysis) -> list[int]:
    """Known short words with typo readings, rarest first (a dropped letter often leaves another
    real syllable: ``tú`` for ``túi``)."""
    short = [i for i in a.variants if a.variants[i]]
    return sorted(short, key=lambda i: (a.words[i].count, i))[:MAX_TYPO_RETRIES]


@lru_cache(maxsize=8192)
def short_edits(word: str) -> frozenset[str]:
    """Typo readings of a short word: a letter missing, one too many, two swapped, and (4 letters)
    one wrong.  Replacing a letter of a 2-3 letter syllable gives too many unrelated words.
    (A pure function of the word: computed once per process.)"""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + c + b for a, b in splits for c in _ALPHABET}
    out |= {a + b[1:] for a, b in splits if b and len(word) > 1}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    if len(word) >= SHORT:
        out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out.discard(word)
    return frozenset(out)


def edits1(word: str) -> set[str]:
    """Every string one edit (insert, delete, replace, swap adjacent) away from ``word`` (a-z)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    out.discard(word)
    return out


@lru_cache(maxsize=8192)
def syllable_edits(word: str) -> frozenset[str]:
    """The possible syllables one edit away from ``word`` (typo-retry candidates; computed once per
    process: a pure function of the word)."""
    return frozenset(e for e in edits1(word) if e and is_syllable(e))


def _keeps_tone(backend: Backend, kind: str, query: SearchQuery, plan: TextPlan, a: Analysis, i: int) -> bool:
    """Whether the first hits of a typo reading of word ``i`` have one of its readings with the tone
    typed (True when no tone was typed: nothing to contradict)."""
    tone = split_tone(a.words[i].typed)[1]
    if not has_marks(a.words[i].typed):
        return True
    readings = a.variants.get(i, frozenset())
    fields = [f.name for f in backend.mapping(kind).text_fields if f.stored]
    for doc in backend._stored(kind, query, plan, MARK_CHECK_HITS, fields):
        for text in doc.values():
            for token in _WORD_RE.findall(text or ""):
                if fold(token) in readings and split_tone(token)[1] == tone:
                    return True
    return False


def _mark_mismatches(backend: Backend, kind: str, query: SearchQuery, plan: TextPlan, a: Analysis, total: int,
                     positions: list[int]) -> set[int]:
    """Positions of marked words that the best strict hits only contain with other vowel marks
    (``tú`` typed, only ``tự``/``từ`` found): the marks say the word is not the one the hits have.
    A tone alone differing (``giây`` for ``giấy``) is a slip on the right word, not a mismatch."""
    marked = {i: split_tone(a.words[i].typed)[0] for i in positions if has_marks(a.words[i].typed)}
    if not marked:
        return set()
    fields = [f.name for f in backend.mapping(kind).text_fields if f.stored]
    seen: dict[int, set[bool]] = {i: set() for i in marked}
    for doc in backend._stored(kind, query, plan, min(total, MARK_CHECK_HITS), fields):
        for text in doc.values():
            for token in _WORD_RE.findall(text or ""):
                f = fold(token)
                for i, typed in marked.items():
                    if f == a.words[i].text:
                        seen[i].add(split_tone(token)[0] == typed)  # same letters and vowel marks; any tone
    return {i for i, found in seen.items() if found and True not in found}


def _find_variants(backend: Backend, kind: str, a: Analysis, counts: Callable[[set[str]], dict[str, int]],
                   suspects: set[int] | None) -> None:
    """For each suspect known short word (all of them when ``suspects`` is None): the index's words
    one edit away that are possible syllables and not in most documents (a reading into a word
    nearly every document has explains nothing)."""
    short = {i: w for i, w in enumerate(a.words)
             if w.known and not w.converted and len(w.text) <= SHORT and w.text.isalpha()
             and (suspects is None or i in suspects)}
    if not short:
        return
    cands = {i: syllable_edits(w.text) for i, w in short.items()}
    found = counts(set().union(*cands.values()))
    limit = max(1, int(backend.count(kind) * COMMON_SHARE))
    for i, options in cands.items():
        a.variants[i] = frozenset(e for e in options if 0 < found.get(e, 0) <= limit)


def _relax(backend: Backend, kind: str, query: SearchQuery, a: Analysis, typo: tuple[int, ...]) -> TextPlan | None:
    """Stage 3: the documents matching the most query words (a vocabulary phrase counts its words),
    ranked by score: rarer words weigh more, so the most specific matches come first.  Words only a
    typo reading could match are left out (read by typo they could match half the index)."""
    keep = sorted(_relaxable(a))
    if not keep:
        return None
    plan = a.plan(keep=keep, typo=[i for i in typo if i in keep])
    if not plan.slots:
        return None
    n = len(plan.weighted())
    top = n if len(keep) < len(a.words) else n - 1  # all of them when something was left out
    for k in range(top, 0, -1):
        relaxed = replace(plan, min_match=k)
        if backend._count_plan(kind, query, relaxed):
            return relaxed
    return None


def _relaxable(a: Analysis) -> set[int]:
    """Positions relaxation keeps: words the index has, Telex/VNI readings, the half-typed last word and
    words the vocabulary reads (``coconut`` → dừa) — not unknown words only typo readings could match."""
    covered = {i for slot in a.plan().slots if len(slot.alts) > 1 for i in slot.words}
    return {i for i, w in enumerate(a.words) if w.known or w.converted or w.prefix or i in covered}


def _dropped(backend: Backend, kind: str, query: SearchQuery, plan: TextPlan, a: Analysis, unknown: set[int]) -> set[int]:
    """The query words the best relaxed hits do without: those of the slots the top hit lacks (the
    slots fewest of the first hits have, when its stored text cannot tell)."""
    fields = [f.name for f in backend.mapping(kind).text_fields if f.stored]
    docs = backend._stored(kind, query, plan, 10, fields) if fields else []
    matchers = [Matcher.of(TextPlan((slot,))) for slot in plan.slots]
    counted = [not slot.optional for slot in plan.slots]
    tokens = [{fold(t) for text in doc.values() for t in _WORD_RE.findall(text or "")} for doc in docs]
    have = [[any(m.matches(t) for t in toks) for m in matchers] for toks in tokens]
    missing = {j for j, ok in enumerate(have[0]) if not ok and counted[j]} if have else set()
    if not missing and have:
        counts = {j: sum(h[j] for h in have) for j in range(len(matchers)) if counted[j]}
        least = min(counts.values(), default=0)
        missing = {j for j, c in counts.items() if c == least and c < len(have)}
    out = {i for j in missing for i in plan.slots[j].words} | unknown
    if len(out) >= len(a.words):  # never say every word was dropped
        out = unknown if len(unknown) < len(a.words) else set()
    return out


def _did_you_mean(backend: Backend, kind: str, query: SearchQuery, a: Analysis) -> str | None:
    """A correction made of the index's own words (from the stored text of near matches)."""
    mapping = backend.mapping(kind)
    fields = [f.name for f in mapping.text_fields if f.stored]
    if not fields:
        return None
    out: list[str] = []
    changed = False
    from .base import SearchQuery as _Query

    for w in a.words:
        if w.known or w.converted:
            out.append(w.display)
            continue
        dist = 2 if len(w.text) > 2 else 1
        plan = TextPlan((Slot((Alt((Term(w.text, fuzzy=dist, prefix=w.prefix),)),)),))
        seen: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for doc in backend._stored(kind, _Query(), plan, 50, fields):
            for text in doc.values():
                for token in _WORD_RE.findall(text or ""):
                    f = fold(token)
                    if f != w.text and abs(len(f) - len(w.text)) <= dist and osa_distance(f, w.text, dist) <= dist:
                        seen[f] += 1
                        forms.setdefault(f, Counter())[token.lower()] += 1
        if not seen:
            out.append(w.display)
            continue
        best = min(seen, key=lambda f: (osa_distance(f, w.text, dist), -seen[f], f))
        out.append(forms[best].most_common(1)[0][0])
        changed = True
    if not changed:
        return None
    suggestion = " ".join(out)
    check = analyse(suggestion, prefix=False, counts=_counter(backend, kind))
    plain = replace(query, facets=[], page=1, per_page=1, highlight=False)
    return suggestion if backend._count_plan(kind, plain, check.plan()) else None


def run_suggest(backend: Backend, kind: str, text: str, size: int) -> list[str]:
    """Distinct suggest-field values for a half-typed query (same understanding as search)."""
    from .base import SearchQuery as _Query

    field_name = backend.mapping(kind).suggest_field
    if field_name is None:
        return []
    a = analyse(text, prefix=True, counts=_counter(backend, kind))
    if not a.words:
        return []
    out: list[str] = []
    for doc in backend._stored(kind, _Query(), a.plan(), size * 4, [field_name]):
        title = doc.get(field_name)
        if title and title not in out:
            out.append(title)
            if len(out) == size:
                break
    return out


@dataclass(frozen=True)
class Matcher:
    """What a plan matches, word by word (for highlighting on engines without it)."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    fuzzy: tuple[tuple[str, int], ...] = ()
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, plan: TextPlan) -> Matcher:
        exact: set[str] = set()
        prefixes: list[str] = []
        fuzzy: list[tuple[str, int]] = []
        for t in plan.terms():
            if t.exact:
                exact.add(t.text)
            if t.prefix:
                if t.completions is None:
                    prefixes.append(t.text)
                else:
                    exact.update(t.completions)
            if t.fuzzy:
                fuzzy.append((t.text, t.fuzzy))
            exact.update(t.variants)
        return cls(frozenset(exact), tuple(prefixes), tuple(fuzzy))

    def matches(self, folded: str) -> bool:
        hit = self._cache.get(folded)
        if hit is None:
            hit = (
                folded in self.exact
                or any(folded.startswith(p) for p in self.prefixes)
                or any(abs(len(folded) - len(t)) <= d and osa_distance(folded, t, d) <= d for t, d in self.fuzzy)
            )
            self._cache[folded] = hit
        return hit


def plan_summary(plan: TextPlan) -> dict[str, Any]:
    """A JSON-able description of a plan (debugging, tests)."""
    return {"slots": [[{"terms": [{k: sorted(v) if isinstance(v, frozenset) else v for k, v in t.__dict__.items()} for t in a.terms], "boost": a.boost, "field": a.field} for a in s.alts]
                      for s in plan.slots]}
