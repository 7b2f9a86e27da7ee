"""Normalize stage: a matching view of the input with an offset map back to it.

The input string is never changed: every span the pipeline reports is an offset into it. The
pipeline matches on :class:`NormalizedText`, whose ``text`` is the input with

* Unicode composed (NFC), cluster by cluster so each change is mapped;
* CRLF and lone CR turned into LF; soft hyphens and zero-width characters removed;
* no-break and other odd spaces turned into plain spaces, look-alike hyphens into ``-`` and
  the Latin ``Ð`` of legacy conversions into Vietnamese ``Đ``;
* old tone placement (``hoà``, ``thuỷ``) unified with the new (``hòa``, ``thủy``);

and whose ``joined`` view has, at the same offsets, hard-wrapped lines and lone page-number
lines turned into spaces, so that a citation broken over lines reads as one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

# Soft hyphen, zero-width space / non-joiner / joiner, word joiner, byte-order mark.
_INVISIBLES = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Changes that alter length: each becomes one mapped edit.
# Combining marks are matched alone (a pattern starting with "any character" would be tried
# at every position); the cluster then extends back to the base letter before them.
_LENGTH_CHANGING = regex.compile(
    r"(?P<newline>\r\n?)"
    r"|(?P<invisible>[" + _INVISIBLES + "]+)"
    r"|(?P<marks>\p{M}+)"
)

# One character for one character: spaces, hyphens, the legacy-font Eth.
_ONE_FOR_ONE: dict[str, str] = {
    "\u00a0": " ",
    "\u2000": " ",
    "\u2001": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\x0b": "\n",
    "\x0c": "\n",  # form feed: a page break in PDF text is a line break
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u00d0": "Đ",
    "\u00f0": "đ",
}


def replace_odd_characters(text: str) -> str:
    """``text`` with the one-for-one replacements of ``_ONE_FOR_ONE`` made.

    Each odd character is looked for on its own (a fast scan) and replaced only when
    present: ``str.translate`` would look every character of a long text up in the table.
    """
    for odd, replacement in _ONE_FOR_ONE.items():
        if odd in text:
            text = text.replace(odd, replacement)
    return text


_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
# Vowel pairs whose tone sits on the second vowel in the old style, on the first in the new.
_MOVABLE_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in _MOVABLE_PAIRS:
        for mark in _TONE_MARKS:
            for first_cased in (first, first.upper()):
                for second_cased in (second, second.upper()):
                    old = first_cased + unicodedata.normalize("NFC", second_cased + mark)
                    new = unicodedata.normalize("NFC", first_cased + mark) + second_cased
                    table[old] = new
    return table


_OLD_TO_NEW_TONE = _tone_table()
# A vowel pair that may carry an old-style tone: a plain first vowel, a toned second one.
# Python's ``re`` scans for the leading character class quickly; which pairs are in the
# table and the context are checked on the few candidates.
_OLD_TONE_CANDIDATE = re.compile(
    "[" + "".join(sorted({old[0] for old in _OLD_TO_NEW_TONE})) + "]"
    "[" + "".join(sorted({old[1] for old in _OLD_TO_NEW_TONE})) + "]"
)


def unify_tone_placement(text: str) -> str:
    """Rewrite old-style tone placement (``hoà``, ``thuỷ``) in the new style (``hòa``, ``thủy``).

    Only at the end of a syllable ("hoàng" is right in both styles) and not after q ("quý").
    The result has the same length as ``text``; ``text`` must be NFC.
    """
    pieces: list[str] = []
    copied_to = 0
    for match in _OLD_TONE_CANDIDATE.finditer(text):
        start, end = match.span()
        new = _OLD_TO_NEW_TONE.get(match.group())
        if (
            new is None
            or (start > 0 and text[start - 1] in "qQ")
            or (end < len(text) and text[end].isalpha())
        ):
            continue
        pieces += (text[copied_to:start], new)
        copied_to = end
    if not pieces:
        return text
    pieces.append(text[copied_to:])
    return "".join(pieces)


def normalize_key(text: str) -> str:
    """A comparison key for names: NFC, new tone placement, lower case, single spaces."""
    composed = replace_odd_characters(unicodedata.normalize("NFC", text))
    return " ".join(unify_tone_placement(composed).lower().split())


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a normalized string back to offsets in the input.

    Stored as the list of edits (replacements and deletions); between edits the two strings
    agree character for character, so memory grows with the number of edits, not the text.
    A span that starts or ends inside an edited stretch widens to cover all of it.
    """

    norm_starts: tuple[int, ...] = ()
    norm_ends: tuple[int, ...] = ()
    input_starts: tuple[int, ...] = ()
    input_ends: tuple[int, ...] = ()

    def start(self, pos: int) -> int:
        """Input offset for a span starting at normalized ``pos``."""
        i = bisect_right(self.norm_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.norm_ends[i]:
            return self.input_starts[i]
        return self.input_ends[i] + (pos - self.norm_ends[i])

    def end(self, pos: int) -> int:
        """Input offset for a span ending (exclusive) at normalized ``pos``."""
        i = bisect_left(self.norm_starts, pos) - 1
        if i < 0:
            return pos
        if pos <= self.norm_ends[i]:
            return self.input_ends[i]
        return self.input_ends[i] + (pos - self.norm_ends[i])


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The input, its normalized matching view, and the map between them."""

    source: str
    text: str
    offsets: OffsetMap = field(default_factory=OffsetMap)
    joined: str = ""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input offsets of the normalized span ``[start, end)``."""
        return self.offsets.start(start), self.offsets.end(end)

    def surface(self, start: int, end: int) -> str:
        """The input text under the normalized span ``[start, end)``."""
        in_start, in_end = self.span(start, end)
        return self.source[in_start:in_end]


def normalize(source: str) -> NormalizedText:
    """Build the normalized view of ``source`` with its offset map."""
    text, offsets = _apply_length_changes(source)
    text = replace_odd_characters(text)
    text = mask_unreadable_digits(text)
    text = unify_tone_placement(text)
    return NormalizedText(source, text, offsets, join_wrapped_lines(text))


_DIGIT = regex.compile(r"\d")


def mask_unreadable_digits(text: str) -> str:
    """``text`` with U+FFFD for each digit that the ``regex`` module knows and Python's
    ``int()`` does not (a newer Unicode version: Kawi, Nag Mundari …), so that no stage
    matches a number it cannot convert.

    Such digits lie outside the Basic Multilingual Plane, where a character takes two UTF-16
    units: a text whose UTF-16 form has one unit per character has none (one C pass).
    """
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return text
    return _DIGIT.sub(lambda match: match.group() if match.group().isdecimal() else "\ufffd", text)


def _apply_length_changes(source: str) -> tuple[str, OffsetMap]:
    if (
        "\r" not in source
        and not any(invisible in source for invisible in _INVISIBLES)
        and unicodedata.is_normalized("NFC", source)
    ):
        # The usual input, seen in a few C scans: in NFC text every cluster of a base
        # letter and its marks is already composed, so there is nothing to edit.
        return source, OffsetMap()
    return _edit_clusters(source)


def _edit_clusters(source: str) -> tuple[str, OffsetMap]:
    pieces: list[str] = []
    norm_starts: list[int] = []
    norm_ends: list[int] = []
    input_starts: list[int] = []
    input_ends: list[int] = []
    copied_to = 0
    norm_pos = 0
    for match in _LENGTH_CHANGING.finditer(source):
        start, end = match.span()
        group = match.lastgroup
        if group == "newline":
            replacement = "\n"
        elif group == "invisible":
            replacement = ""
        else:
            if start > copied_to and source[start - 1] not in "\r\n":
                start -= 1  # the base letter the marks sit on
            replacement = unicodedata.normalize("NFC", source[start:end])
        if replacement == source[start:end]:
            continue
        pieces.append(source[copied_to:start])
        norm_pos += start - copied_to
        norm_starts.append(norm_pos)
        input_starts.append(start)
        pieces.append(replacement)
        norm_pos += len(replacement)
        norm_ends.append(norm_pos)
        input_ends.append(end)
        copied_to = end
    if not norm_starts:
        return source, OffsetMap()
    pieces.append(source[copied_to:])
    offsets = OffsetMap(
        tuple(norm_starts), tuple(norm_ends), tuple(input_starts), tuple(input_ends)
    )
    return "".join(pieces), offsets


# A lone page number: "2", "- 2 -", "Trang 2", "2/10". Every optional part starts with a
# character other than a space, so the spaces around it have one way to match.
_PAGE_NUMBER = r"(?:Trang[ ]+)?(?:-[ ]*)?\d{1,3}(?:[ ]*-?/[ ]*\d{1,3}|[ ]*-)?"
# A line break with the blank lines and lone page numbers ("2", "- 2 -", "Trang 2") around it.
# It starts at the line feed itself (a leading "[ ]*" could start anywhere, and the engine
# would try every position); spaces before it stay spaces in the joined view anyway.
_LINE_BREAK = re.compile(rf"\n(?:[ ]*(?:{_PAGE_NUMBER}[ ]*)?\n)*[ ]*")
# What opens a new block: a bullet, a numbered or lettered heading, an all-caps heading word.
_BLOCK_START = regex.compile(
    r"[-+•*–—]|\d+(?:\.\d+)*[.)]|[IVXLC]+[.)-]|\p{Ll}[)]|(?:Phần|Chương|Mục|Điều)\b"
    r"|\p{Lu}{2,}[ ]+\p{Lu}{2,}"
)
_SENTENCE_END = ".:;!?"


def join_wrapped_lines(text: str) -> str:
    """``text`` with soft line breaks (and lone page numbers) turned into spaces.

    A break is soft when the next line continues the sentence: it starts in lower case, or
    the line before it has no closing punctuation and the next line opens no new block.
    The result has the same length as ``text``.
    """
    pieces: list[str] = []
    copied_to = 0
    last = len(text) - 1
    for match in _LINE_BREAK.finditer(text):
        start, end = match.span()
        if end > last:
            break
        before_end = start
        while before_end and text[before_end - 1] == " ":
            before_end -= 1
        if not before_end:
            continue
        if text[end].islower() or (
            text[before_end - 1] not in _SENTENCE_END and _BLOCK_START.match(text, end) is None
        ):
            pieces += (text[copied_to:start], " " * (end - start))
            copied_to = end
    if not pieces:
        return text
    pieces.append(text[copied_to:])
    return "".join(pieces)
