"""Unit tests for search.text (folding and query tokenisation) and the highlighter."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from search.highlight import Highlighter, osa_distance
from search.text import edit_distance_for, fold, nfc, query_tokens, tokens


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Đà Nẵng", "da nang"),
        ("hủy", "huy"),
        ("huỷ", "huy"),
        ("Hòa", "hoa"),
        ("hoà", "hoa"),
        ("ĐƯỜNG PHỐ", "duong pho"),
        ("Ống hút tre", "ong hut tre"),
        ("Bã mía", "ba mia"),
        ("plain ascii 123", "plain ascii 123"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded
    assert fold(unicodedata.normalize("NFD", raw)) == folded


def test_tokens_split_on_punctuation() -> None:
    assert tokens("Hộp bã-mía, 500ml/hộp (Đà Nẵng)") == ["hop", "ba", "mia", "500ml", "hop", "da", "nang"]
    assert tokens("  ") == []


def test_query_tokens_prefix_only_while_typing() -> None:
    q = query_tokens("Ống hút tr", prefix=True)
    assert (q.terms, q.last_is_prefix) == (["ong", "hut", "tr"], True)
    assert query_tokens("Ống hút tr ", prefix=True).last_is_prefix is False
    assert query_tokens("Ống hút tr", prefix=False).last_is_prefix is False
    assert query_tokens("", prefix=True).terms == []
    assert len(query_tokens("a " * 40).terms) == 16


def test_edit_distance_for() -> None:
    assert [edit_distance_for("x" * n) for n in (1, 4, 5, 8, 9, 15)] == [0, 0, 1, 1, 2, 2]


def test_nfc_composes() -> None:
    assert nfc(unicodedata.normalize("NFD", "huỷ")) == "huỷ"


@given(st.text())
def test_fold_is_idempotent_and_mark_free(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once and "Đ" not in once
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", once))


@given(st.text(alphabet="aăâeêioôơuưyđAĂÂĐàáảãạằắẳẵặầấẩẫậèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ -", max_size=30))
def test_nfd_and_nfc_fold_alike(text: str) -> None:
    assert tokens(unicodedata.normalize("NFD", text)) == tokens(text)
    assert all(t.isascii() for t in tokens(text))


def test_osa_distance() -> None:
    assert osa_distance("kraft", "krfat", 2) == 1
    assert osa_distance("kraft", "kraft", 1) == 0
    assert osa_distance("toothbrush", "tothbrusj", 2) == 2
    assert osa_distance("abc", "xyz", 1) == 2  # capped at limit + 1


def test_highlighter_escapes_and_marks_folded_matches() -> None:
    hl = Highlighter(query_tokens("da nang <b>"))
    assert hl.highlight("<b>Đà</b> Nẵng & co") == "&lt;<mark>b</mark>&gt;<mark>Đà</mark>&lt;/<mark>b</mark>&gt; <mark>Nẵng</mark> &amp; co"
    assert hl.highlight("nothing here") is None
    long = "lorem " * 60 + "Đà Nẵng " + "ipsum " * 60
    frag = Highlighter(query_tokens("nang"), fragment_chars=80).highlight(long)
    assert frag is not None and frag.startswith("…") and frag.endswith("…") and "<mark>Nẵng</mark>" in frag
    assert len(frag) < 140


# -- Vietnamese syllables: Telex/VNI leftovers, completions ------------------------------------
from search.syllables import completions, input_method_word, is_syllable, split_tone, with_tone  # noqa: E402


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("hoopj", "hộp"), ("giaays", "giấy"), ("phaan", "phân"), ("huyr", "huỷ"), ("tuis", "túi"),
        ("dduwowngf", "đường"), ("nguyeenx", "nguyễn"), ("gif", "gì"), ("quas", "quá"),
        ("tui1", "túi"), ("giay61", "giấy"), ("d9u7o7ng2", "đường"), ("hop5", "họp"), ("phan6", "phân"),
    ],
)
def test_input_method_leftovers(typed: str, meant: str) -> None:
    assert input_method_word(typed) == meant


@pytest.mark.parametrize("word", ["kraft", "coffee", "paper", "bags", "tre", "500ml", "pla", "zzz"])
def test_words_that_are_not_telex_or_vni(word: str) -> None:
    assert input_method_word(word) is None


def test_half_typed_telex() -> None:
    assert input_method_word("giaa") is None and input_method_word("giaa", partial=True) == "giâ"


def test_syllables_and_tones() -> None:
    assert split_tone("Giấy") == ("giây", 1)
    assert with_tone("giây", 1) == "giấy" and with_tone("hoa", 2) == "hoà" and with_tone("mua", 2) == "mùa"
    assert is_syllable("giấy") and is_syllable("chống") and is_syllable("gì")
    assert not is_syllable("giấ") and not is_syllable("kraft") and not is_syllable("tằp")  # stop + huyền


def test_completions_follow_typed_marks() -> None:
    assert completions("giấ") == {"giac", "giam", "gian", "giang", "giap", "giat", "giau", "giay"}
    assert "gia" in completions("giá") and "giao" in completions("giá") and "giao" not in completions("giấ")
    assert "hop" in completions("hộ") and completions("xyz") == frozenset()
