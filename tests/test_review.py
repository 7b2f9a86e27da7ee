"""The review page: rendered by displaCy, checked in a real headless Chromium."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

from click.testing import CliRunner

from extractor.cli import main
from extractor.review import REFERENCE_COLOR, SCHOOL_COLOR, SECTION_COLORS

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "corpus" / "docs" / "000_64954fcd109ca0f5.txt"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("chromium is not installed: `make install` installs it")


def _rgb(color: str) -> tuple[int, int, int]:
    value = int(color.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _png_colors(
    data: bytes, wanted: set[tuple[int, int, int]]
) -> tuple[int, set[tuple[int, int, int]]]:
    """Decode an 8-bit RGB(A) PNG with zlib/struct: non-white pixel count, wanted colours seen."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, bytearray(), b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color_type in (2, 6)
    bpp = 3 if color_type == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    previous = bytearray(stride)
    non_white, seen = 0, set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        previous = line
        if y % 4 == 0:  # sample rows: enough to see highlights and text
            for x in range(0, stride, bpp):
                pixel = (line[x], line[x + 1], line[x + 2])
                if pixel != (255, 255, 255):
                    non_white += 1
                    if pixel in wanted:
                        seen.add(pixel)
    return non_white, seen


def test_review_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    result = CliRunner().invoke(main, ["review", str(DOC), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'class="entity"' in html and "43/2011/NĐ-CP" in html
    browser = _chromium()
    profile = tempfile.mkdtemp(dir=tmp_path)
    shot = tmp_path / "out.png"
    subprocess.run(
        [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=True,
        cwd=tmp_path,
    )
    data = shot.read_bytes()
    assert len(data) > 20_000
    wanted = {_rgb(REFERENCE_COLOR), _rgb(SCHOOL_COLOR), _rgb(SECTION_COLORS["findings"])}
    non_white, seen = _png_colors(data, wanted)
    assert non_white > 10_000
    assert seen == wanted  # references, schools and a findings section are on screen
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        timeout=90,
        check=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert dom.count('class="entity"') >= 20
    assert 'data-kind="findings"' in dom
    assert "References (22)" in dom
