"""Decoding bytes: byte-order marks, damaged UTF-8, legacy code pages, bad input."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hostile_corpus import cp1258_bytes

from extractor.decode import decode_bytes
from extractor.errors import EmptyInputError, InputTooLargeError, NotTextError

TEXT = "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;\r\nHòa Bình"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    ],
)
def test_unicode_encodings_decode_exactly(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT  # BOM dropped, CRLF kept
    assert decoded.encoding == encoding


def test_damaged_utf8_is_kept_with_a_warning() -> None:
    data = TEXT.encode("utf-8") * 20
    damaged = data[:300] + b"\xff\xfe" + data[300:]
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert decoded.warnings and "invalid UTF-8" in decoded.warnings[0]


def test_windows_1258_is_detected() -> None:
    text = "Thông báo kết quả kiểm tra công tác văn thư lưu trữ của các trường học. " * 20
    decoded = decode_bytes(cp1258_bytes(text))
    assert decoded.encoding == "cp1258"
    assert unicodedata.normalize("NFC", decoded.text) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"\x00\x01\x02\x03" * 100,
        b"%PDF-1.7\n" + bytes(200),
    ],
)
def test_binary_input(data: bytes) -> None:
    with pytest.raises(NotTextError):
        decode_bytes(data)


def test_too_large_is_refused_before_decoding() -> None:
    with pytest.raises(InputTooLargeError, match="above the limit"):
        decode_bytes(b"a" * 101, max_bytes=100)
    assert decode_bytes(b"a" * 100, max_bytes=100).text == "a" * 100


def test_errors_are_value_errors_with_codes() -> None:
    with pytest.raises(ValueError) as info:
        decode_bytes(b"")
    assert info.value.code == "empty"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("C¨n cø NghÞ ®Þnh sè 43/2011/N§-CP ngµy 13/6/2011;\r\nHßa B×nh".encode("cp1252"), "tcvn3"),
        (
            "Caên cöù Nghò ñònh soá 43/2011/NÑ-CP ngaøy 13/6/2011;\r\nHoøa Bình".encode("cp1252"),
            "vni",
        ),
    ],
)
def test_legacy_8bit_bytes_are_converted(data: bytes, encoding: str) -> None:
    for raw in (data, data.decode("cp1252").encode("utf-8")):  # raw, and mis-decoded UTF-8
        decoded = decode_bytes(raw)
        assert decoded.encoding == encoding
        assert decoded.text == TEXT.replace(" của Chính phủ", "")  # CRLF kept
        assert any(encoding.upper() in w for w in decoded.warnings)


def test_unicode_vietnamese_is_not_taken_for_legacy() -> None:
    for data in (TEXT.encode("utf-8"), codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")):
        assert decode_bytes(data).encoding in {"utf-8", "utf-16"}
        assert decode_bytes(data).text == TEXT
