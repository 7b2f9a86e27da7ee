"""Table-driven heading tests from real documents: tests/data/section_cases.yaml.

Each row is a snippet and its expected outline in pre-order as (number, kind, level); the
number of a Phần / Chương / Mục / Điều heading is written as its numeral alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import extractor
from extractor.schema import Section

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "section_cases.yaml").read_text(encoding="utf-8")
)


def _outline(sections: tuple[Section, ...]) -> list[tuple[str | None, str | None, int]]:
    out: list[tuple[str | None, str | None, int]] = []
    for section in sections:
        numeral = section.number.split()[-1] if section.number else None
        out.append((numeral, section.kind, section.level))
        out.extend(_outline(section.children))
    return out


def test_table_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 60
    assert sum(1 for row in CASES if not row["outline"]) >= 10


@pytest.mark.parametrize("row", CASES, ids=[" ".join(row["text"].split())[:50] for row in CASES])
def test_section_case(row: dict[str, Any]) -> None:
    doc = extractor.extract(row["text"])
    expected = [
        (None if item["number"] is None else str(item["number"]), item["kind"], item["level"])
        for item in row["outline"]
    ]
    assert _outline(doc.sections) == expected, row.get("note")
