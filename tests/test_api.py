"""The Python API: extract(), extract_file(), error records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import extractor
from extractor.schema import Document, json_schema

SENTENCE = "Thực hiện Quyết định số 154/QĐ-SGD&ĐT ngày 09/02/2022 của Giám đốc Sở GD&ĐT."


def test_extract_str() -> None:
    doc = extractor.extract(SENTENCE, source="memo")
    assert doc.source == "memo"
    assert doc.encoding is None
    assert doc.sha256 == hashlib.sha256(SENTENCE.encode()).hexdigest()
    (ref,) = doc.references
    assert (ref.kind, ref.number, ref.year, ref.code, ref.date) == (
        "quyet_dinh",
        "154",
        2022,
        "QĐ-SGDĐT",
        "2022-02-09",
    )
    assert ref.canonical == "154/QĐ-SGDĐT"


def test_extract_bytes_records_encoding_and_hash() -> None:
    data = SENTENCE.encode("utf-16")
    doc = extractor.extract(data)
    assert doc.encoding == "utf-16"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.references[0].mentions[0].text == "Quyết định số 154/QĐ-SGD&ĐT"


def test_extract_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SENTENCE.encode("utf-8"))
    doc = extractor.extract_file(path)
    assert doc.source == str(path)
    assert len(doc.references) == 1


def test_a_sentence_has_no_document_metadata() -> None:
    doc = extractor.extract(SENTENCE)
    assert doc.sections == () and doc.schools == () and doc.signer is None
    assert doc.doc_type is None and doc.number is None
    assert "Quyết định số 154" in doc.clean_text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("", extractor.EmptyInputError),
        ("  \n ", extractor.EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00", extractor.NotTextError),
    ],
)
def test_bad_input_raises_value_error(data: str | bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        extractor.extract(data)
    assert issubclass(error, ValueError)


def test_too_large_str() -> None:
    with pytest.raises(extractor.InputTooLargeError):
        extractor.extract("x" * 50, max_bytes=10)


def test_missing_file_raises_unreadable(tmp_path: Path) -> None:
    with pytest.raises(extractor.UnreadableInputError):
        extractor.extract_file(tmp_path / "missing.txt")


def test_extract_or_error_never_raises() -> None:
    doc = extractor.extract_or_error(b"", source="empty.txt")
    assert doc.error is not None and doc.error.code == "empty"
    assert doc.references == () and doc.source == "empty.txt"


def test_document_is_frozen_and_round_trips() -> None:
    doc = extractor.extract(SENTENCE)
    with pytest.raises(ValueError):
        doc.source = "x"  # type: ignore[misc]
    again = Document.model_validate_json(doc.to_json_line())
    assert again == doc


def test_json_schema_names_every_contract_field() -> None:
    schema = json_schema()
    fields = set(schema["properties"])  # type: ignore[call-overload]
    assert {
        "schema_version",
        "source",
        "sha256",
        "doc_type",
        "number",
        "issuer",
        "place",
        "date",
        "title",
        "signer",
        "recipients",
        "sections",
        "references",
        "schools",
        "clean_text",
        "warnings",
        "encoding",
        "error",
    } <= fields
    json.dumps(schema)


def test_impossible_date_warns_and_stays_null() -> None:
    doc = extractor.extract("thực hiện Thông tư 21/2019/TT-BGD&ĐT ngày 29/11/20219 của Bộ GD&ĐT")
    (ref,) = doc.references
    assert ref.date is None and ref.year == 2019
    assert any("20219" in warning for warning in doc.warnings)


def test_extract_file_reads_saved_web_pages(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(
        "<html><body><nav><a href='/'>Trang chủ</a></nav><article><p>"
        + SENTENCE
        + " Kế hoạch số 137/KH-UBND ngày 24/7/2019 của UBND tỉnh được triển khai đầy đủ.</p>"
        + "</article></body></html>",
        encoding="utf-8",
    )
    doc = extractor.extract_file(page)
    assert doc.encoding == "html"
    assert {ref.canonical for ref in doc.references} >= {"154/QĐ-SGDĐT", "137/KH-UBND"}
    assert extractor.extract_path_or_error(page).references == doc.references


def test_digits_python_cannot_read_do_not_fail_the_document() -> None:
    unknown = "\U0001e4f1"
    text = (
        f"Số: {unknown}/QĐ-UBND\nHà Nội, ngày {unknown} tháng 6 năm 2019\n"
        f"Phần {unknown}. Chung\n{unknown}. Ưu điểm\nĐiều {unknown}. Phạm vi\n"
        f"Căn cứ Luật Giáo dục 20{unknown}9 và Thông tư số 21/2019/TT-BGDĐT.\n"
    )
    document = extractor.extract(text)
    assert document.error is None
    assert ("21", "TT-BGDĐT") in [(ref.number, ref.code) for ref in document.references]
