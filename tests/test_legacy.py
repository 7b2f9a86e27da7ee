"""Legacy Vietnamese encodings TCVN3 and VNI: tables, detection, exact conversion of the corpus."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extractor
from extractor import legacy
from extractor.decode import decode_bytes
from extractor.errors import ExtractorError
from extractor.schema import Document

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]

# Letters VN3 has only one (lowercase) code for; .VnTimeH draws them uppercase.
CASELESS_IN_TCVN3 = frozenset(
    letter.upper() for letter in LOWER_LETTERS if letter not in "ăâêôơưđ" and letter not in "aeiouy"
)


def test_vni_round_trips_every_letter() -> None:
    text = " ".join(ALL_LETTERS)
    data = legacy.encode_vni(text)
    assert legacy.vni_to_unicode(legacy.latin_view(data)) == text


def test_tcvn3_round_trips_every_lowercase_letter_and_uppercase_base() -> None:
    text = " ".join(LOWER_LETTERS + list("ĂÂÊÔƠƯĐ"))
    data = legacy.encode_tcvn3(text)
    assert all(byte < 0x80 or 0xA1 <= byte <= 0xFE for byte in data)
    assert legacy.tcvn3_to_unicode(legacy.latin_view(data)) == text


def test_tcvn3_uppercase_words_get_their_case_back() -> None:
    text = "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH KẾ HOẠCH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert legacy.tcvn3_to_unicode(legacy.latin_view(legacy.encode_tcvn3(text))) == text
    # Title case stays title case; an acronym next to a word is no evidence of capitals.
    text = "Sở GD&ĐT tỉnh Hòa Bình; Bộ Giáo dục và Đào tạo"
    assert legacy.tcvn3_to_unicode(legacy.latin_view(legacy.encode_tcvn3(text))) == text


@pytest.mark.parametrize(
    ("mojibake", "encoding", "text"),
    [
        ("Th«ng b¸o", "tcvn3", "Thông báo"),
        ("Thoâng baùo", "vni", "Thông báo"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("saün coù ôû Ñaø Naüng, naúm", "vni", "sẵn có ở Đà Nẵng, nẳm"),
    ],
)
def test_examples_as_bytes_and_as_utf8_mojibake(mojibake: str, encoding: str, text: str) -> None:
    for data in (mojibake.encode("cp1252"), mojibake.encode("utf-8")):
        decoded = decode_bytes(data)
        assert decoded.text == text
        assert decoded.encoding == encoding
        assert any("offsets index the converted text" in w for w in decoded.warnings)


def _canonicals(doc: Document) -> set[str]:
    return {reference.canonical for reference in doc.references}


def _fold_tcvn3_case(text: str) -> str:
    return "".join(ch.lower() if ch in CASELESS_IN_TCVN3 else ch for ch in text)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("form", ["bytes", "utf8-mojibake"])
def test_corpus_converts_back_exactly(
    encoding: legacy.LegacyEncoding, form: str, corpus_texts: dict[str, str]
) -> None:
    encode = legacy.encode_tcvn3 if encoding == "tcvn3" else legacy.encode_vni
    caseless = recovered = 0
    for name, text in corpus_texts.items():
        expected = legacy.fold_for_legacy(text, encoding)
        data = encode(text)
        if form == "utf8-mojibake":
            data = legacy.latin_view(data).encode("utf-8")
        decoded = decode_bytes(data)
        assert decoded.encoding == encoding, name
        if encoding == "vni":
            assert decoded.text == expected, name
        else:
            # Exact except the case of toned capitals, which VN3 cannot carry.
            assert _fold_tcvn3_case(decoded.text) == _fold_tcvn3_case(expected), name
            positions = [i for i, ch in enumerate(expected) if ch in CASELESS_IN_TCVN3]
            caseless += len(positions)
            recovered += sum(decoded.text[i] == expected[i] for i in positions)
        assert _canonicals(extractor.extract(decoded.text)) == _canonicals(
            extractor.extract(text)
        ), name
    if encoding == "tcvn3":
        assert recovered >= 0.95 * caseless, (recovered, caseless)


def test_unicode_corpus_is_never_converted(corpus_texts: dict[str, str]) -> None:
    for name, text in corpus_texts.items():
        assert legacy.detect_legacy(text) is None, name
        assert decode_bytes(text.encode("utf-8")).encoding == "utf-8", name
        assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).encoding == "utf-16"


OTHER_LANGUAGES = [
    "The quick brown fox jumps over the lazy dog. " * 20,
    "Société générale: café, crème brûlée, naïve façade, à la carte, déjà vu. " * 20,
    "Übermäßige Größe: schön, Straße, Bäume, Öl, Ärger, Füße. " * 20,
    "El niño comió piña y jalapeño en España; ¿qué tal? ¡Olé! " * 20,
    "Thông báo kết quả kiểm tra công tác văn thư lưu trữ. Trường THPT Lạc Thủy. " * 20,
    "Circular No. 21/2019/TT-BGDĐT © 2019 — «quoted» ±5 °C µm ½ ¼ ¾ × ÷ § ¶ · ¸. " * 20,
]


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (text, codec)
        for text in OTHER_LANGUAGES
        for codec in ("utf-8", "cp1252", "latin-1")
        if _encodable(text, codec)  # Vietnamese has no Latin-1 form: only real byte streams
    ],
)
def test_other_languages_are_never_converted(text: str, codec: str) -> None:
    assert legacy.detect_legacy(text) is None
    assert decode_bytes(text.encode(codec)).encoding not in {"tcvn3", "vni"}


def test_windows_1258_is_not_taken_for_legacy() -> None:
    from hostile_corpus import cp1258_bytes

    text = "Thông báo kết quả kiểm tra công tác văn thư lưu trữ của các trường học. " * 20
    assert decode_bytes(cp1258_bytes(text)).encoding == "cp1258"


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("thông", True),
        ("người", True),
        ("nghiệp", True),
        ("quyết", True),
        ("hoà", True),
        ("hòa", True),
        ("thuỷ", True),
        ("gì", True),
        ("khuya", True),
        ("baùo", False),
        ("thoâng", False),
        ("cat", False),
        ("hello", False),
        ("các", True),
        ("càc", False),
    ],
)
def test_syllable_shape(word: str, valid: bool) -> None:
    assert legacy.is_vietnamese_syllable(word) is valid


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2000)))
def test_detection_never_raises(text: str) -> None:
    verdict = legacy.detect_legacy(text)
    if verdict is not None:
        assert legacy.convert(text, verdict.encoding)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decode_any_bytes_is_text_or_a_clear_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except ExtractorError as exc:
        assert exc.code in {"empty", "not_text", "decode"}
    else:
        assert isinstance(decoded.text, str)
