"""A hostile input corpus, generated (no hand-placed binaries), and a timing run over it.

Every case is a file name, its bytes and what the extractor must make of it: an error record
with a given code, or a Document (optionally with a given ``encoding``). ``unit`` scale keeps
the whole batch small enough for the test suite (a few MB); ``full`` scale has the 50 MB text
and the 10 MB repeated citation of issue 8.

Run ``python tests/hostile_corpus.py [--scale full] [--dir DIR]`` to write the corpus and print
per-input timings of :func:`extractor.extract_path_or_error`.
"""

from __future__ import annotations

import argparse
import codecs
import random
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor.legacy import encode_tcvn3, encode_vni, latin_view  # noqa: E402

MB = 1024 * 1024

PARAGRAPH = (
    "UỶ BAN NHÂN DÂN TỈNH HÒA BÌNH\n"
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
    "Số: 137/KH-SGDĐT\n"
    "KẾ HOẠCH\n"
    "Kiểm tra công tác văn thư, lưu trữ năm 2023\n"
    "Căn cứ Luật Lưu trữ năm 2011; Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính "
    "phủ về công tác văn thư; Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 của Bộ trưởng "
    "Bộ Giáo dục và Đào tạo;\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "1. Mục đích\n"
    "Đánh giá kết quả thực hiện Quyết định số 154/QĐ-SGDĐT và Công văn số 169/UBND-VX "
    "của Ủy ban nhân dân tỉnh tại Trường THPT Lạc Thủy C.\n"
    "II. NỘI DUNG\n"
    "a) Việc ban hành văn bản theo Nghị định 43/2011/NĐCP.\n"
)
ENGLISH = (
    "Pursuant to Decree No. 30/2020/ND-CP on clerical work, the Department reviewed the "
    "archives of Lac Thuy C High School. "
)


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input and what it must give."""

    name: str
    data: bytes
    error: str | None = None  # the error code expected, None for a Document
    encoding: str | None = None  # the Document's encoding, when it matters
    same_references_as: str | None = None  # a case whose references must be the same
    warning: str | None = None  # a substring one warning must contain


def _deep_numbering(levels: int) -> str:
    lines = []
    for depth in range(1, levels + 1):
        number = ".".join(["1"] * depth) + "."
        lines.append(f"{number} Nội dung cấp {depth} theo Thông tư số {depth}/2019/TT-BGDĐT")
    return "\n".join(lines) + "\n"


def _only_headings(count: int) -> str:
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    lines = []
    for i in range(count):
        lines.append(f"{romans[i % 10]}. KẾT QUẢ KIỂM TRA")
        lines.append(f"{i % 9 + 1}. Ưu điểm")
        lines.append(f"{i % 9 + 1}.{i % 7 + 1}. Tồn tại, hạn chế")
        lines.append("a) Kiến nghị")
        lines.append("Điều 1. Phạm vi điều chỉnh")
    return "\n".join(lines) + "\n"


def _only_references(count: int) -> str:
    refs = []
    for i in range(count):
        refs.append(
            f"Thông tư số {i + 1}/2019/TT-BGDĐT; Nghị định {i + 2}/2020/NĐ-CP ngày "
            f"{i % 28 + 1}/{i % 12 + 1}/2020; Quyết định số {i + 3}/QĐ-UBND; "
            f"Kế hoạch số {i + 4}/KH-SGDĐT-VP; 29-NQ/TW; Luật Giáo dục năm 2019"
        )
    return ";\n".join(refs) + "\n"


def _wrong_combining() -> str:
    marks = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    rng = random.Random(8)
    pieces = ["\u0301\u0323 mở đầu bằng dấu; "]
    for word in PARAGRAPH.split(" "):
        # marks on consonants, digits, spaces and punctuation; stacked marks
        pieces.append("".join(ch + rng.choice(marks) * rng.randint(0, 3) for ch in word))
    return " ".join(pieces)


def cases(scale: str = "unit") -> Iterator[Case]:
    """The hostile corpus at ``unit`` (test suite) or ``full`` (issue 8) scale."""
    full = scale == "full"
    text = PARAGRAPH * 5
    utf8 = text.encode("utf-8")
    yield Case("good.txt", utf8, encoding="utf-8")
    yield Case("empty.txt", b"", error="empty")
    yield Case("whitespace.txt", " \t\r\n\n \u00a0\u3000".encode() * 50, error="empty")
    yield Case(
        "image_png.txt",
        b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(4096)),
        error="not_text",
    )
    yield Case("nul_bytes.txt", b"\x00" * 2048, error="not_text")
    yield Case(
        "nul_in_text.txt", utf8[:200] + b"\x00\x01\x02\x00" * 200 + utf8[200:], error="not_text"
    )
    yield Case(
        "invalid_utf8_middle.txt",
        utf8[:1001] + b"\xff\xfe\xc3" + utf8[1001:],
        encoding="utf-8",
        warning="invalid UTF-8",
        same_references_as="good.txt",
    )
    yield Case(
        "utf16le_bom.txt",
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        encoding="utf-16",
        same_references_as="good.txt",
    )
    yield Case(
        "utf16be_bom.txt",
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        encoding="utf-16",
        same_references_as="good.txt",
    )
    yield Case("utf8_bom.txt", codecs.BOM_UTF8 + utf8, encoding="utf-8-sig")
    yield Case(
        "windows1258.txt", cp1258_bytes(text), encoding="cp1258", same_references_as="good.txt"
    )
    yield Case("tcvn3.txt", encode_tcvn3(text), encoding="tcvn3", same_references_as="good.txt")
    yield Case(
        "tcvn3_mojibake_utf8.txt",
        latin_view(encode_tcvn3(text)).encode("utf-8"),
        encoding="tcvn3",
        same_references_as="good.txt",
    )
    yield Case("vni.txt", encode_vni(text), encoding="vni", same_references_as="good.txt")
    yield Case(
        "vni_mojibake_utf8.txt",
        latin_view(encode_vni(text)).encode("utf-8"),
        encoding="vni",
        same_references_as="good.txt",
    )
    yield Case(
        "nfd.txt",
        unicodedata.normalize("NFD", text).encode("utf-8"),
        encoding="utf-8",
        same_references_as="good.txt",
    )
    yield Case("wrong_combining.txt", _wrong_combining().encode("utf-8"), encoding="utf-8")
    yield Case(
        "crlf.txt",
        text.replace("\n", "\r\n").encode("utf-8"),
        same_references_as="good.txt",
    )
    yield Case(
        "lone_cr.txt", text.replace("\n", "\r").encode("utf-8"), same_references_as="good.txt"
    )
    yield Case(
        "mixed_newlines.txt",
        "".join(
            line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(text.split("\n"))
        ).encode("utf-8"),
    )
    big = (10 * MB if full else 0) + 3 * MB
    yield Case("large_text.txt", _repeat(utf8, big))
    if full:
        yield Case("text_50mb.txt", _repeat(utf8, 50 * MB))
    yield Case("one_mb_line.txt", _repeat(text.replace("\n", " ").encode("utf-8"), MB))
    yield Case(
        "repeated_thong_tu.txt", _repeat("Thông tư số 1/".encode(), (10 if full else 2) * MB)
    )
    yield Case("deep_numbering.txt", _deep_numbering(40).encode("utf-8"))
    yield Case("only_headings.txt", _only_headings(2000).encode("utf-8"))
    yield Case("only_references.txt", _only_references(2000).encode("utf-8"))
    yield Case("mixed_vi_en.txt", ((PARAGRAPH + ENGLISH) * 200).encode("utf-8"))
    # Regex stressors: long runs of the characters the patterns repeat.
    yield Case("slashes.txt", _repeat(b"21/2019/", MB // 2))
    yield Case("hyphens.txt", _repeat("TT-BGDĐT-".encode(), MB // 2))
    yield Case("digits_dots.txt", _repeat(b"1.", MB // 2))
    yield Case("one_long_word.txt", _repeat("Nghịđịnh".encode(), MB // 2))
    yield Case("upper_words.txt", _repeat("CỘNG HÒA XÃ HỘI ".encode(), MB // 2))
    yield Case("blank_page_lines.txt", _repeat(b"  \n  2  \n \n- 3 -\nTrang 4\n", MB // 2))
    yield Case("spaces.txt", b"x" + b" " * (MB // 2) + b"y")
    yield Case("newlines.txt", b"x" + b"\n" * (MB // 2) + b"y")
    yield Case("capitals_line.txt", "Căn cứ\n".encode() + "Ộ".encode() * (MB // 4) + b" x")
    yield Case("spaces_after_newline.txt", b"x\n" + b" " * (MB // 2) + b"y")
    yield Case("tabs_after_newline.txt", "Điều 1\n".encode() + b"\t" * (MB // 2) + b"a) b")
    # Nag Mundari digits: the regex engine reads them as digits, Python's int() does not.
    unknown_digit = "\U0001e4f1"
    yield Case(
        "new_unicode_digits.txt",
        _repeat(
            f"Điều {unknown_digit}. Luật 20{unknown_digit}9 ngày {unknown_digit}/6/2019\n".encode(),
            MB // 4,
        ),
        encoding="utf-8",
    )
    yield Case("so_so.txt", _repeat("số ".encode(), MB // 2))
    yield Case("dieu_dieu.txt", _repeat("Điều ".encode(), MB // 2))
    yield Case("school_names.txt", _repeat("Trường THPT Lạc Thủy C, ".encode(), MB // 2))
    yield Case("ngay_dates.txt", _repeat("ngày 13/6/2011 ".encode(), MB // 2))


# Limit for the batch: above the largest accepted case, below the "too large" one.
def batch_max_bytes(scale: str = "unit") -> int:
    return (64 if scale == "full" else 6) * MB


def too_large_case(scale: str = "unit") -> Case:
    """One byte over :func:`batch_max_bytes`: refused from its size, never read."""
    return Case("too_large.txt", b"a" * (batch_max_bytes(scale) + 1), error="too_large")


def _repeat(unit: bytes, size: int) -> bytes:
    """``unit`` repeated to about ``size`` bytes (whole units: never a cut character)."""
    return unit * max(1, size // len(unit))


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 bytes of ``text`` (precomposed base letters, combining tone marks)."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            # Windows-1258: the base letter precomposed, the tone mark combining.
            decomposed = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in decomposed if c in _TONES)
            base = "".join(c for c in decomposed if c not in _TONES)
            out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def write_corpus(directory: Path, scale: str = "unit") -> list[Case]:
    """Write every case (and the too-large one) into ``directory``; return them."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [*cases(scale), too_large_case(scale)]
    for case in written:
        (directory / case.name).write_bytes(case.data)
    return written


def main() -> None:
    from extractor.pipeline import extract_path_or_error

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["unit", "full"], default="unit")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    directory = args.dir or Path(tempfile.mkdtemp(prefix="hostile-"))
    written = write_corpus(directory, args.scale)
    limit = batch_max_bytes(args.scale)
    total = 0.0
    print(f"{'input':28} {'bytes':>11} {'seconds':>8}  result")
    for case in written:
        start = time.perf_counter()
        doc = extract_path_or_error(directory / case.name, max_bytes=limit)
        elapsed = time.perf_counter() - start
        total += elapsed
        result = (
            f"error {doc.error.code}"
            if doc.error
            else f"{doc.encoding} refs={len(doc.references)} "
            f"sections={len(doc.sections)} warnings={len(doc.warnings)}"
        )
        print(f"{case.name:28} {len(case.data):>11,} {elapsed:8.3f}  {result}", flush=True)
    print(f"{'total':28} {'':>11} {total:8.3f}")
    if args.scale == "full":
        start = time.perf_counter()
        doc = extract_path_or_error(directory / "text_50mb.txt", max_bytes=32 * MB)
        print(
            f"text_50mb.txt with max_bytes=32 MB: {doc.error and doc.error.code} "
            f"in {time.perf_counter() - start:.3f}s"
        )


if __name__ == "__main__":
    main()
