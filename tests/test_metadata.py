"""Metadata and clean-text stage: the case table, the corpus gold, robustness."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from extractor.metadata import Metadata, clean_text, extract_metadata
from extractor.normalize import normalize, normalize_key
from extractor.resources import load_model
from extractor.schema import DocType

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DOCS = ROOT / "corpus" / "docs"
CORPUS_GOLD = ROOT / "corpus" / "gold"
CASES_PATH = Path(__file__).resolve().parent / "data" / "metadata_cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
FIELDS = ("doc_type", "number", "issuer", "place", "date", "title")


def _case_id(case: dict[str, Any]) -> str:
    if case.get("synthetic"):
        return f"synthetic-{CASES.index(case)}"
    return f"{case['source'][:3]}:{case['lines']}"


def _run(text: str) -> tuple[Metadata, list[str], str]:
    warnings: list[str] = []
    norm = normalize(text)
    return extract_metadata(norm, warnings), warnings, clean_text(norm)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def test_case_table_is_large_enough() -> None:
    real = [c for c in CASES if not c.get("synthetic")]
    synthetic = [c for c in CASES if c.get("synthetic")]
    assert len(real) >= 45
    assert len(synthetic) <= 10


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_metadata_case(case: dict[str, Any]) -> None:
    metadata, warnings, cleaned = _run(case["text"])
    for field in FIELDS:
        if field in case:
            assert getattr(metadata, field) == _nfc(case[field]), field
    if "signer" in case:
        expected = case["signer"]
        if expected is None:
            assert metadata.signer is None
        else:
            assert metadata.signer is not None
            got = metadata.signer.model_dump()
            for key, value in expected.items():
                assert got[key] == _nfc(value), f"signer.{key}"
    if "recipients" in case:
        assert list(metadata.recipients) == [_nfc(r) for r in case["recipients"]]
    for text in case.get("clean_text_excludes", []):
        assert _nfc(text) not in cleaned
    for text in case.get("clean_text_includes", []):
        assert _nfc(text) in cleaned
    for text in case.get("warnings", []):
        assert any(text in warning for warning in warnings), warnings


# ------------------------------------------------------------------------------ corpus gold


def _gold(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS_GOLD / f"{path.stem}.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("path", sorted(CORPUS_DOCS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_corpus_gold(path: Path, corpus_texts: dict[str, str]) -> None:
    gold = _gold(path)
    metadata, _, cleaned = _run(corpus_texts[path.name])
    accepted = gold["doc_type"] if isinstance(gold["doc_type"], list) else [gold["doc_type"]]
    assert metadata.doc_type in accepted
    if gold.get("signer"):
        assert metadata.signer is not None
        assert normalize_key(metadata.signer.name or "") == normalize_key(gold["signer"]["name"])
        if gold["signer"].get("title"):
            assert metadata.signer.title == gold["signer"]["title"]
    for text in gold.get("forbidden_text") or []:
        assert text not in cleaned


# ------------------------------------------------------------------------------ robustness

_HEADER = (
    "UBND TỈNH HOÀ BÌNH        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO         Độc lập - Tự do - Hạnh phúc\n"
    "Số: 25/TB-SGDĐT        Hoà Bình, ngày 25 tháng 12 năm 2020\n"
    "THÔNG BÁO\n"
    "Kết quả kiểm tra công tác thư viện\n"
    "Thực hiện kế hoạch năm học, Sở thông báo như sau.\n"
    "Nơi nhận:                         KT. GIÁM ĐỐC\n"
    "- Như trên;                       PHÓ GIÁM ĐỐC\n"
    "- Lưu: VT.\n"
    "\n"
    "                                  Nguyễn Đức Lương\n"
)


def _expected_header(metadata: Metadata) -> None:
    assert metadata.doc_type == "thong_bao"
    assert metadata.number == "25/TB-SGDĐT"
    assert metadata.issuer == "Sở Giáo dục và Đào tạo tỉnh Hòa Bình"
    assert (metadata.place, metadata.date) == ("Hòa Bình", "2020-12-25")
    assert metadata.title == "Kết quả kiểm tra công tác thư viện"
    assert metadata.signer is not None
    assert metadata.signer.name == "Nguyễn Đức Lương"
    assert metadata.signer.title == "PHÓ GIÁM ĐỐC"
    assert metadata.signer.authority == "KT. GIÁM ĐỐC"
    assert metadata.recipients == ("Như trên", "Lưu: VT")


def test_plain_header() -> None:
    _expected_header(_run(_HEADER)[0])


def test_crlf_input() -> None:
    metadata, _, cleaned = _run(_HEADER.replace("\n", "\r\n"))
    _expected_header(metadata)
    assert "\r" not in cleaned


def test_nfd_input() -> None:
    metadata, _, cleaned = _run(unicodedata.normalize("NFD", _HEADER))
    _expected_header(metadata)
    assert cleaned == unicodedata.normalize("NFC", cleaned)
    assert "Kết quả kiểm tra công tác thư viện" in cleaned


def test_no_break_spaces_and_bom() -> None:
    metadata, _, _ = _run("\ufeff" + _HEADER.replace("Số: 25", "Số:\u00a025"))
    _expected_header(metadata)


def test_clean_text_collapses_blank_runs() -> None:
    _, _, cleaned = _run("THÔNG BÁO\n\n\n\n\nNội dung thứ nhất.\n\n\n\nNội dung thứ hai.\n")
    assert "\n\n\n" not in cleaned
    assert cleaned == "THÔNG BÁO\n\nNội dung thứ nhất.\n\nNội dung thứ hai."


def test_empty_text() -> None:
    metadata, warnings, cleaned = _run("")
    assert metadata.doc_type is None
    assert metadata.signer is None
    assert metadata.recipients == ()
    assert cleaned == ""
    assert warnings == []


def test_model_loads() -> None:
    data = load_model("metadata")
    for key in ("type_headings", "type_codes", "authority_prefixes", "signer_titles", "chrome"):
        assert data[key]
    allowed = set(get_args(DocType))
    assert set(data["type_headings"].values()) <= allowed
    assert set(data["type_codes"].values()) <= allowed
