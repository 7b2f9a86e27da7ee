"""Properties: no exception on any text, exact offsets, same references on damaged text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor
from extractor.normalize import normalize
from extractor.perturb import PERTURBATIONS
from extractor.schema import Document

CITATION_PIECES = [
    "Thông tư số ",
    "21/2019/TT-BGDĐT",
    " ngày 13/6/2011",
    "Nghị định ",
    "43/2011/NĐCP",
    "Kế hoạch số 137/KH-",
    "\nUBND",
    " và số 22/2019/TT-BGD&ĐT",
    "Luật Giáo dục năm 2019",
    "29-NQ/TW",
    "\r\n",
    "\n\n2\n\n",
    "\u00a0",
    "Hoà Bình",
    "Thuỷ",
    "số",
    "/",
    "-",
    " ",
    "Nghị quyết",
    "\u0301",
    "\ufeff",
    "\u00ad",
    "Đề án 6",
    "văn bản số 169/UBND-VX",
]

texts_with_citations = st.lists(
    st.one_of(st.sampled_from(CITATION_PIECES), st.text(max_size=8)), max_size=30
).map("".join)


def _assert_offsets_exact(doc: Document, text: str) -> None:
    for reference in doc.references:
        for mention in reference.mentions:
            assert 0 <= mention.start <= mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_string_gives_a_document_or_a_clear_error(text: str) -> None:
    doc = extractor.extract_or_error(text)
    if doc.error is None:
        _assert_offsets_exact(doc, text)
    else:
        assert doc.error.code in {"empty", "too_large"}


@settings(max_examples=300, deadline=None)
@given(texts_with_citations)
def test_offsets_exact_on_citation_like_text(text: str) -> None:
    doc = extractor.extract_or_error(text)
    if doc.error is None:
        _assert_offsets_exact(doc, text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_offset_map_is_monotone_and_in_bounds(text: str) -> None:
    norm = normalize(text)
    starts = [norm.offsets.start(p) for p in range(len(norm.text) + 1)]
    ends = [norm.offsets.end(p) for p in range(len(norm.text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(
        0 <= s <= len(text) and 0 <= e <= len(text) for s, e in zip(starts, ends, strict=True)
    )
    # A non-empty normalized span maps to a non-empty, ordered input span.
    assert all(starts[p] < ends[p + 1] for p in range(len(norm.text)))


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="\r"), max_size=100))
def test_offset_map_is_identity_on_clean_text(text: str) -> None:
    norm = normalize(text)
    assert norm.text == text.replace("\t", " ").replace("\x0b", "\n").replace("\x0c", "\n")
    assert all(norm.span(p, p) == (p, p) for p in range(len(text) + 1))


def _reference_keys(doc: Document) -> list[tuple[object, ...]]:
    return sorted(
        (repr((r.kind, r.number, r.year, r.code, r.date, r.name, len(r.mentions))),)
        for r in doc.references
    )


@pytest.mark.parametrize("damage", sorted(PERTURBATIONS))
def test_damaged_corpus_gives_the_same_references(
    damage: str, corpus_texts: dict[str, str]
) -> None:
    for name, text in corpus_texts.items():
        damaged = PERTURBATIONS[damage](text)
        clean_doc = extractor.extract(text)
        damaged_doc = extractor.extract(damaged)
        _assert_offsets_exact(damaged_doc, damaged)
        assert _reference_keys(damaged_doc) == _reference_keys(clean_doc), (name, damage)
