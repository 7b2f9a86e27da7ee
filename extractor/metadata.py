"""Metadata and clean-text stage: what a document says about itself, and its main text.

:func:`extract_metadata` reads the header block (issuer top left, Quốc hiệu top right, ``Số: …``
and place + date, the type word and the trích yếu or a công văn's ``V/v …``), the signature
block near the end (authority ``KT./TL./TM./Q.``, office title, name) and the Nơi nhận list.
It copes with the three layouts the corpus shows: plain lines, PDF text whose left and right
columns are interleaved on the same lines (cut at runs of spaces), and markdown/docx tables whose
cells are joined by ``|`` and ``<br>``. A page saved from a news site (byline, site chrome, no
Quốc hiệu, no số hiệu, no signature) has no ``doc_type``; its title and byline date are read.

:func:`clean_text` is the normalized text without YAML front matter, HTML note/menu blocks and
tags, page numbers, running headers and web-site chrome (share buttons, counters, breadcrumbs,
related-news lists, comment boxes, copyright footers), detected by general signals.

Both work on :attr:`NormalizedText.text` (NFC, new tone placement, LF line ends); every
lexicon lives in ``models/metadata.yaml``. Regexes here are linear (no nested quantifiers over
the same characters). For speed, a line is examined one by one only where a whole-text pass
over the document says it may matter (``re`` scans of the upper-cased heads of its lines, of the
starts of their column segments, of literal characters); every such pass finds a superset of
the lines the per-line test accepts. Likewise a costly pattern is tried only where a quick
check (a letter it needs, a letter it opens with) passes, and a line's plain form is computed
once, in whole-text passes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, repeat
from operator import itemgetter, not_

import regex

from extractor.normalize import NormalizedText, unify_tone_placement
from extractor.resources import load_model
from extractor.schema import Signer

# How many lines from the top the header block (and a web page's title and byline) may reach.
_HEADER_LINES = 60
# Lines around a signature anchor that may hold the signature block.
_SIG_BEFORE = 4
_SIG_AFTER = 30


@dataclass(frozen=True)
class Metadata:
    """The document's own metadata (see the output contract)."""

    doc_type: str | None
    number: str | None
    issuer: str | None
    place: str | None
    date: str | None
    title: str | None
    signer: Signer | None
    recipients: tuple[str, ...]
    clean_text: str = ""


# ------------------------------------------------------------------------------------ lexicon


def _prep(word: str) -> str:
    return unify_tone_placement(unicodedata.normalize("NFC", word))


def _alternation(words: list[str]) -> str:
    """Longest-first alternation of ``words``, any run of spaces between their words."""
    ordered = sorted({_prep(w) for w in words}, key=len, reverse=True)
    return "|".join(r"[ ]+".join(regex.escape(t) for t in w.split()) for w in ordered)


def _letters(word: str, gap: str = " ") -> list[str]:
    """The pattern of each character of ``word`` (for :func:`_prefix_trie`), ``gap`` for a space."""
    return [gap if char == " " else re.escape(char) for char in word]


_Trie = dict[str, "_Trie"]


def _prefix_trie(words: Iterable[Iterable[str]]) -> str:
    """An alternation (for `re`) that matches where one of ``words`` starts, each word a sequence
    of patterns. It is shaped as a trie: the branches at each step open with different patterns,
    so that `re` goes only into a branch whose first character the text goes on with."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for part in word:
            node = node.setdefault(part, {})
        node[""] = {}  # a word ends here: what follows does not matter

    def branches(node: _Trie) -> list[str]:
        return [part + pattern(child) for part, child in sorted(node.items())]

    def pattern(node: _Trie) -> str:
        if "" in node:
            return ""
        alternatives = branches(node)
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return "|".join(branches(trie))


class _Lexicon:
    """The compiled lexicons of ``models/metadata.yaml``."""

    def __init__(self) -> None:
        data = load_model("metadata")
        self.type_by_heading = {_key(k): v for k, v in data["type_headings"].items()}
        self.type_by_code = {_prep(k): v for k, v in data["type_codes"].items()}
        headings = _alternation(list(data["type_headings"]))
        # A type heading: the type word in capitals opening the line, not the enacting
        # "QUYẾT ĐỊNH:" and not a longer capital word.
        self.heading = regex.compile(rf"^(?P<word>{headings})(?![\p{{L}}\d])[ ]*(?P<rest>.*)$")
        prefixes = [p.rstrip(".") for p in data["authority_prefixes"]]
        authority_prefix = rf"(?P<prefix>(?:{_alternation(prefixes)})[ ]*\.)[ ]*(?=\p{{Lu}})"
        self.authority = regex.compile(authority_prefix)
        self.authority_anywhere = regex.compile(rf"(?<![\p{{L}}/]){authority_prefix}")
        self.titles = regex.compile(
            rf"(?<![\p{{L}}])(?:{_alternation(data['signer_titles'])})(?![\p{{L}}])"
        )
        # Quick checks before the patterns above: the first letters of the authority prefixes,
        # and the office titles as a superset (no letter bounds) that `re` finds fast.
        self.authority_initials = frozenset(_prep(p)[0] for p in prefixes)
        self.title_hint = re.compile(
            _prefix_trie(_letters(_prep(title), "[ ]+") for title in data["signer_titles"])
        )
        # What opens a segment that anchors a signature block: "Nơi nhận", a signature stamp
        # or an authority prefix, in one pattern.
        self.anchor_opener = regex.compile(
            f"{_RECIPIENT_HEAD.pattern}|{_STAMP.pattern}|{authority_prefix}"
        )
        # The start of a segment (in the view of _signature_hints) that may open a signature
        # block or a Nơi nhận list: "Nơi nhận" or a signature stamp, an authority prefix or an
        # office title.
        offices = [_letters(_prep(title), _WORD_GAP) for title in data["signer_titles"]]
        offices += [[*_letters(p), r"(?:[ =~\-]|<[^<>\n]*>)*\."] for p in prefixes]
        self.signature_hint = re.compile(
            rf"\n{_SEGMENT_LEAD}(?={_SIGNATURE_WORDS}|{_prefix_trie(offices)})"
        )
        self.surnames = frozenset(_prep(s) for s in data["surnames"])
        self.not_name = frozenset(_prep(s) for s in data["not_name_words"])
        self.title_stop = regex.compile(
            rf"^(?:{_alternation(data['title_stops'])})(?![\p{{L}}])|^Ngày[ ]+\d"
        )
        self.organ = regex.compile(
            rf"^(?!BAN[ ]+HÀNH)(?:{_alternation(data['organ_words'])})(?![\p{{L}}])"
        )
        self.issuer_split = regex.compile(
            rf"(?<=\p{{L}}[ ]+)(?<!MÔI[ ]+|THỊ[ ]+|HIỆN[ ]+)"
            rf"(?:{_alternation(data['issuer_split_words'])})(?=[ ]+\p{{Lu}})"
        )
        self.locality = regex.compile(
            rf"(?<![\p{{L}}])(?P<loc>{_alternation(data['locality_words'])})(?![\p{{L}}])"
        )
        self.readable = {_prep(k): _prep(v) for k, v in data["readable_names"].items()}
        self.readable_pattern = regex.compile(
            rf"(?<![\p{{L}}&])(?:{_alternation(list(data['readable_names']))})(?![\p{{L}}&])"
        )
        self.organ_caps = {_key(w) for w in data["organ_words"]}
        # Quốc hiệu and Tiêu ngữ, with the letters OCR and typists get wrong ("CỘNG HÕA")
        self.motto = regex.compile(
            rf"(?i:{_alternation(data['national_motto'])}"
            r"|cộng[ ]+h\p{L}a[ ]+x\p{L}[ ]+h\p{L}i[ ]+ch\p{L}[ ]+ngh\p{L}a"
            r"|độc[ ]+lập[ ]*[-–][ ]*tự[ ]+do[ ]*[-–][ ]*hạnh[ ]+phúc)"
        )
        chrome = data["chrome"]
        self.share_words = frozenset(_key(w) for w in chrome["share_words"])
        self.counter = regex.compile(
            rf"^(?i:{_alternation(chrome['counter_labels'])})[ ]*:?[ ]*\d[\d.,]*"
            r"(?:[ ]*(?i:lượt|người|khách))?[ ]*$"
        )
        self.copyright = regex.compile(rf"^(?i:{_alternation(chrome['copyright_openers'])})")
        self.related = frozenset(_key(w) for w in chrome["related_headings"])
        self.comment = frozenset(_key(w) for w in chrome["comment_headings"])
        self.form_label = regex.compile(rf"^(?i:{_alternation(chrome['form_labels'])})[ ]*[:*]?")
        self.block_hints = tuple(h.lower() for h in chrome["block_hints"])
        # The head of a line that may be chrome (see _chrome_hints), upper-cased, after "\n": it
        # opens with a signal word (as much of it as a head holds), a link or a bare address.
        signals = [
            _key(word)[: _HEAD_LENGTH - 1]
            for part in (
                "related_headings",
                "comment_headings",
                "counter_labels",
                "share_words",
                "copyright_openers",
            )
            for word in chrome[part]
        ]
        signals += ["![", "[", "HTTP", "WWW."]
        self.chrome_hint = re.compile(f"\n(?:{_prefix_trie(map(_letters, signals))})")
        weekdays = _alternation(chrome["weekdays"])
        labels = _alternation(chrome["byline_labels"])
        date = r"(?P<d>\d{1,2})[ ]*[/.-][ ]*(?P<m>\d{1,2})[ ]*[/.-][ ]*(?P<y>\d{4})"
        self.byline = regex.compile(
            rf"(?:(?<![\p{{L}}])(?:{weekdays})[ ]*,?[ ]*(?:(?i:ngày)[ ]*)?{date}"
            rf"|(?i:{labels})[ ]*:?[ ]*(?:[^\d\n]{{0,40}}?)?{date})"
        )


def _find_motto(text: str) -> regex.Match[str] | None:
    """``motto.search(text)`` of the lexicon, tried only from the letter before the first "ộ"
    in either case: each motto has it second ("CỘNG HÒA …", "Độc lập …")."""
    first = min((at for at in (text.find("ộ"), text.find("Ộ")) if at >= 0), default=None)
    return None if first is None else _lexicon().motto.search(text, max(first - 1, 0))


def _opens_authority(text: str) -> regex.Match[str] | None:
    """``authority.match(text)`` of the lexicon, tried only where a prefix may open."""
    lex = _lexicon()
    return lex.authority.match(text) if text[:1] in lex.authority_initials else None


def _has_title(text: str) -> bool:
    """Whether an office title stands in ``text`` (``titles.search``)."""
    lex = _lexicon()
    return lex.title_hint.search(text) is not None and lex.titles.search(text) is not None


def _key(text: str) -> str:
    """Comparison key of a phrase: NFC, new tone placement, upper case, single spaces."""
    return " ".join(_prep(text).upper().split())


@cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


# ------------------------------------------------------------------------------ line helpers

_TAG = regex.compile(r"<[^<>\n]{0,300}>")
_BR = regex.compile(r"<br[ ]*/?>", regex.IGNORECASE)
# Three spaces or more (see _columns); a literal start, which `re` finds fast.
_SPACE_GAP = re.compile(r"    *")
_RULE = regex.compile(r"[-_=~*]{3,}")
# _RULE in a copy of the text where every rule character reads "-" (see _as_dashes): a literal
# start, which `re` finds fast.
_DASH_RUN = re.compile(r"----*")
# (after a "\n" put before the text: a literal start, which `re` finds fast)
_MD_HEADING = re.compile(r"\n[ ]*#{1,6}[ ]+")
# "**", "__", or a lone * or _ opening (not after a letter or digit) or closing (not before one)
# a stretch; the look-behinds come after the mark so that a match can only start at * or _.
_EMPHASIS = regex.compile(r"\*\*|__|[*_](?:(?<![\p{L}\d][*_])(?=\S)|(?<=\S[*_])(?![\p{L}\d]))")
_STAR = re.compile(r"\*")
# Two spaces or more: the literal start of two spaces lets `re` pass single spaces fast.
_SPACES = re.compile(r"   *")
_NON_LETTERS = regex.compile(r"\P{L}+")
_TWO_LETTERS = regex.compile(r"\p{L}\P{L}*\p{L}")
# White space other than " " and "\n".
_ODD_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")


def _unmarked(text: str) -> str:
    """``text`` without markdown emphasis, heading marks, tags and rules; runs of spaces made one.

    No pattern here reaches across a line end, so ``text`` may hold many lines; a pass whose
    trigger character is absent changes nothing and is skipped.
    """
    if "<" in text:
        text = _BR.sub(" ", text)
        text = _TAG.sub(" ", text)
    if "#" in text:
        text = _MD_HEADING.sub("\n", f"\n{text}")[1:]
    text = _strip_emphasis(text)
    dashes = _as_dashes(text)
    if "---" in dashes:
        text = _replace_rules(text, dashes)
    return _SPACES.sub(" ", text) if "  " in text else text


def _plain(text: str) -> str:
    """``text`` without markdown emphasis, heading marks, tags and rules; spaces collapsed."""
    return _unmarked(text).strip()


def _strip_emphasis(text: str) -> str:
    """``_EMPHASIS.sub("", text)``, the pattern tried only where a mark stands (`regex` looks
    for the marks slowly; `re` finds a literal fast in a copy where both read "*")."""
    if "*" not in text and "_" not in text:
        return text
    marks = text.replace("_", "*")
    pieces: list[str] = []
    end = 0
    for star in _STAR.finditer(marks):
        pos = star.start()
        if pos < end:
            continue
        if text[pos : pos + 2] in ("**", "__"):  # the pattern's first branches
            pieces.append(text[end:pos])
            end = pos + 2
        elif match := _EMPHASIS.match(text, pos):
            pieces.append(text[end:pos])
            end = match.end()
    pieces.append(text[end:])
    return "".join(pieces)


_MARKS = re.compile(r"\*\**")  # (a literal start, which `re` finds fast)


def _joins_at_marks(text: str) -> bool:
    """Whether _strip_emphasis may join two characters of ``text``: a run of marks stands
    between two characters other than white space."""
    if "*" not in text and "_" not in text:
        return False
    marks = text.replace("_", "*")
    return any(
        text[run.start() - 1 : run.start()].strip() and text[run.end() : run.end() + 1].strip()
        for run in _MARKS.finditer(marks)
    )


def _as_dashes(text: str) -> str:
    """``text`` with every rule character read as "-" (same length)."""
    return text.replace("_", "-").replace("=", "-").replace("~", "-").replace("*", "-")


def _replace_rules(text: str, dashes: str) -> str:
    """``_RULE.sub(" ", text)``; ``dashes`` is ``_as_dashes(text)``."""
    pieces: list[str] = []
    end = 0
    for run in _DASH_RUN.finditer(dashes):
        pieces += (text[end : run.start()], " ")
        end = run.end()
    pieces.append(text[end:])
    return "".join(pieces)


def _nonblank(plains: list[str]) -> list[int]:
    """The indices of the lines whose plain form is not empty."""
    return list(compress(range(len(plains)), plains))


def _line_numbers(text: str, positions: Iterable[int]) -> list[int]:
    """The line index in ``text`` of each of ``positions`` (ascending)."""
    numbers: list[int] = []
    line = 0
    last = 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        numbers.append(line)
    return numbers


def _columns(line: str) -> list[str]:
    """``line`` cut at its column gaps: ``|``, a tab, 3+ spaces."""
    cells = line.replace("\t", "|").split("|")
    return [piece for cell in cells for piece in _SPACE_GAP.split(cell)]


def _segments(line: str, plain: str) -> list[str]:
    """The column pieces of a line (``|`` cells, ``<br>`` parts, runs of 3+ spaces), made plain;
    ``plain`` is ``_plain(line)``, the one piece of a line with no gap but at its ends."""
    core = line.strip()
    if "|" not in core and "\t" not in core and "   " not in core and "<" not in core:
        return [plain] if plain else []
    if "<" in line:
        line = _BR.sub("\t", line)
    return [p for p in map(_plain, _columns(line)) if p and p.strip("|")]


def _is_caps(text: str) -> bool:
    """Whether ``text`` is two letters or more, at most one in twelve of them lower case."""
    # (quick answers first: taking the letters out is slow)
    if text.isupper():  # not one lower-case letter
        return _TWO_LETTERS.search(text) is not None
    if sum(map(text.count, "nhtcg")) > len(text) // 12:  # too many common lower-case ones
        return False
    letters = _NON_LETTERS.sub("", text)
    if len(letters) < 2:
        return False
    return sum(map(str.islower, letters)) <= len(letters) // 12


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


# ----------------------------------------------------------------------------- number & date

_OWN_NUMBER = regex.compile(
    r"(?<![\p{L}])(?:Số|SỐ|số)(?:[ ]+(?:ký[ ]+)?hiệu)?[ ]*:[ ]*"
    r"(?P<n>\d{1,6}(?:[ ]?[.,]?\d{1,3})?)?[ ]*"
    r"(?P<c>/[ ]?[\p{L}\d&]+(?:[ ]?[-/][ ]?[\p{L}\d&]+)*)"
)
_OWN_NUMBER_BARE = regex.compile(
    r"^[ |*]*(?:Số|SỐ)[ ]+(?P<n>\d{1,6})[ ]*(?P<c>/[ ]?[\p{L}\d&]+(?:[ ]?[-/][ ]?[\p{L}\d&]+)*)"
)
_DATE = regex.compile(
    r"(?i:ngày)[ ._…]{0,40}(?P<d>\d[ ]?\d|\d)?[ ._…]{0,40}(?i:tháng)[ ._…]{0,40}"
    r"(?P<m>\d[ ]?\d|\d)?[ ._…]{0,40}(?i:năm)[ ]{0,20}(?P<y>\d{4}|\d{2}[ ]\d{2})(?!\d)"
)
_PLACE = regex.compile(
    r"^(?:(?i:thành[ ]+phố|tp\.?|thị[ ]+xã|thị[ ]+trấn|huyện|tỉnh|quận|xã|phường)[ ]+)?"
    r"\p{Lu}\p{Ll}*(?:[ ]+\p{Lu}\p{Ll}*){0,4}$"
)
_PLACE_CUT = regex.compile(r"\||\t|\*|[ ]{2,}|[-–][ ]*(?i:hạnh[ ]+phúc)[ ]+|(?i:hạnh[ ]+phúc)[ ]+")
_VV = regex.compile(r"(?:^|(?<=[ |*]))(?i:V/v)[ ]*[:.]?[ ]*")
_CODE_SPLIT = regex.compile(r"[-/]")
_NUMBER_WORD = regex.compile(r"(?<![\p{L}])(?:Số|SỐ)(?:[ ]+(?:ký[ ]+)?hiệu)?[ ]*:")
# A Vietnamese syllable (lower case): what is not one is an abbreviation ("UBND", "SCT").
_SYLLABLE = regex.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?$"
)


def _find_date(text: str) -> regex.Match[str] | None:
    """``_DATE.search(text)``, tried only where its "ngày" may stand ("à" in either case)."""
    return _DATE.search(text) if "à" in text or "À" in text else None


def _find_number(lines: list[str]) -> tuple[int, str] | None:
    """(line index, số hiệu as printed) of the document's own ``Số: …`` line."""
    for pattern in (_OWN_NUMBER, _OWN_NUMBER_BARE):
        for i, line in enumerate(lines[:_HEADER_LINES]):
            if "ố" not in line and "Ố" not in line:  # (a quick answer: no "Số")
                continue
            if "(" in line[: line.find("ố") + 1]:  # "(Kèm theo … số …)"
                continue
            match = pattern.search(_strip_emphasis(line))
            if match is None:
                continue
            raw = (match.group("n") or "") + match.group("c")
            if match.group("n"):
                raw = match.group(0)[match.start("n") - match.start() :]
            number = _SPACES.sub(" ", raw).strip().rstrip(".-")
            return i, number
    return None


def _code_type(number: str) -> tuple[str | None, bool]:
    """(doc type, is an explicit type code) named by the code of a số hiệu."""
    table = _lexicon().type_by_code
    parts = [p.strip() for p in _CODE_SPLIT.split(number) if p.strip()]
    for part in parts:
        if part[0].isdigit():
            continue
        if part in table:
            return table[part], True
        return "cong_van", False
    return None, False


def _iso_date(
    d: str | None, m: str | None, y: str, warnings: list[str], surface: str
) -> str | None:
    year = int(y.replace(" ", ""))
    if not 1900 <= year <= 2100:
        warnings.append(f"impossible date: {surface.strip()}")
        return None
    if m is None:
        return f"{year:04d}"
    month = int(m.replace(" ", ""))
    if not 1 <= month <= 12:
        warnings.append(f"impossible date: {surface.strip()}")
        return None
    if d is None:
        return f"{year:04d}-{month:02d}"
    day = int(d.replace(" ", ""))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        warnings.append(f"impossible date: {surface.strip()}")
        return None


def _find_place_date(
    lines: list[str], end: int, warnings: list[str]
) -> tuple[str | None, str | None, int | None]:
    """Place, ISO date and line index of the header's "Place, ngày … tháng … năm …" line."""
    for i, line in enumerate(lines[:end]):
        text = _strip_emphasis(line)
        match = _find_date(text)
        if match is None:
            continue
        before = text[: match.start()].rstrip(" ,")
        pieces = [p.strip(" ,") for p in _PLACE_CUT.split(before)]
        place_text = pieces[-1] if pieces else ""
        place = place_text if place_text and _PLACE.match(place_text) else None
        only_date = not _plain(before)
        if place is None and not only_date:
            continue
        date = _iso_date(
            match.group("d"), match.group("m"), match.group("y"), warnings, match.group(0)
        )
        return place, date, i
    return None, None, None


# ------------------------------------------------------------------------------ header block


@dataclass(frozen=True, slots=True)
class _Header:
    heading_line: int | None
    heading_type: str | None
    heading_rest: str
    vv_line: int | None
    body_start: int
    body_found: bool


_BODY_START = regex.compile(
    r"^(?:Căn[ ]+cứ|Thực[ ]+hiện|Kính[ ]+gửi|Điều[ ]+1\b|Ngày[ ]+\d|Theo[ ]+đề[ ]+nghị"
    r"|Xét[ ]+đề[ ]+nghị|I[.][ ]|1[.][ ]|A[.][ ])"
)
_NUMBERED = regex.compile(
    r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|[A-Z])[.)][ ]|^(?:Điều|Chương|Phần|Mục)[ ]+[\dIVXLC]"
)


def _read_header(lines: list[str], plains: list[str]) -> _Header:
    lex = _lexicon()
    heading_line: int | None = None
    heading_type: str | None = None
    heading_rest = ""
    vv_line: int | None = None
    body_start = min(len(lines), _HEADER_LINES)
    body_found = False
    seen_content = False
    for i, (line, plain) in enumerate(zip(lines[:_HEADER_LINES], plains, strict=False)):
        if not plain:
            continue
        if seen_content and _BODY_START.match(plain):
            body_start, body_found = i, True
            break
        seen_content = True
        if vv_line is None and heading_line is None and _VV.search(line):
            vv_line = i
        if heading_line is not None or line.lstrip().startswith("|"):
            continue
        match = lex.heading.match(plain)
        if match is None:
            continue
        rest = match.group("rest").strip()
        if rest.startswith(":") or (rest and rest[0].islower()):
            continue
        heading_line = i
        heading_type = lex.type_by_heading[_key(match.group("word"))]
        heading_rest = rest
    return _Header(heading_line, heading_type, heading_rest, vv_line, body_start, body_found)


def _title_stop(plain: str) -> bool:
    lex = _lexicon()
    if lex.title_stop.match(plain) or _NUMBERED.match(plain):
        return True
    if plain.startswith(("(", "|", "[")) or _find_motto(plain):
        return True
    if _is_caps(plain) and (lex.organ.match(plain) or lex.titles.match(plain)):
        return True
    return bool(_is_caps(plain) and plain.rstrip().endswith(":"))


def _heading_title(plains: list[str], header: _Header) -> str | None:
    assert header.heading_line is not None
    parts: list[str] = [header.heading_rest] if header.heading_rest else []
    caps: bool | None = _is_caps(header.heading_rest) if header.heading_rest else None
    blanks = 0
    for plain in plains[header.heading_line + 1 : header.heading_line + 12]:
        if not plain:
            blanks += 1
            if parts and blanks >= 3:
                break
            continue
        if _title_stop(plain) or (_lexicon().heading.match(plain) and not parts):
            break
        line_caps = _is_caps(plain)
        if caps is not None and line_caps != caps:
            break
        if parts and not plain[0].islower() and (blanks >= 2 or plain.endswith((".", ":"))):
            break
        caps = line_caps
        blanks = 0
        parts.append(plain)
        if len(parts) >= 6:
            break
    title = _SPACES.sub(" ", " ".join(parts)).strip().rstrip(" .;,")
    return title or None


_WIDE_GAP = regex.compile(r"\t|[ ]{3,}")


def _vv_title(lines: list[str], start: int) -> str | None:
    line = lines[start]
    match = _VV.search(line)
    assert match is not None
    first = _columns(line[match.end() :])[0]
    parts = [_plain(first)]
    base_indent = _indent(line)
    for nxt in lines[start + 1 : start + 8]:
        if not nxt.strip() or nxt.lstrip().startswith("|"):
            break
        if _indent(nxt) > max(30, base_indent + 25):
            break
        segment = _plain(_WIDE_GAP.split(nxt.strip(), maxsplit=1)[0])
        if not segment or _title_stop(segment) or _find_date(segment):
            break
        if _OWN_NUMBER.search(segment) or segment.startswith(("*", "#")):
            break
        parts.append(segment)
    title = _SPACES.sub(" ", " ".join(p for p in parts if p)).strip().rstrip(" .;,")
    return title or None


# ---------------------------------------------------------------------------------- issuer


_NUMBER_SLASH = regex.compile(r"\d+[ ]*/")
_PEOPLES_COMMITTEE = regex.compile(
    r"^(?:UBND|Ủ?Y[ ]+BAN[ ]+NHÂN[ ]+DÂN|UỶ[ ]+BAN[ ]+NHÂN[ ]+DÂN)[ ]+(?P<loc>.+)$"
)


def _issuer(lines: list[str], plains: list[str], end: int) -> str | None:
    lex = _lexicon()
    units: list[str] = []
    for line, plain in zip(lines[:end], plains, strict=False):
        for segment in _segments(line, plain):
            number = _NUMBER_WORD.search(segment) if "ố" in segment or "Ố" in segment else None
            if number is not None:
                segment = segment[: number.start()].strip()
            motto = _find_motto(segment)
            if motto is not None:
                segment = segment[: motto.start()].strip()
            segment = segment.strip(" -–,")
            if segment.startswith("/") or _NUMBER_SLASH.match(segment):
                continue
            if not segment or not _is_caps(segment) or _find_date(segment):
                continue
            if lex.heading.match(segment) and not lex.organ.match(segment):
                continue
            segment = _join_spaced_letters(segment)
            if units and not lex.organ.match(segment):
                units[-1] = f"{units[-1]} {segment}"
            else:
                units.append(segment)
    if not units:
        return None
    if len(units) == 1:
        pieces = [p.strip() for p in lex.issuer_split.split(units[0])]
        starts = [m.group() for m in lex.issuer_split.finditer(units[0])]
        units = [pieces[0]] + [f"{w} {p}".strip() for w, p in zip(starts, pieces[1:], strict=True)]
    body = units[-1]
    if len(units) == 1:
        return _readable(body)
    parent = units[0]
    parent_match = _PEOPLES_COMMITTEE.match(parent)
    if parent_match and lex.locality.match(parent_match.group("loc")):
        if not lex.locality.search(body):
            return f"{_readable(body)} {_readable(parent_match.group('loc'), first_upper=False)}"
        return _readable(body)
    return f"{_readable(body)} - {_readable(parent)}"


_SPACED_LETTERS = regex.compile(r"(?<![\p{L}])\p{Lu}(?:[ ]\p{Lu}(?![\p{L}]))+")


def _join_spaced_letters(text: str) -> str:
    """Join letters spaced apart by a converter into syllables.

    "B Ộ LAO ĐỘNG … V À X Ã HỘI" → "BỘ LAO ĐỘNG … VÀ XÃ HỘI": each run of single letters is
    joined into the longest syllables it spells.
    """

    def join(match: regex.Match[str]) -> str:
        letters = match.group().split()
        out: list[str] = []
        i = 0
        while i < len(letters):
            for j in range(len(letters), i, -1):
                if j - i == 1 or _SYLLABLE.match("".join(letters[i:j]).lower()):
                    out.append("".join(letters[i:j]))
                    i = j
                    break
        return " ".join(out)

    return _SPACED_LETTERS.sub(join, text)


def _readable(caps: str, *, first_upper: bool = True) -> str:
    """A name printed in capitals in its usual casing ("SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "Sở Giáo dục và
    Đào tạo", "TỈNH HÒA BÌNH" → "tỉnh Hòa Bình")."""
    lex = _lexicon()
    words: list[str] = []
    pos = 0
    text = _SPACES.sub(" ", caps.strip())
    after_locality = False
    after_known = False
    tokens: list[tuple[str, str]] = []  # (kind, text): known | locality | word
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        known = lex.readable_pattern.match(text, pos)
        if known is not None:
            tokens.append(("known", lex.readable[" ".join(known.group().split())]))
            pos = known.end()
            continue
        loc = lex.locality.match(text, pos)
        if loc is not None:
            tokens.append(("locality", loc.group().lower()))
            pos = loc.end()
            continue
        end = text.find(" ", pos)
        end = len(text) if end < 0 else end
        tokens.append(("word", text[pos:end]))
        pos = end
    # trailing words after the last known phrase or locality word: a place name ("LÀO CAI")
    trailing_words = 0
    for kind, _token in reversed(tokens):
        if kind != "word":
            break
        trailing_words += 1  # noqa: SIM113
    if tokens and not tokens[-1][1].strip(",.;:()").isalpha():
        trailing_words = 0
    for index, (kind, token) in enumerate(tokens):
        if kind == "known":
            words.append(token)
            after_known = True
            after_locality = False
        elif kind == "locality":
            words.append(token)
            after_locality = True
        else:
            name_like = after_locality or (
                after_known and trailing_words <= 2 and index >= len(tokens) - trailing_words
            )
            core = token.strip(",.;:()")
            abbreviation = not core.isalpha() or not _SYLLABLE.match(core.lower())
            if abbreviation:
                words.append(token)
            elif name_like or (index == 0 and token in lex.organ_caps):
                words.append(token.capitalize())
            else:
                words.append(token.lower())
    result = " ".join(words)
    if first_upper and result:
        result = result[0].upper() + result[1:]
    return result


# ------------------------------------------------------------------------------- signature


@dataclass(frozen=True, slots=True)
class _Item:
    line: int
    kind: str  # auth | title | name | signed | other
    text: str


_SIGNED = regex.compile(
    r"^[(\[]?[ ]*(?i:đã[ ]+ký|ký[ ]*,?[ ]*(?:tên|ghi|và|đóng)|daky|ký[ ]+số)[^)\]]*[)\]]?[ ]*$"
)
_STAMP = regex.compile(r"^(?i:ký[ ]+bởi|người[ ]+ký|signed[ ]+by)[ ]*:[ ]*(?P<who>.+)$")
_RECIPIENT_HEAD = regex.compile(r"^(?i:nơi[ ]+nhận)[ ]*:?")
# The notes that open a segment of a signature block, tried at once (see _line_items).
_OPENER = regex.compile(
    rf"(?:{_RECIPIENT_HEAD.pattern})|(?P<signed>{_SIGNED.pattern})|{_STAMP.pattern}"
)
_NAME_WORDS = 5  # at most
_NAME = regex.compile(rf"^\p{{Lu}}\p{{Ll}}*(?:[ ]\p{{Lu}}\p{{Ll}}*){{1,{_NAME_WORDS - 1}}}$")
_TRAILING_NAME = regex.compile(
    rf"(?<=^|[ ])(?P<name>\p{{Lu}}\p{{Ll}}+(?:[ ]+\p{{Lu}}\p{{Ll}}*){{1,{_NAME_WORDS - 1}}})$"
)


_HONORIFICS = ("Ông", "Bà", "Đ/c")
_HONORIFIC = regex.compile(rf"^(?:{'|'.join(_HONORIFICS)})[ ]+")


def _person_name(text: str) -> str | None:
    text = text.strip()
    if not 0 < text.count(" ") < _NAME_WORDS and not text.startswith(_HONORIFICS):
        return None  # (a quick answer: not two to five words)
    text = _HONORIFIC.sub("", text)
    if not _NAME.match(text):
        return None
    lex = _lexicon()
    words = text.split()
    if words[0] in lex.not_name or " ".join(words[:2]) in lex.not_name:
        return None
    return text


def _parse_caps(text: str, line: int) -> list[_Item]:
    """Authority, title and name items of one signature-column text ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH
    Lâm Hải Giang", "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI CHỦ TỊCH")."""
    lex = _lexicon()
    items: list[_Item] = []
    name: str | None = None
    trailing = _TRAILING_NAME.search(text)
    if trailing is not None and _is_caps(text[: trailing.start()]) and trailing.start() > 0:
        name = _person_name(trailing.group("name"))
        if name is not None:
            text = text[: trailing.start()].strip()
    pos = 0
    while pos < len(text):
        auth = lex.authority.match(text, pos)
        if auth is None:
            break
        prefix = auth.group("prefix").replace(" ", "")
        rest_start = auth.end()
        nxt = lex.authority_anywhere.search(text, rest_start)
        limit = nxt.start() if nxt else len(text)
        office_end = limit
        if prefix.upper() in ("TM.", "T/M."):
            for title in lex.titles.finditer(text, rest_start, limit):
                if len(text[rest_start : title.start()].split()) >= 2:
                    office_end = title.start()
                    break
        else:
            first = lex.titles.match(text, rest_start)
            if first is not None:
                office_end = first.end()
        office = text[rest_start:office_end].strip()
        items.append(_Item(line, "auth", f"{prefix.upper().replace('T/M.', 'TM.')} {office}"))
        pos = office_end
        while pos < len(text) and text[pos] == " ":
            pos += 1
    rest = text[pos:].strip()
    if rest:
        titles = list(lex.titles.finditer(rest))
        if len(titles) > 1 and titles[-1].end() == len(rest):
            rest = titles[-1].group()
        items.append(_Item(line, "title", rest))
    if name is not None:
        items.append(_Item(line, "name", name))
    return items


def _signature_items(
    lines: list[str], plains: list[str], start: int, end: int, memo: dict[int, list[_Item]]
) -> Iterator[_Item]:
    """The items of lines ``start``–``end``, read only as far as they are consumed; ``memo``
    keeps each line's items for the next window, as windows around nearby anchors overlap."""
    for i in range(start, end):
        line_items = memo.get(i)
        if line_items is None:
            line_items = memo[i] = _line_items(lines[i], plains[i], i)
        yield from line_items


def _line_items(line: str, plain: str, i: int) -> list[_Item]:
    """The signature items of line ``i`` (``plain`` is ``_plain(line)``)."""
    lex = _lexicon()
    items: list[_Item] = []
    for segment in _segments(line, plain):
        if segment.startswith(("-", "+", "•")):
            continue
        opener = _OPENER.match(segment)
        if opener is not None:  # "Nơi nhận", a "signed" note or a signature stamp
            if opener.group("signed") is not None:
                items.append(_Item(i, "signed", segment))
            elif opener.group("who") is not None:
                who = _person_name(opener.group("who").strip(" .;"))
                if who is not None:
                    items.append(_Item(i, "name", who))
            continue
        name = _person_name(segment)
        if name is not None:
            items.append(_Item(i, "name", name))
            continue
        authority = _opens_authority(segment)
        if authority is not None or _is_caps(segment):
            if (_NUMBERED.match(segment) and authority is None) or _find_motto(segment):
                items.append(_Item(i, "other", segment))
                continue
            parsed = _parse_caps(segment, i)
            if authority is None and not _has_title(segment):
                parsed = [
                    item if item.kind == "name" else _Item(i, "caps", item.text) for item in parsed
                ]
            items.extend(parsed)
            continue
        # a title before a trailing name is one in the segment: the quicker search first
        if _has_title(segment) and (trailing := _TRAILING_NAME.search(segment)) is not None:
            before = segment[: trailing.start()]
            if before and _is_caps(before) and lex.titles.search(before):
                items.extend(_parse_caps(segment, i))
                continue
        items.append(_Item(i, "other", segment))
    return items


def _signer_from_items(items: Iterable[_Item]) -> Signer | None:
    lex = _lexicon()
    auth: str | None = None
    title: str | None = None
    last_sig: int | None = None
    since_sig = 0
    for item in items:
        if item.kind == "auth":
            auth, title, last_sig, since_sig = item.text, None, item.line, 0
        elif item.kind == "title":
            title, last_sig, since_sig = item.text, item.line, 0
        elif item.kind == "caps":
            if auth is not None and title is None and last_sig is not None:
                title, last_sig, since_sig = item.text, item.line, 0
        elif item.kind == "name":
            if last_sig is None or item.line - last_sig > 14:
                continue
            strong = item.text.split()[0] in lex.surnames
            if strong or since_sig == 0:
                return Signer(name=item.text, title=title, authority=auth)
        elif item.kind == "other":
            since_sig += 1
    return None


# What _plain turns into the space between two words of a segment: spaces, tags, rules.
_WORD_GAP = r"(?:[ =~\-]|<[^<>\n]*>)+"
# What _plain may drop before the first word of a segment: white space, tags, heading marks,
# rules (emphasis marks are gone from the view of _signature_hints).
_LEAD_CHARS = f"[ #=~\\-{re.escape(_ODD_SPACES)}]*+"
_SEGMENT_LEAD = rf"{_LEAD_CHARS}(?:<[^<>\n]*>{_LEAD_CHARS})*+"
# _RECIPIENT_HEAD and _STAMP, their words apart as in a cell (whose column gaps are line ends in
# the view of _signature_hints). The first letter in either case or a sign that `regex` folds
# to it (the Kelvin sign, long s), so that `re` goes into a branch only where that letter
# stands; the rest case-insensitive, where `re` matches a superset of what `regex` does.
_HEAD_GAP = r"(?:[ \n=~\-]|<[^<>\n]*>)+"
_SIGNATURE_WORDS = (
    rf"[nN](?i:ơi{_HEAD_GAP}nhận|gười{_HEAD_GAP}ký)"
    rf"|[kK\u212a](?i:ý{_HEAD_GAP}bởi)|[sS\u017f](?i:igned{_HEAD_GAP}by)"
)
_SIGNATURE_HEAD = re.compile(_SIGNATURE_WORDS)


@dataclass(frozen=True, slots=True)
class _SignatureHints:
    """Lines that may open a signature block or a Nơi nhận list, found in a whole-text pass: a
    superset of those that :func:`_signature_anchors` and :func:`_recipient_list` accept."""

    recipient_heads: list[int]  # "Nơi nhận" (or a signature stamp)
    anchors: list[int]  # also an authority prefix or an office title


def _signature_hints(lines: list[str], plains: list[str]) -> _SignatureHints:
    """Every test of a segment (or a cell) is anchored at its start: so, in a view of the lines
    without emphasis marks (_plain may delete them between letters) where every column gap is
    a line end, only the starts of lines are tried. A line whose plain form is empty has no
    segment, and is left out."""
    numbers = _nonblank(plains)
    # (each line after a "\n": the count of line ends before a position is its line's number + 1)
    view = "\n".join(chain(("",), compress(lines, plains)))
    for mark in "*_":
        if mark in view:  # (a fast scan: `replace` counts more slowly)
            view = view.replace(mark, "")
    # (the same length, so that positions in the view count its lines)
    starts = view.replace("|", "\n").replace("\t", "\n").replace("   ", "\n  ")
    if "<" in starts:
        starts = _BR.sub(lambda br: "\n".ljust(len(br.group())), starts)
    found = list(_lexicon().signature_hint.finditer(starts))
    ends = _line_numbers(view, (match.end() for match in found))
    found_lines = [numbers[k - 1] for k in ends]
    pairs = zip(found_lines, found, strict=True)
    heads = {i for i, match in pairs if _SIGNATURE_HEAD.match(starts, match.end())}
    return _SignatureHints(sorted(heads), sorted(set(found_lines)))


def _signature_anchors(
    lines: list[str], plains: list[str], start: int, hints: _SignatureHints
) -> list[int]:
    lex = _lexicon()
    anchors: list[int] = []
    for i in hints.anchors:
        if i < start:
            continue
        for segment in _segments(lines[i], plains[i]):
            if lex.anchor_opener.match(segment) or (
                _is_caps(segment) and lex.titles.fullmatch(segment)
            ):
                anchors.append(i)
                break
    return anchors


def _signer(
    lines: list[str], plains: list[str], start: int, hints: _SignatureHints
) -> Signer | None:
    tried_until = -1
    memo: dict[int, list[_Item]] = {}
    for anchor in _signature_anchors(lines, plains, start, hints):
        if anchor <= tried_until:
            continue
        window_start = max(start, anchor - _SIG_BEFORE)
        window_end = min(len(lines), anchor + _SIG_AFTER)
        items = _signature_items(lines, plains, window_start, window_end, memo)
        signer = _signer_from_items(items)
        if signer is not None:
            return signer
        tried_until = anchor + 2
    return None


# ------------------------------------------------------------------------------ recipients

_INLINE_BULLET = regex.compile(r"(?:^|(?<=[;.)])[ ]*)[-–•+][ ]+")


_BULLET = regex.compile(r"^[-–•+*][ ]*")


def _clean_recipient(text: str) -> str:
    text = _plain(text)
    text = _BULLET.sub("", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip().rstrip(" ;.,").strip()


def _breaks_as_separators(text: str) -> str:
    """``text`` with each ``<br>`` read as " ; "."""
    return _BR.sub(" ; ", text) if "<" in text else text


def _opens_recipient_head(text: str) -> regex.Match[str] | None:
    """``_RECIPIENT_HEAD.match(text)``, tried only where ``text`` opens with "n" in either case
    (no other letter folds to it)."""
    return _RECIPIENT_HEAD.match(text) if text[:1] in ("n", "N") else None


def _split_inline(text: str) -> list[str]:
    parts = _INLINE_BULLET.split(_breaks_as_separators(text))
    out = [_clean_recipient(p) for p in parts]
    return [p for p in out if p]


_INLINE_DASH = regex.compile(r"[;.][ ]+-")


def _recipient_list(
    lines: list[str], plains: list[str], start: int, hints: _SignatureHints
) -> tuple[str, ...]:
    head: int | None = None
    for i in hints.recipient_heads:
        if i >= start and any(_RECIPIENT_HEAD.match(_plain(cell)) for cell in lines[i].split("|")):
            head = i
            break
    if head is None:
        return ()
    items: list[str] = []
    open_item = False
    done = False
    blank_run = 0
    raw_last = ""
    for i in range(head, min(len(lines), head + 45)):
        line = lines[i]
        if line.lstrip().startswith("|"):
            cells = [c for c in line.strip().strip("|").split("|")]
            texts = [cells[0]] if cells else []
            if i == head:
                texts = [c for c in cells if _RECIPIENT_HEAD.match(_plain(c))]
        else:
            texts = [p for p in _columns(line) if p.strip()]
            if texts and i != head and _indent(line) > 35:
                texts = []
        if not "".join(texts).strip():
            blank_run += 1
            if (done and blank_run >= 1) or blank_run >= 4:
                break
            continue
        blank_run = 0
        for n, text in enumerate(texts):
            plain = _plain(_breaks_as_separators(text))
            head_match = _opens_recipient_head(plain)
            if head_match is not None:
                plain = plain[head_match.end() :].strip()
                if plain:
                    items.extend(_split_inline(plain))
                    done = items[-1].startswith("Lưu") if items else False
                continue
            if ("<" in text and _BR.search(text)) or (
                plain.startswith("-") and _INLINE_DASH.search(plain)
            ):
                items.extend(_split_inline(plain))
                open_item = False
                continue
            if plain.startswith(("-", "+", "•", "–")):
                cleaned = _clean_recipient(plain)
                if cleaned:
                    items.append(cleaned)
                    raw_last = plain.rstrip()
                    open_item = not plain.rstrip().endswith((";", "."))
                    done = cleaned.startswith("Lưu")
                continue
            if n > 0:
                continue
            if _is_caps(plain) or _opens_authority(plain) or _person_name(plain):
                if done or items:
                    done = True
                continue
            if open_item and items:
                items[-1] = _clean_recipient(f"{raw_last} {plain}")
                raw_last = f"{raw_last} {plain}"
                open_item = not plain.rstrip().endswith((";", "."))
                done = items[-1].startswith("Lưu") and not open_item
                continue
            if items:
                done = True
        if done and not open_item and i > head:
            nxt = plains[i + 1] if i + 1 < len(plains) else ""
            if not nxt.startswith(("-", "+")):
                break
    return tuple(items)


_KINH_GUI = regex.compile(r"(?i:kính[ ]+gửi)[ ]*:?[ ]*")


def _kinh_gui(plains: list[str], end: int) -> tuple[str, ...]:
    for i, plain in enumerate(plains[:end]):
        match = _KINH_GUI.search(plain)
        if match is None:
            continue
        items: list[str] = []
        inline = plain[match.end() :].strip()
        if inline:
            items.extend(_split_inline(inline))
        for text in plains[i + 1 : i + 20]:
            if not text:
                if items:
                    break
                continue
            if not text.startswith(("-", "+", "•")):
                break
            items.extend(_split_inline(text))
        return tuple(items)
    return ()


# ------------------------------------------------------------------------------ web pages


def _news_title_and_date(plains: list[str], warnings: list[str]) -> tuple[str | None, str | None]:
    lex = _lexicon()
    title: str | None = None
    date: str | None = None
    for plain in plains[:_HEADER_LINES]:
        if not plain:
            continue
        byline = lex.byline.search(plain)
        if byline is not None and date is None:
            date = _iso_date(
                byline.group("d"), byline.group("m"), byline.group("y"), warnings, byline.group()
            )
            if title is not None:
                break
            continue
        if title is None and len(plain.split()) >= 3 and not _chrome_line(plain):
            title = plain
    return title, date


# ------------------------------------------------------------------------------- public API


def extract_metadata(norm: NormalizedText, warnings: list[str]) -> Metadata:
    """Metadata of the document in ``norm``; problems found are appended to ``warnings``."""
    content = _content(norm.text)
    lines, plains = content.lines, content.plains
    header = _read_header(lines, plains)
    number_at = _find_number(lines)
    number = number_at[1] if number_at else None
    first_mark = min(
        (i for i in (header.heading_line, header.vv_line) if i is not None),
        default=header.body_start,
    )
    place, date, _ = _find_place_date(lines, max(first_mark, header.body_start), warnings)
    has_motto = _find_motto("\n".join(lines[:_HEADER_LINES])) is not None
    # A signature block never stands in the header, and nothing in a header looks like one
    # ("Nơi nhận", "KT. …", a lone office title): search from the top, so that the block is
    # found before an annex whose own heading follows it.
    sig_start = 0
    hints = _signature_hints(lines, plains)
    signer = _signer(lines, plains, sig_start, hints)
    recipients = _recipient_list(lines, plains, sig_start, hints)

    doc_type: str | None = None
    if header.vv_line is not None and (
        header.heading_line is None or header.vv_line < header.heading_line
    ):
        doc_type = "cong_van"
    elif header.heading_type is not None:
        doc_type = header.heading_type
    code_type, explicit = _code_type(number) if number else (None, False)
    if doc_type is None and number is not None:
        doc_type = code_type
    elif doc_type is not None and explicit and code_type != doc_type:
        warnings.append(
            f"document number {number!r} has a type code for {code_type}"
            f" but the document is headed as {doc_type}"
        )
    administrative = has_motto or number is not None or signer is not None
    if not administrative and header.heading_line is not None:
        top = [i for i, plain in enumerate(plains[:_HEADER_LINES]) if plain][:3]
        administrative = (
            bool(recipients)
            or (bool(top) and header.heading_line == top[0])
            or (not content.web_like and header.heading_line in top)
        )
    title: str | None = None
    if administrative:
        if doc_type == "cong_van" and header.vv_line is not None:
            title = _vv_title(lines, header.vv_line)
        elif header.heading_line is not None:
            title = _heading_title(plains, header)
        issuer = _issuer(lines, plains, first_mark)
        if not recipients:
            recipients = _kinh_gui(plains, _HEADER_LINES)
        return Metadata(
            doc_type, number, issuer, place, date, title, signer, recipients, _joined(lines)
        )
    title, date = _news_title_and_date(plains, warnings)
    return Metadata(None, None, None, None, date, title, None, (), _joined(lines))


# A run of line ends (where "\n\n\n" stands, a run of blank lines: see _joined).
_LINE_ENDS = re.compile(r"\n+")


def clean_text(norm: NormalizedText) -> str:
    """The main text of ``norm``: normalized, without page furniture and web-site chrome.

    :func:`extract_metadata` returns the same text as ``Metadata.clean_text``.
    """
    return _joined(_content(norm.text).lines)


def _joined(lines: list[str]) -> str:
    rstripped = list(map(str.rstrip, lines))
    # blank lines at either end go (a copy of the joined text saved)
    start, end = 0, len(rstripped)
    while start < end and not rstripped[start]:
        start += 1
    while end > start and not rstripped[end - 1]:
        end -= 1
    return _blank_runs_made_one("\n".join(rstripped[start:end]))


def _blank_runs_made_one(text: str) -> str:
    """``text`` with each run of blank lines made one blank line. Such runs are rare: `str.find`
    looks for them faster than a `re` scan of the whole text, and `re` only measures each."""
    pieces: list[str] = []
    end = 0
    start = text.find("\n\n\n")
    while start >= 0:
        run = _LINE_ENDS.match(text, start)
        assert run is not None  # (it opens with "\n\n\n")
        pieces += (text[end:start], "\n\n")
        end = run.end()
        start = text.find("\n\n\n", end)
    if not pieces:
        return text
    pieces.append(text[end:])
    return "".join(pieces)


# ------------------------------------------------------------------------------ cleaning

_FRONT_MATTER_START = re.compile(r"\s*+---")
_FRONT_MATTER_KEY = regex.compile(r"^[A-Za-z_][\w-]*[ ]*:")
_OPEN_TAG = regex.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9]*)(?P<attrs>[^<>]*)>")
_ALWAYS_CHROME_TAGS = frozenset(
    {"nav", "header", "footer", "aside", "script", "style", "form", "noscript", "iframe", "button"}
)
_BLOCK_TAGS = _ALWAYS_CHROME_TAGS | {"div", "section", "ul", "ol", "table", "p", "span"}
_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
_ENTITY = regex.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")
_PAGE_NUMBER = regex.compile(
    r"^[ ]*(?:[-–—][ ]*)?(?:(?i:trang|page)[ ]*)?\d{1,3}[ ]*(?:/[ ]*\d{1,3})?(?:[ ]*[-–—])?[ ]*$"
)
_HEADLINE_DATE = regex.compile(
    r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)[ .]*$|[-–][ ]*\d{1,2}/\d{1,2}/\d{4}$"
)
_LINK_ONLY = regex.compile(
    r"^(?:[ ]*!?\[[^\]\n]{0,120}\]\([^)\n]*\)[ ]*[|•·,]?)+[ ]*$|^[ ]*(?:https?://|www\.)\S+[ ]*$"
)
_BREADCRUMB = regex.compile(r"^[^>»›\n]{1,60}(?:[>»›][^>»›\n]{1,60}){2,}$")
_SEPARATORS = regex.compile(r"[|•·/,;]|[ ]-[ ]|[ ]{2,}")


def _strip_front_matter(text: str) -> str:
    if not _FRONT_MATTER_START.match(text):
        return text
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return text
    for j in range(first + 1, min(len(lines), first + 200)):
        if lines[j].strip() == "---":
            inner = [line for line in lines[first + 1 : j] if line.strip()]
            if inner and _FRONT_MATTER_KEY.match(inner[0]):
                return "\n" * (j + 1) + "\n".join(lines[j + 1 :])
            return text
    return text


def _strip_html(text: str) -> str:
    """Remove chrome blocks (nav, footer, note/menu/share divs…) whole, then every other tag;
    decode entities."""
    if "<" in text:
        text = _strip_tags(text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text


def _strip_tags(text: str) -> str:
    lex = _lexicon()
    text = _COMMENT.sub(" ", text)
    out: list[str] = []
    pos = 0
    skip_depth = 0
    skip_name = ""
    for match in _OPEN_TAG.finditer(text):
        name = match.group("name").lower()
        closing = bool(match.group("close"))
        if skip_depth:
            if name == skip_name:
                skip_depth += -1 if closing else (0 if match.group("attrs").endswith("/") else 1)
                if skip_depth == 0:
                    # keep the line count: the block's newlines become blank lines
                    out.append("\n" * text.count("\n", pos, match.end()))
                    pos = match.end()
            continue
        if closing or name not in _BLOCK_TAGS:
            continue
        attrs = match.group("attrs").lower()
        hinted = any(hint in attrs for hint in lex.block_hints) and name != "p"
        if name in _ALWAYS_CHROME_TAGS or hinted:
            out.append(text[pos : match.start()])
            pos = match.start()
            skip_depth, skip_name = 1, name
    out.append(text[pos:] if not skip_depth else "\n" * text.count("\n", pos))
    text = "".join(out)
    text = _BR.sub(" ", text)
    return _TAG.sub("", text)


def _words_only_share(plain: str) -> bool:
    lex = _lexicon()
    parts = [p.strip(" :") for p in _SEPARATORS.split(plain)]
    parts = [p for p in parts if p]
    if not parts or len(plain) > 120:
        return False
    if all(_key(p) in lex.share_words for p in parts):
        return True
    # "Chia sẻ Facebook Zalo": single-space separated share words
    words = plain.split()
    i = 0
    matched = 0
    while i < len(words):
        for size in (3, 2, 1):
            if _key(" ".join(words[i : i + size])) in lex.share_words:
                i += size
                matched += 1
                break
        else:
            return False
    return matched >= 2


def _chrome_line(plain: str) -> bool:
    """A line of web-site chrome, by its own form."""
    lex = _lexicon()
    if not plain:
        return False
    parts = [p.strip() for p in plain.split("|") if p.strip()]
    if parts and all(lex.counter.match(p) for p in parts):
        return True
    if _words_only_share(plain) or _LINK_ONLY.match(plain):
        return True
    if _BREADCRUMB.match(plain) and len(plain) <= 200 and not plain.startswith("|"):
        return True
    return bool(lex.copyright.match(plain))


@dataclass(frozen=True, slots=True)
class _Content:
    """The lines of a document without furniture and chrome (see :func:`_content`)."""

    lines: list[str]
    plains: list[str]  # _plain of each line
    web_like: bool  # whether the document looked like a web page


def _content(text: str) -> _Content:
    """The lines of ``text`` without furniture and chrome."""
    lex = _lexicon()
    stripped = _strip_front_matter(text)
    web_like = stripped != text
    without_html = _strip_html(stripped)
    web_like = web_like or ("<" in stripped and _OPEN_TAG.search(stripped) is not None)
    lines = without_html.split("\n")
    # _plain of each line (no pattern of _unmarked reaches across a line end)
    unmarked = _unmarked(without_html)
    plains = list(map(str.strip, unmarked.split("\n")))
    heads = _Heads.of(plains)
    n = len(lines)
    keep = [True] * n
    page_lines = _page_number_lines(lines, heads)
    for i in page_lines | _rule_lines(lines, plains):
        keep[i] = False
    # letters of a line may have been joined by removing a tag or emphasis marks between them
    may_join = without_html != stripped or _joins_at_marks(without_html)
    chrome_seen = 0
    resume = 0
    for i in _chrome_hints(heads, unmarked, may_join):
        if i < resume:
            continue
        plain = plains[i]
        heading = _key(plain.rstrip(" :"))
        if plain and (heading in lex.related or heading in lex.comment):
            # a list of headlines or a comment form: drop to the next real paragraph
            is_comment = heading in lex.comment
            j = i + 1
            while j < n:
                nxt = plains[j]
                if not nxt:
                    j += 1
                    continue
                headline = len(nxt) < 160 and (
                    _HEADLINE_DATE.search(nxt)
                    or _LINK_ONLY.match(nxt)
                    or nxt.startswith(("-", "*", "•", "+"))
                    or (is_comment and (lex.form_label.match(nxt) or len(nxt) < 60))
                    or _chrome_line(nxt)
                )
                if not headline:
                    break
                j += 1
            if j > i + 1 or is_comment:
                for k in range(i, j):
                    keep[k] = False
                chrome_seen += 1
                resume = j
                continue
        if _chrome_line(plain):
            keep[i] = False
            chrome_seen += 1
            if lex.copyright.match(plain) and i > n // 2 and _last_long(plains) <= i:
                # a footer: copyright and the short lines after it
                for k in range(i, n):
                    keep[k] = False
                break
    chrome_seen += _drop_headline_runs(plains, unmarked, keep)
    if page_lines:
        _drop_running_headers(plains, keep, page_lines)
    web_like = web_like or chrome_seen > 0
    if web_like:
        _drop_menus(plains, keep)
    return _Content(list(compress(lines, keep)), list(compress(plains, keep)), web_like)


def _last_long(plains: list[str]) -> int:
    """The last line too long for a footer (a copyright line after it opens the footer)."""
    return max((i for i, plain in enumerate(plains) if len(plain) >= 160), default=-1)


# How many characters of a line's head are read, and what it is read after: the separators of
# the parts of a chrome line, the dashes around a page number.
_HEAD_LENGTH = 16
_HEAD_LEAD = "|•·/,;: -"
_HEAD_CUT = itemgetter(slice(_HEAD_LENGTH))


@dataclass(frozen=True, slots=True)
class _Heads:
    """The heads of the lines that are not blank (a blank line is neither a page number nor
    chrome): each line's plain form after ``_HEAD_LEAD``, cut to ``_HEAD_LENGTH``."""

    numbers: list[int]  # the index of each head's line
    text: str  # the heads, one a line
    upper: str  # the text upper-cased, each head between two "\n"

    @classmethod
    def of(cls, plains: list[str]) -> _Heads:
        # (`map` over C functions: no Python code a line)
        heads = map(_HEAD_CUT, map(str.lstrip, compress(plains, plains), repeat(_HEAD_LEAD)))
        text = "\n".join(heads)
        return cls(_nonblank(plains), text, f"\n{text.upper()}\n")

    def lines(self, text: str, positions: Iterable[int]) -> list[int]:
        """The index of the line of each of ``positions`` (ascending) in ``text`` or ``upper``."""
        return [self.numbers[k] for k in _line_numbers(text, positions)]


# The upper-cased head of a line where _PAGE_NUMBER may find a page number once the line's
# emphasis is gone: its plain form holds only digits (a digit `regex` knows and `re` does not is
# astral), spaces, dashes, a slash and "Trang" or "Page".
_PAGE_NUMBER_HEAD = re.compile(r"\n[\d\U00010000-\U0010FFFF /\-–—TRANGPE]+(?=\n)")


def _page_number_lines(lines: list[str], heads: _Heads) -> set[int]:
    """The lines that hold only a page number ("- 2 -", "Trang 3/10")."""
    candidates = _PAGE_NUMBER_HEAD.finditer(heads.upper)
    numbers = heads.lines(heads.upper, (match.start() for match in candidates))
    return {
        i for i in numbers if lines[i].strip() and _PAGE_NUMBER.match(_strip_emphasis(lines[i]))
    }


def _rule_lines(lines: list[str], plains: list[str]) -> set[int]:
    """The lines (``plains`` their plain forms) that hold only a rule ("-----")."""
    blank = compress(range(len(plains)), map(not_, plains))
    return {
        i for i in blank if (line := lines[i].strip()) and _RULE.fullmatch(line.replace(" ", ""))
    }


# Characters that make the upper case of a line differ from its :func:`_key` or from what a
# case-insensitive pattern matches: white space other than " " (``split`` and ``strip`` see it;
# it is not printable) and the letters whose upper case is not that of their case folding (İ,
# Kelvin K, Å, Ω signs).
_ODD_LETTERS = "\u0130\u212a\u212b\u2126"
_ODD_CHAR = re.compile(f"[{re.escape(_ODD_SPACES + _ODD_LETTERS)}]")
_BREADCRUMB_MARKS = ">»›"
_BREADCRUMB_MARK = re.compile(f"[{_BREADCRUMB_MARKS}]")
# A vowel pair that unify_tone_placement may rewrite ("hoà" → "hòa", "thuý" → "thúy"): tone on
# the second vowel, at a syllable's end.
_OLD_TONE_PAIR = regex.compile(
    "[oOuU]["
    + "".join(
        unicodedata.normalize("NFC", v + m)
        for v in "aeyAEY"
        for m in "\u0300\u0301\u0309\u0303\u0323"
    )
    + r"](?!\p{L})"
)


def _chrome_hints(heads: _Heads, unmarked: str, may_join: bool) -> list[int]:
    """The lines that may be chrome by :func:`_chrome_line` or open a block of it (a heading of
    related news or comments), ascending: a superset.

    Each such line but a breadcrumb opens with a signal word after separators, so its head
    upper-cased opens with the signal word (as cut by ``chrome_hint``) unless a character there
    makes the upper case differ from the word's :func:`_key` or from what a case-insensitive
    pattern matches: odd white space or letters, a mark not composed (NFC), tone placement
    changed by joined letters. A line with such a head, or with a breadcrumb mark, is always a
    hint.
    """
    lex = _lexicon()
    head_text = heads.text
    found = lex.chrome_hint.finditer(heads.upper)
    hints = set(heads.lines(heads.upper, (m.start() for m in found)))
    # (whole-text checks first: one for non-printable characters, one per odd letter)
    if not head_text.replace("\n", "").isprintable() or any(c in head_text for c in _ODD_LETTERS):
        odd = _ODD_CHAR.finditer(head_text)
        hints.update(heads.lines(head_text, (m.start() for m in odd)))
    if any(mark in unmarked for mark in _BREADCRUMB_MARKS):
        marks = _BREADCRUMB_MARK.finditer(unmarked)
        hints.update(_line_numbers(unmarked, (m.start() for m in marks)))
    # NFC text with new tone placement stays so unless letters are joined
    if may_join and not unicodedata.is_normalized("NFC", head_text):
        split = head_text.split("\n")
        hints.update(
            i
            for i, head in zip(heads.numbers, split, strict=True)
            if not unicodedata.is_normalized("NFC", head)
        )
    if may_join and _OLD_TONE_PAIR.search(head_text):
        unified = unify_tone_placement(head_text)
        if unified != head_text:
            pairs = zip(heads.numbers, head_text.split("\n"), unified.split("\n"), strict=True)
            hints.update(i for i, head, same in pairs if head != same)
    return sorted(hints)


# How a line that _HEADLINE_DATE finds a date in ends: "/…)" or "/…", then white space (that
# _plain strips) and the line end.
_HEADLINE_DATE_END = re.compile(r"/(?:[^/\n]{1,4}\)[ .]*+|[^/\n]{4})[^\S\n]*+$", re.MULTILINE)


def _drop_headline_runs(plains: list[str], unmarked: str, keep: list[bool]) -> int:
    """Drop runs of 2+ headlines with dates in parentheses, even without a heading; the count
    of runs dropped. (``plains`` are the lines of ``unmarked`` stripped.)"""
    ends = _line_numbers(unmarked, (m.start() for m in _HEADLINE_DATE_END.finditer(unmarked)))
    dated = [i for i in sorted(set(ends)) if _HEADLINE_DATE.search(plains[i])]
    runs = 0
    run: list[int] = []
    for i in [*dated, -1]:
        if i >= 0 and len(plains[i]) >= 200:
            continue
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if len(run) >= 2:
            for k in run:
                keep[k] = False
            runs += 1
        run = [i]
    return runs


def _drop_running_headers(plains: list[str], keep: list[bool], page_lines: set[int]) -> None:
    """Drop a line repeated on many pages, next to page numbers."""
    near_page = {i + d for i in page_lines for d in range(-3, 4)}
    # such a line stands next to page numbers twice at least: only those lines are counted
    near_counts = Counter(plains[i] for i in near_page if 0 <= i < len(plains) and keep[i])
    candidates = {
        plain
        for plain, count in near_counts.items()
        if count >= 2 and 6 <= len(plain) <= 120 and plain[0] not in "-+|"
    }
    counts: dict[str, list[int]] = {}
    for i in compress(range(len(plains)), map(candidates.__contains__, plains)):
        if keep[i]:
            counts.setdefault(plains[i], []).append(i)
    for occurrences in counts.values():
        if len(occurrences) < 3:
            continue
        near = sum(1 for i in occurrences if i in near_page)
        if near >= max(2, (len(occurrences) * 3 + 4) // 5) and not _find_motto(
            plains[occurrences[0]]
        ):
            for i in occurrences:
                keep[i] = False


def _drop_menus(plains: list[str], keep: list[bool]) -> None:
    """Runs of 4+ short link-like lines (a site menu) in a web page."""
    i = 0
    n = len(plains)

    def menu_item(p: str) -> bool:
        return (  # (the cheap tests first)
            0 < len(p) <= 30
            and not p.endswith((".", ":", ";"))
            and not p.startswith(("-", "+", "|"))
            and not _is_caps(p)
            and not _NUMBERED.match(p)
            and not _opens_authority(p)
            and _person_name(p) is None
        )

    while i < n:
        if not keep[i] or not menu_item(plains[i]):
            i += 1
            continue
        j = i
        run: list[int] = []
        while j < n and (not plains[j] or (keep[j] and menu_item(plains[j]))):
            if plains[j]:
                run.append(j)
            j += 1
        if len(run) >= 4:
            for k in run:
                keep[k] = False
        i = max(j, i + 1)
