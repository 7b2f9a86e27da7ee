"""The pipeline: decode → normalize → sections → references → schools → metadata → Document.

Every stage reads the normalized view and reports spans mapped back to the input.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extractor.decode import DEFAULT_MAX_BYTES, decode_bytes
from extractor.errors import (
    EmptyInputError,
    ExtractorError,
    InputTooLargeError,
    UnreadableInputError,
)
from extractor.metadata import extract_metadata
from extractor.normalize import normalize
from extractor.references import extract_references
from extractor.schema import Document, ErrorInfo
from extractor.schools import extract_schools
from extractor.sections import extract_sections


def extract(
    data: str | bytes,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Extract a :class:`Document` from text or raw bytes.

    Offsets in the result index the text as given (for bytes: as decoded, byte-order mark
    dropped, newlines untouched). Raises an :class:`~extractor.errors.ExtractorError`
    (a ``ValueError``) when the input is empty, binary, too large or undecodable.
    """
    if isinstance(data, str):
        raw = data.encode("utf-8", errors="surrogatepass")
        if len(raw) > max_bytes:
            raise InputTooLargeError(
                f"input is {len(raw):,} bytes, above the limit of {max_bytes:,} bytes"
            )
        if not data.strip():
            raise EmptyInputError("input is empty" if not data else "input is only white space")
        text, encoding, warnings = data, None, []
    elif isinstance(data, bytes | bytearray):
        raw = bytes(data)
        decoded = decode_bytes(raw, max_bytes=max_bytes)
        text, encoding, warnings = decoded.text, decoded.encoding, list(decoded.warnings)
    else:
        raise TypeError(f"extract() takes str or bytes, not {type(data).__name__}")
    norm = normalize(text)
    sections = extract_sections(norm, warnings)
    references = extract_references(norm, warnings)
    schools = extract_schools(norm)
    metadata = extract_metadata(norm, warnings)
    return Document(
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        doc_type=metadata.doc_type,
        number=metadata.number,
        issuer=metadata.issuer,
        place=metadata.place,
        date=metadata.date,
        title=metadata.title,
        signer=metadata.signer,
        recipients=metadata.recipients,
        clean_text=metadata.clean_text,
        sections=sections,
        references=references,
        schools=schools,
        warnings=tuple(warnings),
        encoding=encoding,
    )


def extract_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Extract a :class:`Document` from a text, PDF or HTML file; ``source`` is the path.

    For PDF and HTML the offsets index the extracted text (see :mod:`extractor.inputs`).
    """
    from extractor.inputs import extract_bytes  # the readers import this module

    raw = read_input(path, max_bytes=max_bytes)
    return extract_bytes(raw, source=os.fspath(path), suffix=Path(path).suffix, max_bytes=max_bytes)


def read_input(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing files above ``max_bytes`` before reading them."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{path} is {size:,} bytes, above the limit of {max_bytes:,} bytes"
            )
        return file.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def error_document(error: Exception, *, source: str | None, raw: bytes = b"") -> Document:
    """The record for an input that could not be processed: every other field empty."""
    if isinstance(error, ExtractorError):
        info = ErrorInfo(code=error.code, message=str(error))
    else:
        info = ErrorInfo(code="internal", message=f"{type(error).__name__}: {error}")
    return Document(source=source, sha256=hashlib.sha256(raw).hexdigest(), error=info)


def extract_or_error(
    data: str | bytes, *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Like :func:`extract`, but a failure becomes an error record instead of an exception.

    This is what batch processing uses: every input yields exactly one Document.
    """
    try:
        return extract(data, source=source, max_bytes=max_bytes)
    except Exception as exc:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
        return error_document(exc, source=source, raw=raw)


def extract_path_or_error(
    path: str | os.PathLike[str], *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read and extract ``path`` (text, PDF or HTML); any failure is an error record."""
    from extractor.inputs import extract_any_or_error  # the readers import this module

    return extract_any_or_error(path, source=source, max_bytes=max_bytes)
