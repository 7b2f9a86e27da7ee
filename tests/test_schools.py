"""Schools stage: table-driven cases from real sentences (tests/data/school_cases.yaml), merging
of surface forms, robustness to damaged text, and the lexicon in models/schools.yaml.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractor.normalize import normalize
from extractor.resources import load_model
from extractor.schema import School
from extractor.schools import extract_schools

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "school_cases.yaml").read_text(encoding="utf-8")
)


def _schools(text: str) -> tuple[School, ...]:
    return extract_schools(normalize(text))


def _names(text: str) -> list[str]:
    return [school.name for school in _schools(text)]


def _label(row: dict[str, Any]) -> str:
    return " ".join(row["text"].split())[:60]


def test_table_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 70
    assert sum(1 for row in CASES if not row["schools"]) >= 20
    assert sum(1 for row in CASES if row.get("synthetic")) <= 20


@pytest.mark.parametrize("row", CASES, ids=[_label(row) for row in CASES])
def test_school_case(row: dict[str, Any]) -> None:
    text = row["text"]
    found = _schools(text)
    got = [(s.name, s.level, [m.text for m in s.mentions]) for s in found]
    expected = row["schools"]
    assert len(found) == len(expected), got
    for school, want in zip(found, expected, strict=True):
        assert school.name == want["name"], got
        assert school.level == want["level"], got
        assert [m.text for m in school.mentions] == want["surfaces"], got
        for mention in school.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_typo_one_diacritic_apart_is_an_alias() -> None:
    text = "Trường THPT Thanh Hà chưa đạt chuẩn; THPT Thành Hà chưa có website; THPT Thanh Hà."
    (school,) = _schools(text)
    assert school.name == "THPT Thanh Hà"
    assert "THPT Thành Hà" in school.aliases
    assert "Trường THPT Thanh Hà" in school.aliases
    assert len(school.mentions) == 3


def test_trailing_letter_distinguishes_schools() -> None:
    text = "(THPT Lạc Thủy, THPT Lạc Thủy B), 01 thư viện đạt chuẩn (THPT Lạc Thủy C)."
    assert _names(text) == ["THPT Lạc Thủy", "THPT Lạc Thủy B", "THPT Lạc Thủy C"]


def test_letter_a_is_the_unlettered_school_when_both_are_printed() -> None:
    text = "THPT Lạc Thủy đạt giải; THPT Lạc Thủy A và THPT Lạc Thủy B chưa đạt."
    schools = _schools(text)
    assert [s.name for s in schools] == ["THPT Lạc Thủy", "THPT Lạc Thủy B"]
    assert "THPT Lạc Thủy A" in schools[0].aliases


def test_boarding_school_spellings_and_dropped_locality_word_merge() -> None:
    text = (
        "Trường PT DTNT THCS&THPT huyện Lạc Thủy chưa giao nộp sổ gốc; "
        "hồ sơ đầy đủ (PTDTNT THCS&THPT Lạc Thủy)."
    )
    (school,) = _schools(text)
    assert school.level == "PTDTNT THCS&THPT"
    forms = {school.name, *school.aliases}
    assert {"PT DTNT THCS&THPT huyện Lạc Thủy", "PTDTNT THCS&THPT Lạc Thủy"} <= forms


def test_level_words_and_abbreviations_merge() -> None:
    text = "Trường TH số 1 Nhơn Hòa, Trường Tiểu học số 1 Nhơn Hoà và MN Hoa Sen, Mầm non Hoa Sen."
    schools = _schools(text)
    assert len(schools) == 2
    assert len(schools[0].mentions) == 2
    assert len(schools[1].mentions) == 2


def test_case_of_chuyen_and_tt_locality_merge() -> None:
    text = (
        "THPT Chuyên Hoàng Văn Thụ, THPT chuyên Hoàng Văn Thụ; MN TT Diêu Trì, MN thị trấn Diêu Trì"
    )
    schools = _schools(text)
    assert [len(s.mentions) for s in schools] == [2, 2]


def test_locality_and_level_fields() -> None:
    (school,) = _schools("Trường Tiểu học số 1 Nhơn Hòa: Nhà 02 tầng 06 phòng")
    assert (school.level, school.locality) == ("Tiểu học", "Nhơn Hòa")
    (person,) = _schools("Trường THPT Chuyên Hoàng Văn Thụ tuyển sinh")
    assert person.locality is None


def test_order_is_first_mention() -> None:
    text = "THPT Thanh Hà, THPT Lạc Thủy C và THPT Thanh Hà"
    assert _names(text) == ["THPT Thanh Hà", "THPT Lạc Thủy C"]


DAMAGE_SOURCE = (
    "- Thư viện các trường PTDTNT THCS&THPT huyện Lạc Thủy và THPT Thanh Hà chưa đạt chuẩn.\n"
    "Các trường THPT Lạc Thủy, THPT Lạc Thủy B, THPT Thành Hà và trường PTDTNT\n"
    "THCS&THPT huyện Lạc Thủy chưa xây dựng Website; Website của trường THPT Lạc Thủy C\n"
    "hiện đang còn hoạt động (TH&THCS Liên Hòa, TH&THCS xã Đồng Tâm).\n"
)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
        pytest.param(lambda t: t.replace("Lạc Thủy B", "Lạc\nThủy B"), id="break-in-name"),
        pytest.param(lambda t: t.replace("THPT Thanh Hà", "THPT\n\nThanh Hà"), id="blank-line"),
        pytest.param(lambda t: t.replace(" ", "\u00a0", 7), id="nbsp"),
        pytest.param(lambda t: t.replace("Thủy", "Thuỷ").replace("Hòa", "Hoà"), id="old-tones"),
        pytest.param(lambda t: t.replace(".\nCác", ".\n\n12\n\nCác"), id="page-number"),
    ],
)
def test_damaged_text_gives_the_same_names(damage: Any) -> None:
    clean = _names(DAMAGE_SOURCE)
    assert clean == [
        "PTDTNT THCS&THPT huyện Lạc Thủy",
        "THPT Thanh Hà",
        "THPT Lạc Thủy",
        "THPT Lạc Thủy B",
        "THPT Lạc Thủy C",
        "TH&THCS Liên Hòa",
        "TH&THCS xã Đồng Tâm",
    ]
    damaged = damage(DAMAGE_SOURCE)
    schools = _schools(damaged)
    assert [s.name for s in schools] == clean
    for school in schools:
        for mention in school.mentions:
            assert damaged[mention.start : mention.end] == mention.text


def test_name_wrapped_before_a_sentence_opener_ends_at_the_break() -> None:
    text = "trường THPT Lạc Thủy\nHòa Bình đạt giải; THPT Lạc Thủy có 02 giải cấp tỉnh."
    assert _names(text) == ["THPT Lạc Thủy"]


def test_no_schools_in_empty_or_plain_text() -> None:
    assert _schools("") == ()
    assert _schools("Công tác thư viện trường học năm 2021.") == ()


def test_long_runs_do_not_hang() -> None:
    text = "THPT " + "Lạc " * 5000 + "trường " * 5000 + "TH&THCS " * 2000
    _schools(text)
    _schools("(" + "Kim Bôi, " * 3000)


def test_model_loads() -> None:
    data = load_model("schools")
    keys = {entry["key"] for entry in data["levels"]}
    assert {"thpt", "thcs", "th", "mn", "mg", "th&thcs", "thcs&thpt"} <= keys
    assert {entry["key"] for entry in data["boarding"]} == {"ptdtnt", "ptdtbt"}
    assert "xã" in data["locality_words"] and "TT" in data["locality_words"]
    for section in ("levels", "boarding", "higher_levels"):
        for entry in data[section]:
            assert entry["forms"], entry


@pytest.mark.parametrize(
    ("odd", "plain"),
    [
        ("Trường Trung học cơ ſở Lạc Thủy", "Trường Trung học cơ sở Lạc Thủy"),  # long s
        ("Trường TRUNG HỌC CƠ SỞ Lạc Thủy", "Trường TRUNG HỌC CƠ SỞ Lạc Thủy"),
    ],
)
def test_level_spelled_with_case_folding_letters(odd: str, plain: str) -> None:
    """A level word that the patterns match only by case folding still finds its lexicon
    entry: one school, at the same place as the plain spelling's."""
    found, expected = _schools(odd), _schools(plain)
    assert len(found) == len(expected) == 1
    assert found[0].mentions[0].end == expected[0].mentions[0].end
    assert found[0].locality == expected[0].locality
