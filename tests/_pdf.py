"""A minimal PDF writer for tests: real text layers (Helvetica + a ToUnicode map), by hand."""

from __future__ import annotations


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one page per item, each line of text drawn top to bottom.

    Non-ASCII characters (Vietnamese) get single-byte codes from 0x80 upward, mapped back to
    Unicode by the font's /ToUnicode CMap, which is what text extraction reads. An empty page
    (``[]``) has no text at all, like a scanned image.
    """
    codes: dict[str, int] = {}

    def encode(line: str) -> str:
        out = []
        for char in line:
            if 0x20 <= ord(char) <= 0x7E:
                out.append(ord(char))
            else:
                if char not in codes:
                    codes[char] = 0x80 + len(codes)
                    assert codes[char] <= 0xFF, "too many distinct non-ASCII characters"
                out.append(codes[char])
        return "".join(f"{b:02X}" for b in out)

    streams = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append(f"<{encode(line)}> Tj T*")
        ops.append("ET")
        streams.append("\n".join(ops) if lines else "")
    chars = sorted(codes.items(), key=lambda kv: kv[1])
    bfchar = "".join(
        f"{len(block)} beginbfchar\n"
        + "".join(f"<{code:02X}> <{ord(ch):04X}>\n" for ch, code in block)
        + "endbfchar\n"
        for block in (chars[i : i + 100] for i in range(0, len(chars), 100))
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        "1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n"
        + bfchar
        + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    n = len(pages)
    # objects: 1 catalog, 2 pages, 3 font, 4 cmap, then (page, content) pairs
    page_ids = [5 + 2 * i for i in range(n)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {n} >>"
        ).encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>",
        4: f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream".encode(),
    }
    for page_id, stream in zip(page_ids, streams, strict=True):
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
