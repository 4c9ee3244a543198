"""Vietnamese syllables: tones and marks, validity, Telex/VNI leftovers and mark-consistent completions.

Vietnamese is written one syllable per word: ``onset + rime`` with one of six tones.  This module
knows the onsets and rimes of the standard orthography (a rule table, no dictionary), which is
enough to

* tell whether a string is a possible syllable (:func:`is_syllable`);
* undo text typed with the input method switched off: Telex (``hoopj`` → ``hộp``, ``giaays`` →
  ``giấy``, ``phaan huyr`` → ``phân hủy``) and VNI (``tui1`` → ``túi``, ``giay61`` → ``giấy``), see
  :func:`input_method_word`;
* list the folded words a half-typed, *marked* prefix can still become (:func:`completions`):
  ``giấ`` can only end as ``giấc giấm giấn giấng giấp giất giấu giấy``, so it never completes to
  ``giá`` or ``giao``.

Telex rules (the VNI digits in brackets): ``aa â`` [a6] ``aw ă`` [a8] ``ee ê`` [e6] ``oo ô`` [o6]
``ow ơ`` [o7] ``uw ư`` [u7] ``uow ươ`` [u7o7] ``w ư`` ``dd đ`` [d9]; tones ``s`` sắc [1] ``f`` huyền
[2] ``r`` hỏi [3] ``x`` ngã [4] ``j`` nặng [5], ``z`` [0] removes the tone.  Tone keys may be typed
anywhere after the onset (usually last).  The tone is written on the main vowel (the marked one, or
the last vowel before a final consonant, or the second of ``oa oe uy``, else the first).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from functools import lru_cache

__all__ = [
    "split_tone", "with_tone", "is_syllable", "telex_word", "vni_word", "input_method_word",
    "completions", "has_marks", "TONES",
]

# Combining tone marks: sắc, huyền, hỏi, ngã, nặng.
TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_MARK = {v: k for k, v in TONES.items()}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")

ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)
_CODA_STOPS = ("c", "ch", "p", "t")
# Rimes of the standard orthography, without tone (vowel marks kept).
_RIMES_TEXT = """
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e eo ec em en eng ep et
ê êu êch êm ên ênh êp êt
i ia iu ich im in inh ip it
iê iêu iêc iêm iên iêng iêp iêt
yê yêu yêm yên yêng yêt y
o oi oc om on ong op ot ooc oong
ô ôi ôc ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui uc um un ung up ut uôi uôc uôm uôn uông uôt
ư ưa ưi ưu ưc ưng ưt ưm ưn ươi ươu ươc ươm ươn ương ươp ươt ươ
oa oai oay oac oach oam oan oang oanh oap oat
oăc oăm oăn oăng oăt
oe oeo oen oet oem
uâ uân uâng uât uây
uê uênh uêch
uy uya uyu uych uynh uyt uyn uyp uyên uyêt
"""
RIMES = frozenset(_RIMES_TEXT.split())
_ONSETS_LONGEST = sorted(ONSETS, key=len, reverse=True)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def split_tone(word: str) -> tuple[str, int]:
    """``(word without its tone mark, tone 0-5)``, lowercase NFC; vowel marks and đ are kept.

    >>> split_tone("Giấy")
    ('giây', 1)
    """
    tone = 0
    out = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        t = TONES.get(ch)
        if t is None:
            out.append(ch)
        else:
            tone = t
    return _nfc("".join(out)), tone


def has_marks(word: str) -> bool:
    """True when ``word`` carries a Vietnamese tone or vowel mark, or đ."""
    base, tone = split_tone(word)
    return bool(tone) or any(ch in _MARKED_VOWELS or ch == "đ" for ch in base)


def _parse(base: str) -> tuple[str, str] | None:
    """(onset, rime) of a toneless syllable, or None."""
    for onset in _ONSETS_LONGEST:
        if base.startswith(onset):
            rime = base[len(onset):]
            if rime in RIMES:
                # "gi"/"qu" onsets need a vowel after them; plain "g"+"i" is "gi" (gì).
                return onset, rime
    return None


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case, marks optional) is a possible Vietnamese syllable.

    Syllables ending in c/ch/p/t only take the sắc or nặng tone.
    """
    base, tone = split_tone(word)
    parsed = _parse(base)
    if parsed is None:
        return False
    rime = parsed[1]
    return not (rime.endswith(_CODA_STOPS) and tone not in (0, 1, 5))


def _tone_position(onset: str, rime: str) -> int:
    """Index in ``onset + rime`` of the vowel that carries the tone."""
    start = len(onset)
    vowels = [i for i, ch in enumerate(rime) if ch in _VOWELS]
    if not vowels:
        return -1
    marked = [i for i in vowels if rime[i] in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # ươ → ơ, uyê → ê
    # Vowels followed by a final consonant: the last vowel.
    if vowels[-1] < len(rime) - 1:
        return start + vowels[-1]
    cluster = rime[vowels[0]: vowels[-1] + 1]
    if len(vowels) == 1:
        return start + vowels[0]
    if len(vowels) >= 3:
        return start + vowels[1]
    if cluster in ("oa", "oe", "uy"):
        return start + vowels[1]
    return start + vowels[0]


def with_tone(base: str, tone: int) -> str:
    """Write ``tone`` on the main vowel of a toneless syllable (``with_tone("giây", 1) == "giấy"``)."""
    if not tone:
        return base
    parsed = _parse(base)
    if parsed is None:
        pos = max((i for i, ch in enumerate(base) if ch in _VOWELS), default=-1)
    else:
        pos = _tone_position(*parsed)
    if pos < 0:
        return base
    return _nfc(base[: pos + 1] + _TONE_MARK[tone] + base[pos + 1:])


# -- input methods left switched off -------------------------------------------------------------
_TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5, "z": 0}
_TELEX_PAIRS = (("uow", "ươ"), ("uwow", "ươ"), ("uwo", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"),
                ("oo", "ô"), ("ow", "ơ"), ("uw", "ư"), ("w", "ư"))


def _finish(base: str, tone: int, *, partial: bool) -> str | None:
    if partial:
        return with_tone(base, tone) if completions(with_tone(base, tone)) else None
    return with_tone(base, tone) if is_syllable(with_tone(base, tone)) else None


def telex_word(word: str, *, partial: bool = False) -> str | None:
    """The syllable a Telex key sequence types (``hoopj`` → ``hộp``), or None when ``word`` uses no
    Telex key or does not give a possible syllable.  ``partial``: the word is still being typed
    (it only has to be the start of a syllable: ``giaa`` → ``giâ``)."""
    w = word.lower()
    if not w.isascii() or not w.isalpha() or len(w) > 10:
        return None
    onset = "đ" if w.startswith("dd") else ""
    rest = w[2:] if onset else w
    if not onset:
        for candidate in _ONSETS_LONGEST:
            after = rest[len(candidate):]
            # the onset is followed by a vowel ("gif" is g + ì, not gi + f)
            if candidate and candidate != "đ" and rest.startswith(candidate) and any(c in "aeiouyw" for c in after):
                onset = candidate
                rest = after
                break
    tone, used = 0, bool(onset == "đ")
    letters = []
    for ch in rest:
        if ch in _TELEX_TONES and letters and any(c in "aeiouyw" for c in letters):
            tone, used = _TELEX_TONES[ch], True
        else:
            letters.append(ch)
    rime = "".join(letters)
    for pair, mark in _TELEX_PAIRS:
        if pair in rime:
            rime = rime.replace(pair, mark, 1)
            used = True
    if not used or "w" in rime:
        return None
    return _finish(onset + rime, tone, partial=partial)


_VNI_MARKS = {"6": {"a": "â", "e": "ê", "o": "ô"}, "7": {"o": "ơ", "u": "ư"}, "8": {"a": "ă"}}


def vni_word(word: str, *, partial: bool = False) -> str | None:
    """The syllable a VNI key sequence types (``tui1`` → ``túi``, ``giay61`` → ``giấy``), or None."""
    w = word.lower()
    if not w.isascii() or not w.isalnum() or w.isalpha() or w.isdigit() or not w[0].isalpha():
        return None
    letters = list(ch for ch in w if ch.isalpha())
    tone = 0
    for digit in (ch for ch in w if ch.isdigit()):
        if digit in "012345":
            tone = int(digit)
        elif digit == "9":
            if not letters or letters[0] != "d":
                return None
            letters[0] = "đ"
        elif digit == "7" and "".join(letters).find("uo") >= 0:
            i = "".join(letters).find("uo")
            letters[i: i + 2] = ["ư", "ơ"]
        else:
            table = _VNI_MARKS[digit]
            idx = [i for i, ch in enumerate(letters) if ch in table]
            if idx:  # a repeated mark key (u7o7 after ươ) has nothing left to mark
                letters[idx[-1]] = table[letters[idx[-1]]]
    return _finish("".join(letters), tone, partial=partial)


def input_method_word(word: str, *, partial: bool = False) -> str | None:
    """Telex or VNI leftovers in ``word`` turned into the syllable meant; None if neither applies."""
    if any(ch.isdigit() for ch in word):
        return vni_word(word, partial=partial)
    return telex_word(word, partial=partial)


# -- completions of a marked prefix ---------------------------------------------------------------
@lru_cache(maxsize=1)
def _bases() -> list[str]:
    """Every toneless syllable (onset + rime), sorted (for prefix look-ups)."""
    out = set()
    for onset in ONSETS:
        for rime in RIMES:
            if onset in ("gi", "qu") and not rime[0] in _VOWELS:
                continue
            out.add(onset + rime)
    return sorted(out)


def _fold(text: str) -> str:
    text = text.replace("đ", "d")
    return _nfc("".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)))


@lru_cache(maxsize=4096)
def completions(prefix: str) -> frozenset[str]:
    """Folded syllables that a half-typed, marked word can become (empty: not a syllable's start).

    The tone typed so far must be the syllable's tone (``giá`` never becomes ``giấy``); without a
    tone typed yet, any tone fits.  ``completions("giấ") == {"giac", "giam", ..., "giay"}``.
    """
    base, tone = split_tone(prefix)
    bases = _bases()
    out = set()
    for i in range(bisect_left(bases, base), len(bases)):
        cand = bases[i]
        if not cand.startswith(base):
            break
        if tone and not is_syllable(with_tone(cand, tone)):
            continue
        out.add(_fold(cand))
    return frozenset(out)
