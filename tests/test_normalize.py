"""The text layer: normalized view, offset map, tone placement, joined lines."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from extractor.normalize import (
    _LINE_BREAK,
    _OLD_TO_NEW_TONE,
    OffsetMap,
    _edit_clusters,
    join_wrapped_lines,
    normalize,
    normalize_key,
    unify_tone_placement,
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("Lạc Thuỷ", "Lạc Thủy"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("tuỳ theo", "tùy theo"),
        ("quý", "quý"),  # "qu" is a consonant: tone stays on y
        ("hoàng", "hoàng"),  # closed syllable: right in both styles
        ("Thủy", "Thủy"),
    ],
)
def test_unify_tone_placement(old: str, new: str) -> None:
    assert unify_tone_placement(old) == new


@pytest.mark.parametrize(
    ("source", "normalized"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("số\u00a021", "số 21"),
        ("Th\u00f4ng\u00ad tư", "Thông tư"),
        ("\ufeffQuyết", "Quyết"),
        ("\u00d0ề án", "Đề án"),
        ("NĐ\u2011CP", "NĐ-CP"),
    ],
)
def test_normalized_text(source: str, normalized: str) -> None:
    assert normalize(source).text == normalized


def test_offsets_map_back_through_nfd_and_crlf() -> None:
    source = unicodedata.normalize("NFD", "Căn cứ\r\nNghị định số 43/2011/NĐ-CP;")
    norm = normalize(source)
    start = norm.text.index("Nghị")
    end = norm.text.index(";")
    assert norm.surface(start, end) == source[source.index("Nghi") : source.index(";")]
    assert unicodedata.normalize("NFC", norm.surface(start, end)) == "Nghị định số 43/2011/NĐ-CP"


def test_span_inside_an_edit_widens_to_cover_it() -> None:
    source = "a\r\nb"
    norm = normalize(source)
    assert norm.span(1, 2) == (1, 3)  # the "\n" stands for "\r\n"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Thông tư số\n12/2019/TT-BNV", "Thông tư số 12/2019/TT-BNV"),
        ("của Giám \n\nđốc Sở", "của Giám   đốc Sở"),
        ("137/KH-\nUBND", "137/KH- UBND"),
        ("như sau:\n1. Kết quả", "như sau:\n1. Kết quả"),
        ("nội dung\n- Thứ nhất", "nội dung\n- Thứ nhất"),
        ("đạt chuẩn.\nCác trường", "đạt chuẩn.\nCác trường"),
        ("học sinh\n\n2\n\ngiỏi", "học sinh     giỏi"),
        ("II. MỤC TIÊU\nTăng cường", "II. MỤC TIÊU Tăng cường"),
    ],
)
def test_join_wrapped_lines(text: str, joined: str) -> None:
    assert join_wrapped_lines(text) == joined
    assert len(join_wrapped_lines(text)) == len(text)


def test_normalize_key() -> None:
    assert normalize_key(" Trường  THPT Lạc Thuỷ\u00a0C ") == "trường thpt lạc thủy c"


# Letters, Vietnamese tone and vowel marks, marks of other scripts (some compose, some do
# not) and line breaks: NFC text built from them has clusters of every kind.
_CLUSTER_ALPHABET = st.sampled_from(
    list("aAeEoOuUyYiđĐxq \n")
    + [chr(c) for c in range(0x0300, 0x0370)]
    + ["\u09c7", "\u09be", "\u0f73", "\u05b0", "\u0e31", "\u1100", "\u1161"]
)


@given(st.lists(_CLUSTER_ALPHABET, max_size=40).map("".join))
def test_nfc_text_has_no_cluster_to_edit(text: str) -> None:
    """The fast path of normalize() (NFC input: no edits) agrees with the cluster walk."""
    composed = unicodedata.normalize("NFC", text)
    assert _edit_clusters(composed) == (composed, OffsetMap())


def test_digits_python_cannot_read_are_masked() -> None:
    """A digit of a newer Unicode version (Nag Mundari) matches the patterns' \\d but not
    int(): the matching view masks it; digits Python reads (mathematical bold) stay."""
    unknown, bold_one = "\U0001e4f1", "\U0001d7cf"
    view = normalize(f"Điều {unknown}. Luật 20{unknown}9, ngày {bold_one}/6/2019")
    assert unknown not in view.text
    assert len(view.text) == len(view.source)
    assert bold_one in view.text


# The patterns normalize() used before its fast paths, kept here as oracles: the tone rule
# as one alternation, the line-break run with its (backtracking) page-number group.
_TONE_ORACLE = regex.compile(
    "(?<![qQ])(?:" + "|".join(sorted(_OLD_TO_NEW_TONE, key=len, reverse=True)) + r")(?!\p{L})"
)
_LINE_BREAK_ORACLE = regex.compile(
    r"\n(?:[ ]*(?:(?:Trang[ ]+)?-?[ ]*\d{1,3}[ ]*-?(?:/[ ]*\d{1,3})?)?[ ]*\n)*[ ]*"
)
_TONE_ALPHABET = st.sampled_from(
    list("oOuUqQaAeEyY x²1-\n") + sorted({old[1] for old in _OLD_TO_NEW_TONE}) + ["ắ"]
)
_BREAK_ALPHABET = st.sampled_from(
    [" ", " ", "\n", "\n", "-", "/", "Trang", "Trang ", "1", "23", "4567", "x", "a", "."]
)


@given(st.lists(_TONE_ALPHABET, max_size=16).map("".join))
def test_tone_unification_matches_the_rule(text: str) -> None:
    expected = _TONE_ORACLE.sub(lambda match: _OLD_TO_NEW_TONE[match.group()], text)
    assert unify_tone_placement(text) == expected


@given(st.lists(_BREAK_ALPHABET, max_size=14).map("".join))
def test_line_break_runs_match_the_rule(text: str) -> None:
    expected = [match.span() for match in _LINE_BREAK_ORACLE.finditer(text)]
    assert [match.span() for match in _LINE_BREAK.finditer(text)] == expected
