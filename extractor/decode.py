"""Decode stage: input bytes to the ``str`` that every offset refers to.

Order of trust: a byte-order mark, then strict UTF-8, then UTF-8 with a few damaged bytes
(replaced, with a warning), then the legacy Vietnamese 8-bit encodings TCVN3 and VNI
(:mod:`extractor.legacy`, by statistics), then charset-normalizer's guess. The byte-order
mark is dropped; newlines are kept exactly as they are.

Legacy text is converted to Unicode in two situations, and ``encoding`` is then ``"tcvn3"``
or ``"vni"`` with a warning saying so:

* the bytes are not UTF-8 and read as TCVN3 / VNI (``Th\xabng b\xb8o``);
* the bytes are valid UTF-8 (or UTF-16/32 with a byte-order mark) but the text is legacy
  *mojibake* — TCVN3 or VNI bytes that some earlier tool decoded as Latin-1 / cp1252
  (``Th«ng b¸o``, ``Thoâng baùo``) — and is overwhelmingly so.

In both cases **offsets index the converted Unicode text**, not the bytes or the mojibake:
VNI conversion joins a base letter and its modifier into one character, so the converted
text is shorter than the mojibake. Detection never fires on normal Unicode Vietnamese,
English or other Latin-1 languages (see :func:`extractor.legacy.detect_legacy`).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from extractor import legacy
from extractor.errors import DecodeError, EmptyInputError, InputTooLargeError, NotTextError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Checked longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Signatures of common binary formats that are never text.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"%PDF-",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
)

# More replaced bytes than this share of the input means "not UTF-8", not "damaged UTF-8".
_MAX_DAMAGED_SHARE = 0.01
_MAX_CONTROL_SHARE = 0.05
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return. They
# are counted in the UTF-8 bytes (where they stand for themselves) by deleting every other
# byte: one C loop instead of a pattern tried at each character.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text plus how it was decoded."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode ``data``; raise an :class:`~extractor.errors.ExtractorError` when impossible."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"input is {len(data):,} bytes, above the limit of {max_bytes:,} bytes"
        )
    if not data.strip():
        raise EmptyInputError("input is empty" if not data else "input is only white space")
    decoded = _decode(data)
    _check_is_text(decoded.text)
    return decoded


def _decode(data: bytes) -> Decoded:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"bytes after the {name} byte-order mark are invalid: {exc}"
                ) from exc
            return _unmojibake(Decoded(text, name))
    if data.startswith(_BINARY_MAGIC):
        raise NotTextError("input is a binary file (image, archive, PDF or executable)")
    if b"\x00" in data:
        return _guess(data, binary_hint=True)
    try:
        return _unmojibake(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    converted = _legacy_bytes(data)
    if converted is not None:
        return converted
    return _guess(data, binary_hint=False)


def _legacy_bytes(data: bytes) -> Decoded | None:
    """Raw TCVN3 / VNI bytes, converted; ``None`` when they do not read as either."""
    view = legacy.latin_view(data)
    verdict = legacy.detect_legacy(view)
    if verdict is None:
        return None
    converted = legacy.convert(view, verdict.encoding)
    # Windows-1258 is the other 8-bit Vietnamese encoding: keep whichever reads better.
    as_cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if legacy.syllable_share(as_cp1258) >= legacy.syllable_share(converted):
        return None
    return Decoded(converted, verdict.encoding, (_legacy_warning(verdict, "bytes"),))


def _unmojibake(decoded: Decoded) -> Decoded:
    """Unicode text that is TCVN3 / VNI mis-decoded as Latin-1, converted; else unchanged."""
    try:
        verdict = legacy.detect_legacy(decoded.text)
    except Exception:  # detection is a heuristic: it must never cost a document
        return decoded
    if verdict is None:
        return decoded
    text = legacy.convert(decoded.text, verdict.encoding)
    warning = _legacy_warning(verdict, f"{decoded.encoding} text read as Latin-1")
    return Decoded(text, verdict.encoding, (*decoded.warnings, warning))


def _legacy_warning(verdict: legacy.LegacyVerdict, form: str) -> str:
    return (
        f"legacy {verdict.encoding.upper()} encoding ({form}) converted to Unicode: "
        f"{verdict.gained} of {verdict.changed} changed words now read as Vietnamese; "
        "offsets index the converted text"
    )


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid bytes: keep it, mark the damage with U+FFFD, warn."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    has_multibyte = any(byte >= 0xC2 for byte in data)
    if bad and has_multibyte and bad <= max(1, int(len(data) * _MAX_DAMAGED_SHARE)):
        warning = f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
        return Decoded(text, "utf-8", (warning,))
    return None


def _guess(data: bytes, *, binary_hint: bool) -> Decoded:
    from charset_normalizer import from_bytes  # deferred: only unusual inputs need it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        if binary_hint:
            raise NotTextError("input contains NUL bytes and no text encoding fits it")
        raise DecodeError("no text encoding fits the input bytes")
    encoding = codecs.lookup(best.encoding).name
    if binary_hint and not encoding.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
        raise NotTextError("input contains NUL bytes: it is binary, not text")
    return Decoded(str(best), encoding.replace("_", "-"), (f"encoding guessed as {encoding}",))


def _check_is_text(text: str) -> None:
    if not text.strip():
        raise EmptyInputError("input is only white space")
    controls = len(text.encode("utf-8", "surrogatepass").translate(None, _OTHER_BYTES))
    if controls > len(text) * _MAX_CONTROL_SHARE:
        raise NotTextError(f"{controls} control characters: the input is not text")
