"""The outline: golden trees, the numbering error of document 000, damage invariance, spans."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_DOCS, ROOT

import extractor
from extractor.perturb import PERTURBATIONS
from extractor.schema import Section

_spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

DOC_000 = CORPUS_DOCS / "000_64954fcd109ca0f5.txt"


def _walk(sections: tuple[Section, ...]) -> list[Section]:
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.children))
    return out


def _find(sections: tuple[Section, ...], *numbers: str) -> Section:
    """The section reached by following printed numbers down the tree."""
    current: Any = None
    level = sections
    for number in numbers:
        current = next(s for s in level if s.number == number)
        level = current.children
    assert isinstance(current, Section)
    return current


@pytest.mark.parametrize("path", sorted(CORPUS_DOCS.glob("*.txt")), ids=lambda p: p.stem[:20])
def test_golden_outline(path: Path) -> None:
    expected = (ROOT / "tests" / "golden" / f"{path.stem}.outline.txt").read_text(encoding="utf-8")
    assert golden.outline_of(path) == expected


def test_numbering_error_follows_meaning_and_warns() -> None:
    doc = extractor.extract_file(DOC_000)
    weaknesses = _find(doc.sections, "II", "1", "1.2")
    assert weaknesses.kind == "weaknesses"
    assert [child.number for child in weaknesses.children] == ["1.2.1", "1.1.2"]
    strengths = _find(doc.sections, "II", "1", "1.1")
    assert [child.number for child in strengths.children] == ["1.1.1", "1.1.2"]
    assert any("'1.1.2' printed under '1.2'" in warning for warning in doc.warnings)


def _check_spans(text: str, sections: tuple[Section, ...], lo: int, hi: int, level: int) -> None:
    for section in sections:
        assert lo <= section.start < section.end <= hi, section.number
        assert section.level == level
        if section.number:
            window = text[section.start : section.start + len(section.number) + 8]
            assert section.number.split()[-1] in window, (section.number, window)
        _check_spans(text, section.children, section.start, section.end, level + 1)


def test_spans_nest_and_start_at_their_heading(corpus_texts: dict[str, str]) -> None:
    for text in corpus_texts.values():
        _check_spans(text, extractor.extract(text).sections, 0, len(text), 1)


def _kinds(sections: tuple[Section, ...]) -> list[str]:
    return [section.kind for section in _walk(sections) if section.kind]


def _outline(sections: tuple[Section, ...]) -> list[tuple[str | None, str | None, int]]:
    return [(s.number, s.kind, s.level) for s in _walk(sections)]


@pytest.mark.parametrize("damage", sorted(PERTURBATIONS))
def test_damage_keeps_section_kinds(damage: str, corpus_texts: dict[str, str]) -> None:
    exact = damage in {"crlf", "nfd", "nbsp", "old_tones"}
    for name, text in corpus_texts.items():
        clean = extractor.extract(text).sections
        damaged = extractor.extract(PERTURBATIONS[damage](text)).sections
        assert _kinds(damaged) == _kinds(clean), (name, damage)
        if exact:
            assert _outline(damaged) == _outline(clean), (name, damage)


def test_header_and_signature_are_not_sections() -> None:
    text = (
        "UBND TỈNH HÒA BÌNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 25/TB-SGDĐT\n\nTHÔNG BÁO\n"
        "Kết luận của Giám đốc Sở\n\nThực hiện Kế hoạch số 47/KH-SGDĐT, Sở thông báo:\n"
        "I. Kết quả kiểm tra\n1. Ưu điểm\n- Đã ban hành đầy đủ văn bản.\n2. Tồn tại, hạn chế\n"
        "- Chưa cập nhật hồ sơ.\nII. Kiến nghị\n- Đề nghị các đơn vị khắc phục.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn A\n"
    )
    doc = extractor.extract(text)
    assert _outline(doc.sections) == [
        ("I", "findings", 1),
        ("1", "strengths", 2),
        ("2", "weaknesses", 2),
        ("II", "recommendations", 1),
    ]
    last = doc.sections[-1]
    assert text[last.start : last.end].endswith("khắc phục.")


def test_lead_in_line_opens_a_list_of_tasks() -> None:
    text = (
        "Điều 2.\nỦy ban thường vụ Quốc hội yêu cầu Chính phủ tập trung thực hiện một số "
        "nhiệm vụ và giải pháp sau đây:\n1. Tiếp tục điều chỉnh nâng mức trợ cấp.\n"
        "2. Phê duyệt Đề án tìm kiếm.\nĐiều 3.\nNghị quyết này có hiệu lực thi hành."
    )
    doc = extractor.extract(text)
    article = doc.sections[0]
    (lead,) = article.children
    assert lead.kind == "tasks" and lead.number is None
    assert [child.number for child in lead.children] == ["1", "2"]
    assert doc.sections[1].number == "Điều 3"
