"""Sections stage: the numbered outline of a document and what each part is.

Headings are recognized line by line on the normalized text: Roman (``I.``, ``II-``), Arabic
(``1.``, ``2)``), multi-level (``1.1.``, ``1.1.2.``), letters (``a)``, ``b.``), ``Phần`` /
``Chương`` / ``Mục`` / ``Điều``, unnumbered capitals that name a kind (``KẾT LUẬN``), star
headings (``* Tồn tại, hạn chế:``) and inline headings that share their line with the first
sentence (``- Hạn chế: …``). Bullets are items, not headings. A number that breaks its
sequence (a wrapped line beginning ``25.``) is not a heading.

The tree is built with a stack over heading styles; the depth of a multi-level number places
it, so ``1.1.2`` printed under ``1.2`` lands under ``1.2`` and a warning says so. The header
block (before the first body line) and the signature / Nơi nhận block are not sections; after
a signature, numbering starts afresh (appendices).

Most lines are running text: a look at their first characters tells them apart cheaply, and
the patterns are tried only on the others.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cache

import regex
from pydantic import TypeAdapter

from extractor.normalize import NormalizedText, normalize_key
from extractor.patterns import prepare_word, words_pattern
from extractor.resources import load_model
from extractor.schema import Section

_SECTIONS = TypeAdapter(tuple[Section, ...])

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese list letters: a b c d đ e g h i k …; Latin f/j/w/z may also appear.
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_TITLE_LIMIT = 160
_INLINE_KINDS = ("strengths", "weaknesses", "recommendations", "tasks")
_KIND_TITLE_WORDS = 14
_KIND_TITLE_WORDS_NO_COMMA = 25
_NUMBERED_STYLES = ("part", "chapter", "mục", "article", "roman", "arabic", "letter")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_CODE_LIKE = regex.compile(r"[/\d]")
# A sentence ends at a stop before white space. Python's re: its \s is the white space that
# str.split() splits on, and it searches for a leading character class fast.
_SENTENCE_STOP = re.compile(r"[:.;](?:\s|$)")
# A line marked up as a heading (markdown "##", bold) is one whatever precedes it.
_MARKUP_HEADING = regex.compile(r"[ ]*(?:\#{1,6}[ ]|\*\*|__)")
_PAGE_NUMBER = regex.compile(r"[ ]*(?:(?i:trang)[ ]+)?-?[ ]*\d{1,3}[ ]*-?(?:/[ ]*\d{1,3})?[ ]*")

# Most lines are running text, and a regex call costs far more than a look at a few characters
# of a line. So the patterns tried on every line have cheap tests that reject the lines they
# cannot match, built from the characters the patterns can start (or end) with.
#: At most this many characters other than spaces make a page number ("Trang -123-/123").
_PAGE_NUMBER_CHARS = 14
#: Characters past this one may be a ``\d`` to the regex engine, whose Unicode tables are
#: newer than Python's (the digits added since all lie outside the Basic Multilingual Plane).
_LAST_BMP_CHAR = "\uffff"
#: Part words of the heading pattern (matched in any case), and the style each names.
_PART_STYLES = {"phần": "part", "chương": "chapter", "mục": "mục"}
_ROMAN_DIGITS = "IVXLC"
#: Markup before a heading ("#", "**", "__"), and the star of a star heading.
_HEADING_MARKUP = "#*_"
#: Bullets before a directive ("- Đề nghị …"); a dash also before a page number ("- 3 -").
_BULLETS = "-+•"
#: What opens a line that is not plain text whatever follows: a table bar, a bullet, heading
#: markup, a digit.
_MARKED_INITIALS = "|" + _BULLETS + _HEADING_MARKUP + "0123456789"
#: How many characters the longer openings below have (directive words' too).
_OPENING_CHARS = 3


def _case_variants(word: str) -> list[str]:
    """``word`` in every mix of cases, as a case-insensitive pattern matches it (its letters
    have no other case forms)."""
    variants = [""]
    for char in word:
        variants = [variant + case for variant in variants for case in {char, char.upper()}]
    return variants


#: The first two characters of a numbered heading other than an Arabic one: a list letter and
#: its mark ("a)", "b.", "c )"), a Roman number ("IV.", "I -"), "Điều".
_HEADING_OPENINGS = frozenset(
    [letter + mark for letter in _LETTERS for mark in " .)"]
    + [digit + mark for digit in _ROMAN_DIGITS for mark in _ROMAN_DIGITS + " .)–:-"]
    + ["Đi"]
)
#: The first three characters of a part word ("Phần", "CHƯƠNG", "mục").
_PART_OPENINGS = frozenset(
    variant for word in _PART_STYLES for variant in _case_variants(word[:_OPENING_CHARS])
)
#: "Trang 2" (any case).
_PAGE_OPENINGS = frozenset(_case_variants("tra"))
#: "Nơi nhận" (any case), "KT.", "TM.", "TL.", "Q.", "(Đã ký)", "Đã ký" (any case).
_SIGNATURE_OPENINGS = frozenset(
    [*_case_variants("nơ"), "KT", "TM", "TL", "Q.", "(đ", "(Đ", *_case_variants("đã")]
)


def _by_first_two(openings: frozenset[str]) -> dict[str, frozenset[str] | None]:
    """``openings`` (of two or three characters) by their first two: None where those two are
    an opening, else the three-character openings they begin."""
    longer: dict[str, set[str]] = {}
    for opening in openings:
        if len(opening) > 2:
            longer.setdefault(opening[:2], set()).add(opening)
    table: dict[str, frozenset[str] | None] = {key: frozenset(v) for key, v in longer.items()}
    table.update((opening, None) for opening in openings if len(opening) == 2)
    return table


#: What the table from _by_first_two gives a line opening that opens nothing.
_NO_OPENINGS: frozenset[str] = frozenset()
#: "Căn cứ", "Thực hiện", "Kính gửi", "Theo", "Xét", "Ngày", "Sau khi", "Trên cơ" (case-folded).
_BODY_OPENER_INITIALS = "ctkxns"
#: How many characters of a line are looked at for a lower-case letter before the whole line.
_CAPS_PROBE = 8

# Style ranks: a heading closes the open headings of the same or a lower rank.
_RANK = {
    "part": 0,
    "chapter": 1,
    "mục": 2,
    "article": 3,
    "caps": 4,
    "roman": 5,
    "letter": 20,
    "star": 21,
    "inline": 22,
}


@dataclass(slots=True)
class _Heading:
    style: str
    number: str | None
    title: str
    kind: str | None
    start: int  # normalized offset of the heading's first character
    title_end: int  # end of its line and of the lines its title wraps onto (0: none printed)
    value: int = 0  # position in its sequence (1 for "I", "1", "a")
    depth: int = 1  # components of a multi-level number
    rank: float = 0.0  # set when placed: a heading closes open ones of the same or lower rank
    key: tuple[str, int] = field(init=False)  # headings of one sequence share style and depth

    def __post_init__(self) -> None:
        self.key = (self.style, self.depth)


@dataclass(slots=True)
class _Node:
    heading: _Heading
    end: int = 0
    children: list[_Node] = field(default_factory=list)


class _Patterns:
    def __init__(self) -> None:
        data = load_model("sections")
        self.phrases: list[tuple[str, str]] = sorted(
            (
                (self._key(phrase), kind)
                for kind, phrases in data["kinds"].items()
                for phrase in phrases
            ),
            key=lambda item: len(item[0]),
            reverse=True,
        )
        self.lead_words = sorted((self._key(w) for w in data["lead_words"]), key=len, reverse=True)
        kind_words = _phrase_pattern(
            [phrase for kind in _INLINE_KINDS for phrase in data["kinds"][kind]],
            data["lead_words"],
        )
        self.heading = regex.compile(
            r"[ ]*(?:\#{1,6}[ ]+)?(?:\*\*|__)?[ ]*(?:"
            r"(?P<part>(?i:phần|chương|mục)|PHẦN|CHƯƠNG|MỤC)[ ]+(?P<part_no>[IVXLC]+|\d{1,2})"
            r"(?![\p{L}\d])[ ]*[.:–-]?[ ]*"
            r"|(?P<article>Điều)[ ]+(?P<article_no>\d{1,3})[ ]*[.:]?[ ]*"
            r"|(?P<roman>[IVXLC]{1,6})[ ]*[.)–:-][ ]*(?=\p{L})"
            r"|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,39})(?:[.)](?!\d)|(?<=\d\.\d{1,2})(?=[ ]))[ ]*"
            r"(?=\p{L}|\*|\")"
            r"|(?P<letter>[a-zđ])[ ]*[).][ ]+(?=[\p{L}\d\"“(])"
            r"|(?P<star>\*)[ ]+(?=\p{L})"
            r")"
        )
        # Tried only on lines with a colon that open with the first word of a kind phrase or a
        # lead word: the kind-word alternation is costly.
        self.kind_words = {
            _folded(phrase.split()[0])
            for phrase in [
                *data["lead_words"],
                *(p for k in _INLINE_KINDS for p in data["kinds"][k]),
            ]
        }
        self.kind_word_chars = max(map(len, self.kind_words)) + 1
        self.inline = regex.compile(
            rf"[ ]*(?:\*\*|__)?[ ]*(?P<bullet>[-+•–][ ]*)?(?P<inline>{kind_words})[ ]*"
            r"(?=(?:\([^)\n]{0,40}\)[ ]*)?:)"
        )
        self.caps = regex.compile(
            r"[ ]*(?:\#{1,6}[ ]+)?(?:\*\*|__)?[ ]*(?P<caps>\p{Lu}[\p{Lu} ,/&-]{3,80})[ ]*:?[ ]*"
            r"(?:\*\*|__)?[ ]*$"
        )
        self.lead_in = [
            (
                regex.compile(
                    # Lower case: the verb, not a name ("Ban Chỉ đạo quốc gia").
                    rf"(?<!\p{{L}}){words_pattern(phrases, ignore_case=False)}(?!\p{{L}})"
                    rf"(?:.*(?<!\p{{L}})(?i:sau|như[ ]+sau|sau[ ]+đây))?[ ]*:$"
                ),
                kind,
            )
            for kind, phrases in data["lead_in"].items()
        ]
        self.directive = [
            (
                regex.compile(
                    rf"[ ]*(?:[-+•][ ]*)?{words_pattern(words, ignore_case=False)}"
                    rf"(?!\p{{L}})"
                ),
                kind,
            )
            for kind, words in data["directive_openers"].items()
        ]
        # Matched as printed (case counts), after an optional bullet.
        directives = [
            prepare_word(word) for words in data["directive_openers"].values() for word in words
        ]
        if min(map(len, directives)) < _OPENING_CHARS:
            raise ValueError("directive openers need three characters or more")
        self.directive_openings = frozenset(word[:_OPENING_CHARS] for word in directives)
        self.openings = _by_first_two(
            _HEADING_OPENINGS
            | _PART_OPENINGS
            | _PAGE_OPENINGS
            | _SIGNATURE_OPENINGS
            | self.directive_openings
        )
        self.signature = regex.compile(
            r"[ |]*(?:(?i:nơi[ ]+nhận)[ ]*:|(?:KT|TM|TL|Q)\.[ ]*\p{Lu}{2,}|\(?(?i:đã[ ]+ký)\)?$)"
        )
        self.body_opener = regex.compile(
            r"[ ]*(?:(?i:căn[ ]+cứ|thực[ ]+hiện|kính[ ]+gửi|theo|xét|ngày|sau[ ]+khi|trên[ ]+cơ)"
            # A long sentence: ten words, ending in punctuation (lookaheads keep it linear).
            r"(?!\p{L})|\p{Lu}\p{Ll}*(?=(?:[ ]+\S+){9})(?=.*[.;:][ ]*$))"
        )

    def running_text(self, line: str) -> bool:
        """Whether ``line`` (not blank) is running text, which no pattern matches: a cheap test
        of its first characters that most lines pass."""
        rest = line.lstrip(" ")
        opening = rest[:2]
        longer = self.openings.get(opening, _NO_OPENINGS)
        if longer is None or (longer and rest[:_OPENING_CHARS] in longer):
            return False  # a heading, a page number, the signature or a directive may start here
        first = rest[0]
        if first in _MARKED_INITIALS or (first > "\x7f" and _may_be_digit(first)):
            if first == "|":  # a table row: of the patterns, only the signature's allows bars
                opens = rest.lstrip(" |")[:2] in _SIGNATURE_OPENINGS
            elif first in _BULLETS:  # a directive ("- Đề nghị …"), a page number ("- 3 -")
                item = rest.lstrip(" " + _BULLETS)
                opens = item[:_OPENING_CHARS] in self.directive_openings or (
                    first == "-" and _may_be_digit(item[:1])
                )
            elif first in _HEADING_MARKUP:
                opens = _may_be_numbered(rest) or _may_be_capitals(line)
            else:
                opens = _may_be_arabic(rest) or _page_number(line)
            if opens:
                return False
        elif opening == opening.upper() and _may_be_capitals(line):
            return False  # no lower-case letter in the opening: a capital heading may start
        # A colon: the line may announce a list, or be an inline heading.
        return ":" not in line or (line.rstrip()[-1] != ":" and not self.may_be_inline(line))

    def may_be_inline(self, line: str) -> bool:
        """Whether ``line`` may be an inline heading: it has a colon and opens (after markup and
        a bullet) with the first word of a kind phrase or a lead word."""
        if ":" not in line:
            return False
        word = line.lstrip(" *_-+•–")[: self.kind_word_chars]
        for end in " ,:(":  # what may follow the word
            word = word.split(end, 1)[0]
        return _folded(word) in self.kind_words

    def may_direct(self, line: str) -> bool:
        """Whether ``line`` may open with a directive word: a cheap test of its first letters."""
        return line.lstrip(" " + _BULLETS)[:_OPENING_CHARS] in self.directive_openings

    def directive_of(self, text: str, line: str, start: int, end: int) -> str | None:
        """The kind of direction ``line`` (``text[start:end]``) opens with, or None."""
        if not self.may_direct(line):
            return None
        return next((kind for rule, kind in self.directive if rule.match(text, start, end)), None)

    @staticmethod
    def _key(text: str) -> str:
        words = _NON_WORD.sub(" ", normalize_key(text)).split()
        return " ".join(word for word in words if word != "và")

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance, kept for the process
    def kind_of(self, title: str) -> str | None:
        """The kind a heading title names, or None.

        A long title is a numbered sentence ("2. Căn cứ tình hình thực tiễn …, các đơn vị xây
        dựng kế hoạch …"), where the opening word is a verb, not the name of a part.
        """
        key = self._key(title)
        words = len(key.split())
        if words > _KIND_TITLE_WORDS and ("," in title or words > _KIND_TITLE_WORDS_NO_COMMA):
            return None
        stripped = True
        while stripped:
            stripped = False
            for lead in self.lead_words:
                if key.startswith(lead + " "):
                    key, stripped = key[len(lead) + 1 :], True
        for phrase, kind in self.phrases:
            if key == phrase or key.startswith(phrase + " "):
                return kind
        return None


def _folded(word: str) -> str:
    """``word`` with each character case-folded to one: equal for any two words that a
    case-insensitive pattern takes for the same."""
    return "".join([char.casefold()[:1] for char in word])


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def extract_sections(
    norm: NormalizedText, warnings: list[str] | None = None
) -> tuple[Section, ...]:
    """The outline of ``norm`` as a tree of Sections over input offsets."""
    text = norm.text
    patterns = _patterns()
    outline = _Outline(text, patterns, [] if warnings is None else warnings)
    in_body = False
    previous_line = ""
    title_end = 0
    line_end = -1
    for line in text.split("\n"):
        line_start = line_end + 1
        line_end = line_start + len(line)
        if not line or line.isspace():
            continue
        if patterns.running_text(line):
            # Only the body can begin here, or a run of directive paragraphs end.
            if line_end > title_end and (in_body or _opens_body(patterns, line)):
                in_body = True
                if outline.stack and outline.stack[-1].heading.style == "directive":
                    outline.end_directive_run(text, line, line_start)
                previous_line = line
            continue
        if _page_number(line):
            continue
        if _signature(patterns, line):
            outline.close(line_start)
            in_body = False
            continue
        if line_end <= title_end:
            continue  # the title of the last heading wraps onto this line
        match = patterns.heading.match(text, line_start, line_end)
        heading = None if match is None else _numbered(patterns, match, text, line, line_end)
        if not in_body:
            # The header block (issuer, Quốc hiệu, type word, title) ends at the first
            # numbered heading or body sentence; its capital lines are not sections.
            numbered = heading is not None and heading.style in _NUMBERED_STYLES
            if not numbered and not _opens_body(patterns, line):
                continue
            in_body = True
            previous_line = ""
        if match is None:
            heading = _named_heading(patterns, text, line, line_start, line_end)
        if (
            heading is not None
            and heading.style in _NUMBERED_STYLES
            and _runs_on(previous_line)
            and not _MARKUP_HEADING.match(line)
        ):
            heading = None  # a wrapped sentence whose next line happens to start "6. …"
        # Nothing but headings since the last heading (or the start of the body).
        fresh = not previous_line
        if heading is not None and outline.accepts(heading, previous_line):
            outline.place(heading)
            title_end = heading.title_end
            previous_line = ""
        else:
            outline.body_line(text, norm.joined, line, line_start, fresh=fresh)
            previous_line = line
    outline.close(len(text.rstrip()))
    return _SECTIONS.validate_python([_section_fields(node, norm, 1) for node in outline.roots])


def _page_number(line: str) -> bool:
    """Whether ``line`` (not empty) holds nothing but a page number ("12", "- 3 -", "Trang 2/5")."""
    last = line[-1]  # a digit, a dash or a space
    return (
        (last in "- " or last.isdecimal() or last > _LAST_BMP_CHAR)
        and len(line) - line.count(" ") <= _PAGE_NUMBER_CHARS
        and _PAGE_NUMBER.fullmatch(line) is not None
    )


def _signature(patterns: _Patterns, line: str) -> bool:
    """Whether ``line`` opens the signature block ("Nơi nhận:", "KT. CHỦ TỊCH", "(Đã ký)")."""
    return (
        line.lstrip(" |")[:2] in _SIGNATURE_OPENINGS and patterns.signature.match(line) is not None
    )


def _opens_body(patterns: _Patterns, line: str) -> bool:
    """Whether ``line`` is the first sentence of the body: an opening word ("Căn cứ …") or a
    long sentence, which ends in punctuation."""
    return (
        line.lstrip(" ")[0].casefold()[:1] in _BODY_OPENER_INITIALS
        or line.rstrip(" ")[-1:] in ".;:"
    ) and patterns.body_opener.match(line) is not None


def _may_be_numbered(line: str) -> bool:
    """Whether the heading pattern may match ``line``: a cheap test of its first characters."""
    rest = line.lstrip(" ")
    if rest[:1] in _HEADING_MARKUP:
        heading = rest.lstrip("#*_ ")
        if "* " in rest[: len(rest) - len(heading)]:
            return True  # a star heading ("* Tồn tại:")
        rest = heading
    if _may_be_digit(rest[:1]):
        return _may_be_arabic(rest)
    return rest[:2] in _HEADING_OPENINGS or rest[:_OPENING_CHARS] in _PART_OPENINGS


def _may_be_arabic(rest: str) -> bool:
    """Whether ``rest`` (opening with a digit) may be an Arabic number: one or two digits, then
    a dot or a bracket ("1.", "12)", "2.1")."""
    return rest[1:2] in ".)" or (_may_be_digit(rest[1:2]) and rest[2:3] in ".)")


def _may_be_digit(char: str) -> bool:
    """Whether ``char`` (a character or none) may be a digit to the regex engine."""
    return char.isdecimal() or char > _LAST_BMP_CHAR


def _may_be_capitals(line: str) -> bool:
    """Whether ``line`` may be a capital heading: it opens (after markup) with a capital, and
    its first few characters have no lower-case letter (running text has one early)."""
    first = line.lstrip("#*_ ")[:1]
    if first.isascii() and not first.isupper():
        return False  # a digit, a dot, a bar …
    probe = line[:_CAPS_PROBE]
    return probe == probe.upper()


def _named_heading(
    patterns: _Patterns, text: str, line: str, start: int, end: int
) -> _Heading | None:
    """The heading with no number ``line`` (``text[start:end]``) opens, or None: an inline
    heading, or capitals that name a kind."""
    if patterns.may_be_inline(line):
        inline = patterns.inline.match(text, start, end)
        if inline is not None:
            words = inline.group("inline")
            first = inline.start("bullet") if inline.group("bullet") else inline.start("inline")
            kind = patterns.kind_of(words)
            return _Heading("inline", None, words, kind, first, _title_end(patterns, text, end))
    if not _may_be_capitals(line) or line != line.upper():
        return None  # a capital heading has no lower-case letter
    caps = patterns.caps.match(text, start, end)
    if caps is None:
        return None
    words = caps.group("caps")
    if sum(map(str.isalpha, words)) < 4:
        return None
    title = " ".join(words.split())
    kind = patterns.kind_of(title)
    if kind is None:
        return None
    first = caps.start("caps")
    return _Heading("caps", None, title, kind, first, _title_end(patterns, text, end))


def _numbered(
    patterns: _Patterns, match: regex.Match[str], text: str, line: str, end: int
) -> _Heading | None:
    """The heading a match of the heading pattern on ``line`` (ending at ``end``) stands for,
    or None."""
    first = end - len(line.lstrip(" "))
    title_end = _title_end(patterns, text, end)
    title = _title(text, match.end(), title_end)
    # One call for all groups: the engine looks a group up by name slowly.
    part, part_no, article, article_no, roman, arabic, letter, star = match.groups()
    if part:
        style = _PART_STYLES[part.lower()]
        number = f"{part.capitalize()} {part_no}"
        value = int(part_no) if part_no.isdecimal() else _roman(part_no) or 0
        return _Heading(style, number, title, patterns.kind_of(title), first, title_end, value)
    if article:
        number = f"Điều {article_no}"
        kind = patterns.kind_of(title)
        return _Heading("article", number, title, kind, first, title_end, int(article_no))
    if roman:
        roman_value = _roman(roman)
        if roman_value is None:
            return None
        kind = patterns.kind_of(title)
        return _Heading("roman", roman, title, kind, first, title_end, roman_value)
    if arabic:
        first_word = title.split(" ", 1)[0]
        # A word of letters has no slash and no digit: the pattern need not look.
        code_like = not first_word.isalpha() and _CODE_LIKE.search(first_word)
        if arabic.startswith("0") or code_like:
            return None  # "01.KCN/BB-VPHC", "2.5m": a wrapped number, not a heading
        parts = [int(p) for p in arabic.split(".")]
        kind = patterns.kind_of(title)
        return _Heading("arabic", arabic, title, kind, first, title_end, parts[-1], len(parts))
    if letter:
        value = _LETTERS.index(letter) + 1
        return _Heading("letter", letter, title, patterns.kind_of(title), first, title_end, value)
    if star:
        kind = patterns.kind_of(title)
        return _Heading("star", None, title, kind, first, title_end) if kind else None
    return None


def _title_end(patterns: _Patterns, text: str, end: int) -> int:
    """End of a heading's title: its line, and the lines after it that go on in lower case."""
    pos = end
    size = len(text)
    while pos - end < _TITLE_LIMIT and pos < size:
        line_start = pos + 1
        while line_start < size and text[line_start] in "\n ":
            line_start += 1  # blank lines between wrapped title lines (double-spaced PDF text)
        nxt = text.find("\n", line_start)
        nxt = size if nxt == -1 else nxt
        line = text[line_start:nxt]
        following = line.strip()
        if following and _page_number(following):
            pos = nxt
            continue
        # A title goes on where the next line continues in lower case, or where the line
        # before stopped on a comma or a hyphen ("…, giáo dục QP-AN,\nQPAN&QSĐP").
        continues = bool(following) and (
            following[0].islower() or _last_visible(text, pos) in (",", "-", "–", "&")
        )
        if not continues or (
            _may_be_numbered(line) and patterns.heading.match(text, line_start, nxt)
        ):
            break
        pos = nxt
    return pos


def _last_visible(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` ("" if none)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos else ""


def _title(text: str, start: int, end: int) -> str:
    """The heading text ``text[start:end]``, cut at its first sentence end and joined onto
    one line."""
    title = text[start:end].replace("**", " ").replace("__", " ")
    stop = _SENTENCE_STOP.search(title)  # cut first: fewer words to join
    if stop is not None:
        title = title[: stop.start()]
    if title.isprintable() and "  " not in title:
        title = title.strip(" ")  # no white space but single spaces: already joined
    else:
        title = " ".join(title.split())
    return title[:_TITLE_LIMIT].strip(" -–:")


def _continues_sentence(line: str) -> bool:
    """A line that starts inside a sentence (lower case) and does not end it."""
    stripped = line.strip()
    return bool(stripped) and stripped[0].islower() and stripped[-1] not in ".:!?"


def _runs_on(line: str) -> bool:
    """A long line of running text that stops mid-sentence: the next line continues it."""
    stripped = line.strip()
    return (
        len(stripped) >= 40
        and stripped[-1] not in ".:;!?)"
        and any(ch.islower() for ch in stripped)
    )


def _phrase_pattern(phrases: list[str], lead_words: list[str]) -> str:
    """Kind phrases as printed in an inline heading: optional lead words ("Những tồn tại"),
    and a comma or "và" allowed between words ("Tồn tại, hạn chế")."""
    joiner = r"(?:[ ]*,[ ]*|[ ]+(?:và[ ]+)?)"
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(joiner.join(regex.escape(w) for w in phrase.split()) for phrase in ordered)
    leads = "|".join(regex.escape(w) for w in sorted(set(lead_words), key=len, reverse=True))
    return rf"(?i:(?:(?:{leads})[ ]+)?(?:{body}))"


def _title_of_line(line: str) -> str:
    return " ".join(line.lstrip("-+•* ").split())[:_TITLE_LIMIT]


def _opens_paragraph(text: str, start: int, line: str) -> bool:
    """Whether ``line`` (not blank, at ``start``) begins a paragraph: the text before it ends a
    sentence, or it is a bullet."""
    before = _last_visible(text, start)
    return not before or before in ".;:!?" or line.lstrip()[0] in "-+•"


def _roman(numeral: str) -> int | None:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        if index + 1 < len(numeral) and _ROMAN_VALUES[numeral[index + 1]] > value:
            total -= value
        else:
            total += value
    if total <= 0 or total > 40 or _to_roman(total) != numeral:
        return None
    return total


def _to_roman(value: int) -> str:
    out = ""
    for number, symbol in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += symbol
            value -= number
    return out


def _last_of_style(nodes: list[_Node], key: tuple[str, int]) -> _Heading | None:
    """The heading of the last of ``nodes`` in the style ``key``, or None."""
    for node in reversed(nodes):
        if node.heading.key == key:
            return node.heading
    return None


def _rank(heading: _Heading) -> float:
    if heading.rank:
        return heading.rank
    if heading.style == "arabic":
        return _RANK["roman"] + heading.depth
    return _RANK[heading.style]


class _Outline:
    """The tree under construction: open headings on a stack, closed ones in ``roots``."""

    def __init__(self, text: str, patterns: _Patterns, warnings: list[str]) -> None:
        self.text = text
        self.patterns = patterns
        self.stack: list[_Node] = []
        self.roots: list[_Node] = []
        self.warnings = warnings

    def accepts(self, heading: _Heading, previous_line: str = "") -> bool:
        """Whether a numbered heading fits its sequence; a wrong one is text, not a heading."""
        if heading.style in ("caps", "star", "inline", "lead", "directive"):
            return True
        previous = self._previous_sibling(heading)
        if previous is None:
            # A list usually starts at 1, but an excerpt may start anywhere; yet a list
            # item of a sentence wrapped onto several lines ("…; Phần III. Kết luận và …")
            # is no heading: its line follows a line that itself continues a sentence.
            return heading.value <= 2 or not _continues_sentence(previous_line)
        expected = previous.value + 1
        if heading.value in (expected, 1):
            return True
        if heading.value in (expected + 1, previous.value):
            self.warnings.append(f"numbering: {heading.number!r} follows {previous.number!r}")
            return True
        return False

    def _previous_sibling(self, heading: _Heading) -> _Heading | None:
        key = heading.key
        for node in reversed(self.stack):
            if node.heading.key == key:
                return node.heading
            child = _last_of_style(node.children, key)
            if child is not None:
                return child
            if _rank(node.heading) < _rank(heading):
                return None
        return _last_of_style(self.roots, key)

    def place(self, heading: _Heading) -> None:
        key = heading.key
        stack = self.stack
        for position in range(len(stack) - 1, -1, -1):
            if stack[position].heading.key == key:
                self.close(heading.start, keep=position)
                break
        else:  # no open heading of its style
            while stack and _rank(stack[-1].heading) >= _rank(heading):
                self.close(heading.start, keep=len(stack) - 1)
        if stack:
            self._check_prefix(stack[-1].heading, heading)
        node = _Node(heading)
        (stack[-1].children if stack else self.roots).append(node)
        stack.append(node)

    def body_line(
        self, text: str, joined: str, raw: str, start: int, *, fresh: bool = False
    ) -> None:
        """A line of running text: it may open a list of directions or continue one.

        A line ending in ``:`` that asks for something ("… yêu cầu … thực hiện các nhiệm vụ
        sau:") opens a section of that kind over the list below it; so does a run of
        paragraphs opening with a directive ("Đề nghị …", "Giao …") where the open section
        has no kind of its own.
        """
        patterns = self.patterns
        end = start + len(raw)
        line = raw.strip()
        if self.stack and self.stack[-1].heading.style == "directive":
            if patterns.directive_of(text, raw, start, end) is None:
                self.end_directive_run(text, raw, start)
            return
        announces = line[-1] == ":"
        if not announces and not patterns.may_direct(raw):
            return  # most lines: nothing here opens a run
        if any(node.heading.kind in _INLINE_KINDS for node in self.stack):
            return  # already inside strengths / weaknesses / recommendations / tasks
        if announces:
            # The sentence's last clause, even when wrapped over several lines: the asking
            # verb stands there ("Để …, Chủ tịch UBND tỉnh yêu cầu:"), while an opening
            # clause ("Căn cứ tình hình và yêu cầu nhiệm vụ, …") only names things.
            sentence = joined[joined.rfind("\n", 0, start) + 1 : end]
            clause = sentence[max(sentence.rfind(","), sentence.rfind(";")) + 1 :].strip()
            for rule, kind in patterns.lead_in:
                if rule.search(clause):
                    # The list starts on the next line; the announcing line is not part of it.
                    self._open_run("lead", kind, line, min(end + 1, len(text)))
                    return
        directive = patterns.directive_of(text, raw, start, end)
        if directive is not None and (fresh or _opens_paragraph(text, start, line)):
            self._open_run("directive", directive, line, start + raw.index(line[0]))

    def end_directive_run(self, text: str, raw: str, start: int) -> None:
        """A line with no directive word in a run of directive paragraphs: it ends the run
        where it opens a paragraph of its own."""
        if _opens_paragraph(text, start, raw):
            self.close(start, keep=len(self.stack) - 1)

    def _open_run(self, style: str, kind: str, line: str, start: int) -> None:
        """A section with no printed heading; it ends at the next Roman-level heading."""
        while self.stack and self.stack[-1].heading.style in ("lead", "directive"):
            self.close(start, keep=len(self.stack) - 1)
        parent_rank = _rank(self.stack[-1].heading) if self.stack else 0.0
        heading = _Heading(
            style,
            None,
            _title_of_line(line),
            kind,
            start,
            0,
            rank=max(parent_rank, _RANK["roman"]) + 0.5,
        )
        node = _Node(heading)
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def _check_prefix(self, parent: _Heading, heading: _Heading) -> None:
        """``1.1.2`` under ``1.2``: the tree follows the depth; the misprint is reported."""
        if heading.style != "arabic" or parent.style != "arabic" or heading.depth < 2:
            return
        printed = (heading.number or "").rsplit(".", 1)[0]
        if printed != (parent.number or "").rstrip(".") and parent.depth == heading.depth - 1:
            self.warnings.append(
                f"numbering: {heading.number!r} printed under {parent.number!r}; "
                f"placed under {parent.number!r}"
            )

    def close(self, end: int, keep: int = 0) -> None:
        """Close the open sections from the top of the stack down to index ``keep``.

        A section without a printed heading (a list announced by a lead-in line) that closes
        before any text of its own is dropped.
        """
        while len(self.stack) > keep:
            node = self.stack.pop()
            node.end = end
            if node.heading.style in ("lead", "directive") and all(
                not line.strip() or _page_number(line)
                for line in self.text[node.heading.start : end].split("\n")
            ):
                siblings = self.stack[-1].children if self.stack else self.roots
                siblings.remove(node)


def _section_fields(node: _Node, norm: NormalizedText, level: int) -> dict[str, object]:
    """The fields of the Section ``node`` stands for, its children's too: validated as one tree,
    they cost far less than a Section built at a time."""
    heading = node.heading
    text = norm.text
    end = node.end
    while end > heading.start and text[end - 1].isspace():
        end -= 1
    start, end = norm.span(heading.start, max(end, heading.start))
    return {
        "number": heading.number,
        "title": heading.title or None,
        "kind": heading.kind,
        "level": level,
        "start": start,
        "end": end,
        "children": [_section_fields(child, norm, level + 1) for child in node.children],
    }
