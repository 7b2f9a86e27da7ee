"""Damage that real archives do to text, as pure functions for metamorphic tests.

Each function returns a new text carrying the same document: the extractor should find the
same references in it. ``scripts/perturb.py`` applies them to files.
"""

from __future__ import annotations

import random
import textwrap
import unicodedata
from collections.abc import Callable

import regex

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """Paragraphs (blank-line separated) with their inner line breaks turned into spaces."""
    return [" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text) if block.strip()]


def rewrap(text: str, width: int = 60) -> str:
    """Re-break every line to ``width`` columns, as a PDF of another page size would."""
    lines = []
    for line in text.splitlines():
        wrapped = textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False)
        lines.extend(wrapped or [""])
    return "\n".join(lines)


def flatten(text: str) -> str:
    """Hard-wrapped lines joined: a line that ends mid-sentence and a next line that goes on
    in lower case become one line, so every paragraph sits on a line of its own."""
    return regex.sub(
        r"(?<![.:;!?])[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*(?=\p{Ll})(?![a-zđ][).][ ])", " ", text
    )


def crlf(text: str) -> str:
    """Windows line endings."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def nfd(text: str) -> str:
    """Decomposed Unicode, as macOS file systems and some PDF tools produce."""
    return unicodedata.normalize("NFD", text)


def nbsp(text: str, seed: int = 0) -> str:
    """Every fifth space a no-break space."""
    rng = random.Random(seed)
    return "".join("\u00a0" if ch == " " and rng.random() < 0.2 else ch for ch in text)


def page_numbers(text: str, every: int = 3) -> str:
    """A page number on its own line between paragraphs, every ``every`` paragraphs."""
    blocks = _PARAGRAPH_BREAK.split(text)
    out: list[str] = []
    for index, block in enumerate(blocks):
        out.append(block)
        if index % every == every - 1 and index < len(blocks) - 1:
            out.append(str(index // every + 2))
    return "\n\n".join(out)


def old_tones(text: str) -> str:
    """Old-style tone placement (hòa → hoà, thủy → thuỷ)."""
    from extractor.normalize import _OLD_TO_NEW_TONE

    table = {new: old for old, new in _OLD_TO_NEW_TONE.items()}
    pattern = regex.compile("|".join(map(regex.escape, table)) + r"(?!\p{L})")
    return pattern.sub(lambda m: table[m.group()], unicodedata.normalize("NFC", text))


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "rewrap": rewrap,
    "flatten": flatten,
    "crlf": crlf,
    "nfd": nfd,
    "nbsp": nbsp,
    "page_numbers": page_numbers,
    "old_tones": old_tones,
}
