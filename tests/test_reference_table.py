"""Table-driven reference cases from real sentences: tests/data/reference_cases.yaml.

Each row gives a text and the references expected in it, in order of mention, with the
exact surface of each mention. Negative rows expect none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import extractor
from extractor.schema import Mention, Reference

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "reference_cases.yaml").read_text(encoding="utf-8")
)


def _label(row: dict[str, Any]) -> str:
    return " ".join(row["text"].split())[:60]


def _mentions_in_order(refs: tuple[Reference, ...]) -> list[tuple[Mention, Reference]]:
    return sorted(((m, r) for r in refs for m in r.mentions), key=lambda pair: pair[0].start)


def test_table_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 80
    assert sum(1 for row in CASES if not row["refs"]) >= 20


@pytest.mark.parametrize("row", CASES, ids=[_label(row) for row in CASES])
def test_reference_case(row: dict[str, Any]) -> None:
    doc = extractor.extract(row["text"])
    found = _mentions_in_order(doc.references)
    expected = row["refs"]
    got = [(m.text, r.kind, r.number) for m, r in found]
    assert len(found) == len(expected), f"found {got}"
    for (mention, ref), want in zip(found, expected, strict=True):
        assert mention.text == want["surface"], got
        assert (ref.kind, ref.number) == (want["kind"], want.get("number")), got
        if want.get("same_as_previous"):
            continue
        assert ref.year == want.get("year"), (mention.text, ref.year)
        assert (ref.code or "").upper() == (want.get("code") or "").upper(), (
            mention.text,
            ref.code,
        )
        assert ref.date == want.get("date"), (mention.text, ref.date)
        if "name" in want:
            assert ref.name == want["name"], (mention.text, ref.name)
