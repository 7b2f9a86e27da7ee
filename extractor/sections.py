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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cache

import regex

from extractor.normalize import NormalizedText, normalize_key
from extractor.patterns import words_pattern
from extractor.resources import load_model
from extractor.schema import Section

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
_SENTENCE_STOP = regex.compile(r"[:.;](?:[ ]|$)")
_CLAUSE_BREAK = regex.compile(r"[,;]")
# A line marked up as a heading (markdown "##", bold) is one whatever precedes it.
_MARKUP_HEADING = regex.compile(r"[ ]*(?:\#{1,6}[ ]|\*\*|__)")
_PAGE_NUMBER = regex.compile(r"[ ]*(?:(?i:trang)[ ]+)?-?[ ]*\d{1,3}[ ]*-?(?:/[ ]*\d{1,3})?[ ]*")

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
    value: int = 0  # position in its sequence (1 for "I", "1", "a")
    depth: int = 1  # components of a multi-level number
    rank: float = 0.0  # set when placed: a heading closes open ones of the same or lower rank


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
        # Tried only on lines with a colon: the kind-word alternation is costly.
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
        self.signature = regex.compile(
            r"[ |]*(?:(?i:nơi[ ]+nhận)[ ]*:|(?:KT|TM|TL|Q)\.[ ]*\p{Lu}{2,}|\(?(?i:đã[ ]+ký)\)?$)"
        )
        self.body_opener = regex.compile(
            r"[ ]*(?:(?i:căn[ ]+cứ|thực[ ]+hiện|kính[ ]+gửi|theo|xét|ngày|sau[ ]+khi|trên[ ]+cơ)"
            # A long sentence: ten words, ending in punctuation (lookaheads keep it linear).
            r"(?!\p{L})|\p{Lu}\p{Ll}*(?=(?:[ ]+\S+){9})(?=.*[.;:][ ]*$))"
        )

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


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def extract_sections(
    norm: NormalizedText, warnings: list[str] | None = None
) -> tuple[Section, ...]:
    """The outline of ``norm`` as a tree of Sections over input offsets."""
    text = norm.text
    patterns = _patterns()
    outline = _Outline(text, [] if warnings is None else warnings)
    in_body = False
    previous_line = ""
    title_end = 0
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        if not line.strip() or _PAGE_NUMBER.fullmatch(line):
            continue
        if patterns.signature.match(line):
            outline.close(line_start)
            in_body = False
            continue
        if line_end <= title_end:
            continue  # the title of the last heading wraps onto this line
        heading = _heading(text, line_start, line_end)
        if not in_body:
            # The header block (issuer, Quốc hiệu, type word, title) ends at the first
            # numbered heading or body sentence; its capital lines are not sections.
            numbered = heading is not None and heading.style in _NUMBERED_STYLES
            if not numbered and patterns.body_opener.match(line) is None:
                continue
            in_body = True
            previous_line = ""
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
            title_end = _title_end(text, line_end)
            previous_line = ""
        else:
            outline.body_line(text, norm.joined, line_start, line_end, fresh=fresh)
            previous_line = line
    outline.close(len(text.rstrip()))
    return tuple(_to_section(node, norm, 1) for node in outline.roots)


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _heading(text: str, start: int, end: int) -> _Heading | None:
    patterns = _patterns()
    match = patterns.heading.match(text, start, end)
    if match is not None:
        return _numbered(match, text, start, end)
    line = text[start:end]
    if ":" in line:
        inline = patterns.inline.match(text, start, end)
        if inline is not None:
            words = inline.group("inline")
            first = inline.start("bullet") if inline.group("bullet") else inline.start("inline")
            return _Heading("inline", None, words, patterns.kind_of(words), first)
    if line != line.upper():
        return None  # a capital heading has no lower-case letter
    caps = patterns.caps.match(text, start, end)
    if caps is not None and sum(ch.isalpha() for ch in caps.group("caps")) >= 4:
        title = " ".join(caps.group("caps").split())
        kind = patterns.kind_of(title)
        if kind is not None:
            return _Heading("caps", None, title, kind, caps.start("caps"))
    return None


def _numbered(match: regex.Match[str], text: str, start: int, end: int) -> _Heading | None:
    patterns = _patterns()
    first = match.start() + len(match.group()) - len(match.group().lstrip())
    title = _title(text, match.end(), end)
    if match.group("part"):
        style = {"phần": "part", "chương": "chapter", "mục": "mục"}[match.group("part").lower()]
        number = f"{match.group('part').capitalize()} {match.group('part_no')}"
        printed = match.group("part_no")
        value = int(printed) if printed.isdigit() else _roman(printed) or 0
        return _Heading(style, number, title, patterns.kind_of(title), first, value)
    if match.group("article"):
        number = match.group("article_no")
        return _Heading(
            "article", f"Điều {number}", title, patterns.kind_of(title), first, int(number)
        )
    if match.group("roman"):
        roman = _roman(match.group("roman"))
        if roman is None:
            return None
        return _Heading("roman", match.group("roman"), title, patterns.kind_of(title), first, roman)
    if match.group("arabic"):
        number = match.group("arabic")
        first_word = title.split(" ", 1)[0]
        if number.startswith("0") or _CODE_LIKE.search(first_word):
            return None  # "01.KCN/BB-VPHC", "2.5m": a wrapped number, not a heading
        parts = [int(p) for p in number.split(".")]
        return _Heading(
            "arabic",
            match.group("arabic"),
            title,
            patterns.kind_of(title),
            first,
            parts[-1],
            len(parts),
        )
    if match.group("letter"):
        letter = match.group("letter")
        return _Heading(
            "letter", letter, title, patterns.kind_of(title), first, _LETTERS.index(letter) + 1
        )
    if match.group("star"):
        kind = patterns.kind_of(title)
        return _Heading("star", None, title, kind, first) if kind else None
    return None


def _title_end(text: str, end: int) -> int:
    """End of a heading's title: its line, and the lines after it that go on in lower case."""
    pos = end
    while pos - end < _TITLE_LIMIT and pos < len(text):
        line_start = pos + 1
        while text.startswith("\n", line_start) or text.startswith(" ", line_start):
            line_start += 1  # blank lines between wrapped title lines (double-spaced PDF text)
        nxt = text.find("\n", line_start)
        nxt = len(text) if nxt == -1 else nxt
        following = text[line_start:nxt].strip()
        if _PAGE_NUMBER.fullmatch(following):
            pos = nxt
            continue
        # A title goes on where the next line continues in lower case, or where the line
        # before stopped on a comma or a hyphen ("…, giáo dục QP-AN,\nQPAN&QSĐP").
        continues = bool(following) and (
            following[0].islower() or _last_visible(text, pos) in (",", "-", "–", "&")
        )
        if not continues or _patterns().heading.match(text, line_start, nxt):
            break
        pos = nxt
    return pos


def _last_visible(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` ("" if none)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos else ""


def _title(text: str, start: int, end: int) -> str:
    """The heading text, joined onto one line and cut at its first sentence end."""
    title = text[start : _title_end(text, end)]
    title = " ".join(title.replace("**", " ").replace("__", " ").split())
    cut = _SENTENCE_STOP.search(title)
    if cut is not None:
        title = title[: cut.start()]
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


def _opens_paragraph(text: str, start: int) -> bool:
    """Whether the line at ``start`` begins a paragraph: the text before it ends a sentence."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".;:!?" or text[start:].lstrip()[:1] in "-+•"


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


def _style_key(heading: _Heading) -> tuple[str, int]:
    return (heading.style, heading.depth)


def _rank(heading: _Heading) -> float:
    if heading.rank:
        return heading.rank
    if heading.style == "arabic":
        return _RANK["roman"] + heading.depth
    return _RANK[heading.style]


class _Outline:
    """The tree under construction: open headings on a stack, closed ones in ``roots``."""

    def __init__(self, text: str, warnings: list[str]) -> None:
        self.text = text
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
        key = _style_key(heading)
        for node in reversed(self.stack):
            if _style_key(node.heading) == key:
                return node.heading
            same = [child for child in node.children if _style_key(child.heading) == key]
            if same:
                return same[-1].heading
            if _rank(node.heading) < _rank(heading):
                return None
        same_roots = [node for node in self.roots if _style_key(node.heading) == key]
        return same_roots[-1].heading if same_roots else None

    def place(self, heading: _Heading) -> None:
        key = _style_key(heading)
        stack = self.stack
        position = next(
            (i for i in range(len(stack) - 1, -1, -1) if _style_key(stack[i].heading) == key),
            None,
        )
        if position is not None:
            self.close(heading.start, keep=position)
        else:
            while stack and _rank(stack[-1].heading) >= _rank(heading):
                self.close(heading.start, keep=len(stack) - 1)
        if stack:
            self._check_prefix(stack[-1].heading, heading)
        node = _Node(heading)
        (stack[-1].children if stack else self.roots).append(node)
        stack.append(node)

    def body_line(
        self, text: str, joined: str, start: int, end: int, *, fresh: bool = False
    ) -> None:
        """A line of running text: it may open a list of directions or continue one.

        A line ending in ``:`` that asks for something ("… yêu cầu … thực hiện các nhiệm vụ
        sau:") opens a section of that kind over the list below it; so does a run of
        paragraphs opening with a directive ("Đề nghị …", "Giao …") where the open section
        has no kind of its own.
        """
        patterns = _patterns()
        line = text[start:end].strip()
        open_kinds = {node.heading.kind for node in self.stack}
        top = self.stack[-1].heading if self.stack else None
        if top is not None and top.style == "directive":
            if _opens_paragraph(text, start) and not any(
                rule.match(text, start, end) for rule, _ in patterns.directive
            ):
                self.close(start, keep=len(self.stack) - 1)
            return
        if open_kinds & set(_INLINE_KINDS):
            return  # already inside strengths / weaknesses / recommendations / tasks
        if line.endswith(":"):
            # The sentence's last clause, even when wrapped over several lines: the asking
            # verb stands there ("Để …, Chủ tịch UBND tỉnh yêu cầu:"), while an opening
            # clause ("Căn cứ tình hình và yêu cầu nhiệm vụ, …") only names things.
            sentence = joined[joined.rfind("\n", 0, start) + 1 : end]
            clause = _CLAUSE_BREAK.split(sentence)[-1].strip()
            for rule, kind in patterns.lead_in:
                if rule.search(clause):
                    # The list starts on the next line; the announcing line is not part of it.
                    self._open_run("lead", kind, line, min(end + 1, len(text)))
                    return
        for rule, kind in patterns.directive:
            if rule.match(text, start, end) and (fresh or _opens_paragraph(text, start)):
                self._open_run("directive", kind, line, start + text[start:end].index(line[0]))
                return

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
            body = self.text[node.heading.start : end].split("\n")
            if node.heading.style in ("lead", "directive") and all(
                not line.strip() or _PAGE_NUMBER.fullmatch(line) for line in body
            ):
                siblings = self.stack[-1].children if self.stack else self.roots
                siblings.remove(node)


def _to_section(node: _Node, norm: NormalizedText, level: int) -> Section:
    heading = node.heading
    end = node.end
    while end > heading.start and norm.text[end - 1].isspace():
        end -= 1
    start, end = norm.span(heading.start, max(end, heading.start))
    return Section(
        number=heading.number,
        title=heading.title or None,
        kind=heading.kind,
        level=level,
        start=start,
        end=end,
        children=tuple(_to_section(child, norm, level + 1) for child in node.children),
    )
