"""Input readers: plain text, PDF text layers (pypdfium2) and saved web pages (trafilatura).

For a ``.pdf`` or ``.html``/``.htm`` input the offset base is the *extracted text*, not the
file's bytes: the text layer of every page, page furniture (lone page numbers at a page's top
or bottom, running headers and footers repeated on most pages) removed, pages joined with
``"\\n\\f\\n"``; for HTML the main text trafilatura finds (site navigation, footers and scripts
dropped), one paragraph per line. ``sha256`` stays the digest of the file's bytes, so
``--resume`` recognises the file, and ``encoding`` says which reader was used (``pdf``, ``html``).

pypdfium2 and trafilatura are optional dependencies (extras ``pdf`` and ``html``), imported
only when such an input is met.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from extractor.decode import DEFAULT_MAX_BYTES
from extractor.errors import DecodeError, ExtractorError
from extractor.pipeline import error_document, extract, read_input
from extractor.schema import Document

PAGE_BREAK = "\n\f\n"
PDF_SUFFIXES = frozenset({".pdf"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"})
#: What a directory expands to.
INPUT_SUFFIXES = PDF_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES

# "12", "- 12 -", "Trang 3", "3/12", "Page 3 of 12"
_PAGE_NUMBER = re.compile(
    r"^\s*[-–—]?\s*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?\s*[-–—]?\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
#: How many non-empty lines at a page's top and bottom may be page furniture.
_EDGE_LINES = 3


class PdfNoTextError(ExtractorError):
    """The PDF has no text layer (a scan): it must be OCR'd before extraction."""

    code = "pdf_no_text"


def pdf_to_text(raw: bytes, *, name: str = "PDF") -> str:
    """The text layer of a PDF, page furniture removed, pages joined with ``PAGE_BREAK``."""
    import pypdfium2 as pdfium  # optional dependency: the `pdf` extra

    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        raise DecodeError(f"{name} is not a readable PDF: {exc}") from exc
    pages: list[list[str]] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_bounded()
            finally:
                textpage.close()
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            pages.append([line.rstrip() for line in text.split("\n")])
    finally:
        pdf.close()
    if not any(line.strip() for lines in pages for line in lines):
        raise PdfNoTextError(
            f"{name} has no text layer ({len(pages)} page(s), a scanned image?): "
            "run OCR first (for example `ocrmypdf --language vie in.pdf out.pdf`) and "
            "extract the OCR'd file"
        )
    return PAGE_BREAK.join("\n".join(lines).strip("\n") for lines in drop_page_furniture(pages))


def drop_page_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Remove lone page numbers at a page's top or bottom, and running headers/footers.

    A running header (footer) is a line among the first (last) few non-empty lines of a page
    that, digits ignored, recurs at the top (bottom) of at least half the pages, and of at
    least three pages.
    """

    def edges(lines: Sequence[str]) -> tuple[list[int], list[int]]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return filled[:_EDGE_LINES], filled[-_EDGE_LINES:]

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split()).casefold())

    page_edges = [edges(lines) for lines in pages]
    recurring: set[tuple[str, str]] = set()
    if len(pages) >= 3:
        counts: Counter[tuple[str, str]] = Counter()
        for lines, (top, bottom) in zip(pages, page_edges, strict=True):
            counts.update({("top", key(lines[i])) for i in top})
            counts.update({("bottom", key(lines[i])) for i in bottom})
        needed = max(3, (len(pages) + 1) // 2)
        recurring = {k for k, n in counts.items() if n >= needed and len(k[1]) > 1}
    result: list[list[str]] = []
    for lines, (top, bottom) in zip(pages, page_edges, strict=True):
        drop: set[int] = set()
        for where, indexes in (("top", top), ("bottom", bottom)):
            # Only the outermost run of furniture lines goes: stop at the first body line.
            ordered = indexes if where == "top" else list(reversed(indexes))
            for i in ordered:
                if _PAGE_NUMBER.match(lines[i]) or (where, key(lines[i])) in recurring:
                    drop.add(i)
                else:
                    break
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result


def html_to_text(raw: bytes) -> str:
    """The main text of a saved web page (trafilatura), one paragraph per line.

    Site chrome (navigation, footers, scripts, styles) is dropped; when trafilatura finds no
    main content, every visible text of the page is used instead.
    """
    import trafilatura  # optional dependency: the `html` extra

    text = trafilatura.extract(
        raw, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
    )
    if not text:
        text = trafilatura.html2txt(raw)
    return text or ""


def sniff_kind(raw: bytes, suffix: str) -> str:
    """``pdf``, ``html`` or ``text``: by file name, then by content (``%PDF-``, ``<html``)."""
    if suffix in PDF_SUFFIXES or raw[:5] == b"%PDF-":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = raw[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def extract_bytes(
    raw: bytes, *, source: str | None, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Extract text, PDF or HTML bytes; raises an ExtractorError on bad input."""
    kind = sniff_kind(raw, suffix.lower())
    if kind == "text" or len(raw) > max_bytes:
        return extract(raw, source=source, max_bytes=max_bytes)
    text = pdf_to_text(raw, name=source or "PDF") if kind == "pdf" else html_to_text(raw)
    document = extract(text, source=source, max_bytes=max_bytes)
    return document.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest(), "encoding": kind})


def extract_bytes_or_error(
    raw: bytes, *, source: str | None, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Extract text, PDF or HTML bytes; every failure becomes an error record."""
    try:
        return extract_bytes(raw, source=source, suffix=suffix, max_bytes=max_bytes)
    except Exception as exc:
        return error_document(exc, source=source, raw=raw)


def extract_any_or_error(
    path: str | os.PathLike[str], *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read ``path`` (text, PDF or HTML) and extract it; never raises."""
    label = source if source is not None else os.fspath(path)
    try:
        raw = read_input(path, max_bytes=max_bytes)
    except ExtractorError as exc:
        return error_document(exc, source=label)
    return extract_bytes_or_error(raw, source=label, suffix=Path(path).suffix, max_bytes=max_bytes)


def read_text(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, Document]:
    """The offset-base text of ``path`` and its Document (raises on bad input).

    What ``extractor review`` renders: for text files the decoded text, for PDF and HTML the
    extracted text.
    """
    from extractor.decode import decode_bytes

    raw = read_input(path, max_bytes=max_bytes)
    kind = sniff_kind(raw, Path(path).suffix.lower())
    source = os.fspath(path)
    if kind == "text":
        return decode_bytes(raw, max_bytes=max_bytes).text, extract(
            raw, source=source, max_bytes=max_bytes
        )
    text = pdf_to_text(raw, name=source) if kind == "pdf" else html_to_text(raw)
    document = extract(text, source=source, max_bytes=max_bytes).model_copy(
        update={"sha256": hashlib.sha256(raw).hexdigest(), "encoding": kind}
    )
    return text, document


__all__ = [
    "INPUT_SUFFIXES",
    "PAGE_BREAK",
    "PdfNoTextError",
    "drop_page_furniture",
    "extract_any_or_error",
    "extract_bytes",
    "extract_bytes_or_error",
    "html_to_text",
    "pdf_to_text",
    "read_text",
]
