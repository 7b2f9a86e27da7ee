"""References stage: cited legal and administrative documents, one entry per document.

Citations are found on the ``joined`` normalized view, in three shapes:

* a kind word and a number: ``Thông tư số 21/2019/TT-BGDĐT``, ``Nghị định 30``,
  ``Kế hoạch số 137/KH-UBND``, ``Nghị quyết số 29-NQ/TW``, ``văn bản số 169/UBND-VX``,
  with the lists that share it (``… và số 22/2019/TT-BGDĐT``);
* a type abbreviation and a number (``NĐ 43/2011``) or a bare số hiệu (``21/2019/TT-BGDĐT``);
* a law, code or ordinance by name (``Luật Giáo dục năm 2019``, ``Bộ luật Lao động``).

Short forms (``Thông tư 21``, ``Kế hoạch trên``) are resolved to a fuller citation of the
same document, as eyecite resolves short cites, and become mentions of it. The document's
own số hiệu (its ``Số: …`` header line) is not a citation.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

import regex

from extractor.normalize import NormalizedText, normalize_key
from extractor.patterns import (
    CODE,
    NUMBER,
    NUMBER_WORD,
    SLASH,
    YEAR,
    cased_words_pattern,
    kind_table,
    law_names,
    words_pattern,
    words_tree_pattern,
)
from extractor.schema import Reference

# How far back the opening date of an issuing sentence may stand.
_ISSUE_SENTENCE_REACH = 260
# How far after a kind word its "số" may stand (a title of up to ~20 words between).
_GAP_REACH = 250
# How far after a kind word the quick look for a title goes.
_TITLE_WINDOW = 300
# The bytes of a UTF-8 text that are not ASCII digits or stops: deleting them leaves the
# digits and stops (a comma and a space are not stops, a title may hold them).
_NOT_ASCII_STOPS = bytes(
    byte for byte in range(256) if byte >= 0x80 or chr(byte).isalpha() or chr(byte) in " ,"
)
# Characters past this one may be a ``\d`` to the regex engine, whose Unicode tables are newer
# than Python's (the digits added since all lie outside the Basic Multilingual Plane).
_LAST_BMP_CHAR = "\uffff"

_LAW_WORD = regex.compile(r"^(?i:bộ[ ]+luật|luật|pháp[ ]+lệnh)[ ]+")
_LAW_YEAR = regex.compile(r"\s+(?:năm\s+)?(?:19|20)\d{2}$")

# Fullest first: a merged document is named by its fullest citation.
_FORM_RANK = {
    form: rank
    for rank, form in enumerate(
        ("full", "party", "admin", "number_year", "short", "law_name", "back")
    )
}

# How far into the text the document's own "Số: …" line may stand.
_HEADER_REACH = 3000


@dataclass(slots=True)
class _Cite:
    """One citation found in the text (normalized offsets), before merging."""

    kind: str
    start: int
    end: int
    number: str | None = None
    year: int | None = None
    code: str | None = None
    date: str | None = None
    date_year: int | None = None
    name: str | None = None
    form: str = "full"  # full | party | admin | number_year | short | law_name | back
    explicit_number_word: bool = False
    date_end: int | None = None  # where the date printed after it ends

    @property
    def after(self) -> int:
        """Where the citation ends, with the date printed after it."""
        return self.end if self.date_end is None else self.date_end


@dataclass(slots=True)
class _Entry:
    """A distinct cited document being assembled from its citations."""

    kind: str
    number: str | None
    year: int | None
    code: str | None
    date: str | None
    name: str | None
    form: str
    spans: list[tuple[int, int]] = field(default_factory=list)


class _Patterns:
    """The compiled patterns of this stage, built once from the lexicons.

    Each costly pattern is tried only where a cheap scan (Python's re, led by a literal it
    finds fast) or a quick look at the text shows it may match, never at every position.
    """

    def __init__(self) -> None:
        table = kind_table()
        kind_words = words_pattern(list(table.kind_by_word))
        type_codes = "|".join(regex.escape(code) for code in table.type_codes)
        back_words = words_pattern(list(table.back_reference_words))

        # Kind words: found in any case on the lowered text by letter scanners, then matched
        # as printed, with what follows them, by the anchor pattern.
        self.word_scanners = _kind_word_scanners([w.lower() for w in table.kind_by_word])
        cased_kind_words = cased_words_pattern(list(table.kind_by_word))
        self.word_anchor = _word_anchor(cased_kind_words, kind_words, back_words, titled=True)
        # The same without a title between the kind word and "số", one pattern for each first
        # word (lower case) of the kind words: cheaper, so tried first, and where it matches
        # the full pattern matches alike (a title is then impossible).
        words_by_first: dict[str, list[str]] = {}
        for word in table.kind_by_word:
            words_by_first.setdefault(word.lower().split()[0], []).append(word)
        self.untitled_word_anchors = {
            first: _word_anchor(cased_words_pattern(words), kind_words, back_words, titled=False)
            for first, words in words_by_first.items()
        }
        # First words of the back-reference phrases ("trên", "nêu trên", "đã nêu").
        self.back_starts = tuple({w.split()[0] for w in table.back_reference_words})
        if any(
            set(word.lower().split()) & {"số", *self.back_starts} for word in table.kind_by_word
        ):
            # Else a kind word inside a longer one could be followed by one (see untitled_head).
            raise ValueError("a kind word holds 'số' or a back-reference word")
        # Quick looks at what follows a kind word (lowered text): "số" in any case (the long
        # s is "s" to the regex engine), a digit (past the BMP, maybe one to the regex engine).
        so = "[sſ]ố"
        digit = rf"[\d{_LAST_BMP_CHAR}-\U0010ffff]"
        # Without a title: a back-reference, "số" or a number next.
        back = "|".join(map(re.escape, self.back_starts))
        self.untitled_head = re.compile(rf" *(?:{so}|{back}|{digit})")
        # With one: "số" and a number after it ("hiệu" between or not), found from its "ố".
        self.number_word = re.compile(rf"ố(?<={so})(?: +hiệu)? *:? *{digit}")

        # A type abbreviation and a bare số hiệu are looked for at the "/" after their number
        # ("NĐ 43/2011", "21/2019/TT-BGDĐT", "29-NQ/TW"), one "/" serving both at times ("QĐ
        # số 154/QĐ-UBND"): the engine finds the leading literal fast, and lookbehinds read
        # the number and what precedes it backwards.
        codes_backwards = _backward_alternation(table.type_codes)
        # Cheap to fail first: a code's last letter, then a space, then only spaces, the
        # letters of "số" and "hiệu" (NUMBER_WORD) in any case, or a colon before the number.
        code_ends = "".join(sorted({regex.escape(code[-1]) for code in table.type_codes}))
        abbreviation = (
            rf"(?<=[{code_ends}][ ](?i:[ :sốhiệu])*\d{{1,5}}[ ]?/)"
            rf"(?<=(?<![\p{{L}}\d])(?P<abbr>{codes_backwards})[ ]+(?P<so>{NUMBER_WORD}[ ]*)?"
            rf"(?<!\d)(?P<abbr_number>{NUMBER})[ ]?/)"
        )
        # The number, after no letter, digit or part of a date or code ("12/5/2020", "1.2").
        number = rf"(?<![\p{{L}}\d/.:_-])(?P<number>{NUMBER})"
        bare = (
            rf"(?:(?=[ ]?(?:{YEAR}{SLASH})?\p{{Lu}})(?<={number}[ ]?/)"  # 15/KH-…, 21/2019/TT-…
            rf"|(?<=\p{{L}}[ ]?/)(?<={number}[ ]?-[ ]?{codes_backwards}[ ]?/))"  # 29-NQ/TW
        )
        self.slash_anchor = regex.compile(rf"/(?:{abbreviation}{bare}?|{bare})")
        self.so_before = regex.compile(r"(?<!\p{L})(?i:số)[ ]+$")

        # What follows an anchor: its number, the date printed after it, the numbers listed
        # with it.
        self.number = regex.compile(
            rf"(?P<num>{NUMBER})(?:"
            rf"{SLASH}(?P<year>{YEAR})(?:{SLASH}(?P<ycode>{CODE}))?"
            rf"|[ ]?-[ ]?(?P<ptype>{type_codes}){SLASH}(?P<pissuer>{CODE})"
            rf"|{SLASH}(?P<acode>{CODE})"
            rf")?(?![\d/]|[.,][\p{{L}}\d])"
        )
        self.date = regex.compile(
            r"(?:\]\([^)\s]*\))?[ ]*,?[ ]*(?:(?i:ban[ ]+hành|ký)[ ]+)?(?i:ng[àa]y)[ ]*"
            r"(?:(?P<d>\d{1,2})[ ]?[/.-][ ]?(?P<m>\d{1,2})[ ]?[/.-][ ]?(?P<y>\d{2,5})"
            r"|(?P<d2>\d{1,2})[ ]+(?i:tháng)[ ]+(?P<m2>\d{1,2})[ ]+(?i:năm)[ ]+(?P<y2>\d{2,5}))"
            r"(?!\d)"
        )
        # A sentence opening with its date and issuing what follows (the citation ends it).
        self.issued_before = regex.compile(
            r"(?<![\p{L}\d])Ngày[ ]+(?P<d>\d{1,2})(?:[ ]?[/.-][ ]?(?P<m>\d{1,2})[ ]?[/.-][ ]?"
            r"|[ ]+(?i:tháng)[ ]+(?P<m2>\d{1,2})[ ]+(?i:năm)[ ]+)(?P<y>\d{4})[ ]*,"
            r"[^.;:\n]{0,200}?(?i:ban[ ]+hành)[ ]+$"
        )
        self.continuation = regex.compile(
            r"[ ]*(?:,|;|(?i:và|hoặc))[ ]*(?:(?i:các)[ ]+)?(?P<so>(?i:số)[ ]*)?(?=\d)"
        )
        self.line_opener = regex.compile(r"[.)]|[ ]+\p{Lu}")
        quantity = words_pattern(list(table.quantity_words))
        self.quantity_after = regex.compile(rf"[ ]*(?:{quantity}(?!\p{{L}})|%|[.,]\d)")
        self.own_number = regex.compile(
            r"(?:(?<!\p{L})(?:Số|SỐ)(?:[ ]+(?:ký[ ]+)?hiệu)?[ ]*:|(?m:^)[ |]*(?:Số|SỐ))[ ]*(?=\d)"
        )

        self.law = self._law_pattern()
        # What the law word of a law citation starts with, as printed ("Bộ luật", "Luật",
        # "Pháp lệnh"), and lowered (a kind word's first word): tried only where one is.
        self.law_starts = ("Bộ", "Luật", "Pháp")
        self.law_firsts = frozenset(word.lower() for word in self.law_starts)

        # The numbers of the groups read, looked up once: the regex engine finds a group by
        # name far slower than by number. (The patterns of _word_anchor number theirs alike.)
        self.word_groups = _group_numbers(self.word_anchor, "word", "so", "gap", "back")
        self.slash_groups = _group_numbers(self.slash_anchor, "abbr", "so", "abbr_number", "number")
        self.number_groups = _group_numbers(
            self.number, "num", "year", "ycode", "ptype", "pissuer", "acode"
        )
        self.date_groups = _group_numbers(self.date, "d", "m", "y", "d2", "m2", "y2")
        self.issued_groups = _group_numbers(self.issued_before, "d", "m", "m2", "y")
        self.continuation_so = self.continuation.groupindex["so"]
        self.law_groups = _group_numbers(
            self.law, "law", "body", "lyear", "lnum", "lnyear", "lcode"
        )

    @staticmethod
    def _law_pattern() -> regex.Pattern[str]:
        names = [_LAW_WORD.sub("", name) for group in law_names().values() for name in group]
        gazetteer = words_tree_pattern(names)
        law_word = r"(?:Bộ[ ]+(?i:luật)|Luật|Pháp[ ]+lệnh)"
        stop = words_pattern(
            [
                "và",
                "của",
                "về",
                "theo",
                "tại",
                "trong",
                "đã",
                "được",
                "năm",
                "số",
                "ngày",
                "đối",
                "quy",
                "hiện",
                "này",
                "nêu",
                "trên",
                "có",
                "các",
                "để",
                "do",
                "với",
                "cho",
                "thì",
                "là",
                "mà",
                "hoặc",
                "sửa",
                "mới",
                "cũ",
                "hướng",
                "thi",
                "khi",
            ]
        )
        generic = (
            rf"(?:\p{{Lu}}{{2,}}|\p{{Lu}}\p{{Ll}}*)(?!\p{{L}})"
            rf"(?:[ ]+(?!{stop}(?!\p{{L}}))(?:\p{{Ll}}+|\p{{Lu}}{{2,}})(?!\p{{L}})){{0,6}}"
        )
        named = rf"(?:{gazetteer}(?!\p{{L}})|{generic})"
        amended = rf"(?:Bộ[ ]+(?i:luật)|Luật)[ ]+{named}"
        amendment = (
            rf"(?i:sửa[ ]+đổi)[ ]*,?[ ]*(?i:bổ[ ]+sung)"
            rf"(?:[ ]+(?i:một[ ]+số[ ]+điều))?(?:[ ]+(?i:của))?(?:[ ]+(?i:các))?[ ]+"
            rf"{amended}(?:[ ]+(?i:và)[ ]+{amended})*"
        )
        return regex.compile(
            rf"(?<!\p{{L}})(?P<law>{law_word})[ ]+(?P<body>{amendment}|{named})"
            rf"(?:[ ]+(?i:năm[ ]+)?(?P<lyear>{YEAR})(?!\d))?"
            rf"(?:[ ]+(?i:số)[ ]*(?P<lnum>{NUMBER}){SLASH}(?P<lnyear>{YEAR})"
            rf"(?:{SLASH}(?P<lcode>{CODE}))?)?"
        )


#: A scanner for kind words: its pattern, and for each group of it (from 1) the first word the
#: group finds the rest of, and how many letters of that word stand before the scanned one.
_Scanner = tuple[re.Pattern[str], tuple[tuple[int, str], ...]]


def _backward_alternation(words: tuple[str, ...]) -> str:
    """The alternation of ``words`` (longest first) for a lookbehind, which the regex engine
    matches backwards: grouped by last letter, so a word is tried only after its last letter
    matched."""
    by_last: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_last.setdefault(word[-1], []).append(regex.escape(word[:-1]))
    groups = [f"(?:{'|'.join(heads)}){regex.escape(last)}" for last, heads in by_last.items()]
    return f"(?:{'|'.join(groups)})"


def _group_numbers(pattern: regex.Pattern[str], *names: str) -> tuple[int, ...]:
    return tuple(pattern.groupindex[name] for name in names)


def _kind_word_scanners(words: list[str]) -> tuple[_Scanner, ...]:
    """Scanners for where the (lower-case) ``words`` stand, as the alternation of them with
    flexible spaces (longest first, as :func:`words_pattern`) would find them, but fast.

    Each first word is looked for at its last accented letter, the rarest in Vietnamese text
    (else at its first letter): one scanner per such letter, a pattern starting with it, which
    Python's re finds fast (an alternation of words is tried at every position). A match starts
    at that letter where a word with one of those first words stands: its last group holds the
    rest of the longest such word, and the word starts the first word's lead (its letters
    before the scanned one) earlier. First words that could stand at one letter get scanners
    of their own, so that a match names one.
    """
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word.split()[0], []).append(word)
    scanners: dict[str, list[list[tuple[str, str, str, list[str]]]]] = {}
    for first, first_words in by_first.items():
        at = max((i for i, letter in enumerate(first) if not letter.isascii()), default=0)
        lead, letter, tail = first[:at], first[at], first[at + 1 :]
        own = (lead, tail, first, first_words)
        same_letter = scanners.setdefault(letter, [])
        scanner = next((s for s in same_letter if not any(_may_meet(own, o) for o in s)), None)
        if scanner is None:
            same_letter.append([own])
        else:
            scanner.append(own)
    built = []
    for letter, same_letter in sorted(scanners.items()):
        for scanner in same_letter:
            alternatives = []  # each first word's character after the letter, and the rest
            for lead, tail, _, first_words in scanner:
                # What follows the scanned letter in each word (longest first), and the
                # character all of them start with, if any: it is tried first (most places
                # fail there, cheaply), then the lead, then the rest of the word.
                rests = [tail + "".join(" " + w for w in word.split()[1:]) for word in first_words]
                after = rests[0][:1] if all(rest[:1] == rests[0][:1] for rest in rests) else ""
                behind = re.escape(lead + letter + after)
                flexible = "|".join(_flexible_spaces(rest, len(after)) for rest in rests)
                alternatives.append((after, f"(?<={behind})(?=({flexible}))"))
            afters = {after for after, _ in alternatives}
            shared = afters.pop() if len(afters) == 1 else ""
            if shared and shared != letter:
                # The character every first word has next is matched with the letter: the
                # engine looks for both at once, failing most places without trying the rest.
                # (No match can start at it, as it is not the letter.)
                looks = "|".join(look for _, look in alternatives)
                pattern = re.compile(f"{re.escape(letter + shared)}(?:{looks})")
            else:
                looks = "|".join(re.escape(after) + look for after, look in alternatives)
                pattern = re.compile(f"{re.escape(letter)}(?={looks})")
            groups = tuple((len(lead), first) for lead, _, first, _ in scanner)
            built.append((pattern, ((0, ""), *groups)))
    return tuple(built)


def _flexible_spaces(words: str, skip: int) -> str:
    """``words`` as a pattern any run of spaces may stand for each space in, less its first
    ``skip`` characters (a space among them leaves the rest of its run)."""
    if words[:skip] == " ":
        return " *" + _flexible_spaces(words[1:], 0)
    return " +".join(map(re.escape, words[skip:].split(" ")))


def _may_meet(a: tuple[str, str, str, list[str]], b: tuple[str, str, str, list[str]]) -> bool:
    """Whether words with the first words of ``a`` and ``b`` (lead, tail, first word, words)
    could stand at one letter: their leads and their tails (then a space, if every word goes
    on) agree as far as both go."""

    def rest(tail: str, first_words: list[str]) -> str:
        return tail + " " if all(" " in word for word in first_words) else tail

    (lead_a, tail_a, _, words_a), (lead_b, tail_b, _, words_b) = a, b
    rest_a, rest_b = rest(tail_a, words_a), rest(tail_b, words_b)
    return (lead_a.endswith(lead_b) or lead_b.endswith(lead_a)) and (
        rest_a.startswith(rest_b) or rest_b.startswith(rest_a)
    )


def _word_anchor(
    cased_kind_words: str, kind_words: str, back_words: str, *, titled: bool
) -> regex.Pattern[str]:
    """A kind word a citation starts with, then a back-reference word, or its number after
    "số" or none (``titled``: also after the words of a title, "Kế hoạch kiểm tra số 1105")."""
    title = (
        rf"(?:(?P<gap>(?:[ ]+(?!{kind_words}(?!\p{{L}}))\p{{Ll}}+[,]?){{0,20}}"
        rf"(?:[ ]+(?i:của)(?:[ ]+(?!{kind_words}(?!\p{{L}}))\p{{L}}+){{1,8}})?)"
        rf"(?=[ ]+(?i:số)))?"
        if titled
        else "(?P<gap>)"  # never a title
    )
    return regex.compile(
        # "Mẫu báo cáo số 05" names a form template, not a cited document.
        rf"(?<![\p{{L}}\d])(?<!(?:[Mm]ẫu|MẪU)[ ]{{1,3}})(?P<word>{cased_kind_words})(?!\p{{L}})"
        rf"(?:[ ]*(?P<back>{back_words})(?!\p{{L}})"
        rf"|{title}"
        rf"(?P<so>[ ]+{NUMBER_WORD})?[ ]*(?=\d))"
    )


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def extract_references(
    norm: NormalizedText, warnings: list[str] | None = None
) -> tuple[Reference, ...]:
    """All cited documents of ``norm``, in order of first mention.

    Impossible cited dates are reported in ``warnings`` (when given) and leave ``date`` null.
    """
    sink: list[str] = [] if warnings is None else warnings
    cites = _find_cites(norm.joined, norm.text, sink)
    entries = _merge(cites)
    return tuple(_to_reference(entry, norm) for entry in entries)


def _find_cites(text: str, layout: str, warnings: list[str]) -> list[_Cite]:
    """Citations in ``text`` (the joined view); ``layout`` is the same text with its lines."""
    patterns = _patterns()
    # Kind words are found in any case on the lowered text, which has the text's offsets
    # unless a letter's lower case is longer (then the patterns scan the text directly).
    lowered = text.lower()
    kind_words = _kind_words(lowered) if len(lowered) == len(text) else None
    own = _own_number(text)
    laws, law_spans = _find_laws(text, kind_words, warnings)
    law_starts = [start for start, _ in law_spans]
    cites: list[_Cite] = list(laws)
    pos = 0
    for anchor in _anchors(text, lowered, kind_words):
        if anchor.start < pos:
            continue
        pos = anchor.end
        inside = bisect_right(law_starts, anchor.start) - 1
        if inside >= 0 and anchor.start < law_spans[inside][1]:
            pos = max(pos, law_spans[inside][1])  # part of a law cited by name
            continue
        if anchor.back:
            cites.append(_Cite(anchor.kind or "other", anchor.start, anchor.end, form="back"))
            continue
        # Words between a kind word and "số" ("Kế hoạch kiểm tra số 1105/KH-ĐKT") are a
        # title only after a capitalized kind word naming a document, and need a full số hiệu.
        if anchor.gap and not (anchor.has_so and anchor.word and anchor.word[0].isupper()):
            continue
        cite = _parse_number(text, anchor.end, anchor.start, anchor.kind, anchor.has_so, warnings)
        if cite is None or (
            (anchor.word is None or anchor.gap) and cite.form in ("short", "number_year")
        ):
            continue
        if cite.form == "short" and (
            (patterns.quantity_after.match(text, cite.end) and cite.date is None)
            or _opens_line(layout, anchor.start, cite.end)
        ):
            continue
        if own is not None and (cite.number, cite.code) == own:
            pos = cite.end
            continue
        cites.append(cite)
        pos = cite.after
        if anchor.word is not None:
            pos = _continue_list(text, pos, cite.kind, cites, own, warnings)
    cites.sort(key=_CITE_START)
    return cites


@dataclass(slots=True)
class _Anchor:
    """Where a citation may start: a kind word, a type abbreviation or a bare số hiệu.

    ``end`` is where its number begins; ``kind`` is the kind the word names (None for a bare
    số hiệu, whose code decides).
    """

    start: int
    end: int
    kind: str | None
    word: str | None = None
    has_so: bool = False
    gap: bool = False
    back: bool = False


_ANCHOR_START = _CITE_START = attrgetter("start")


def _anchors(text: str, lowered: str, kind_words: list[_KindWord] | None) -> list[_Anchor]:
    """Every anchor of ``text`` in order of position, a kind word's first where two start
    alike (``lowered`` and ``kind_words``: see :func:`_word_anchor_matches`)."""
    patterns = _patterns()
    table = kind_table()
    anchors = []
    for match in _word_anchor_matches(text, lowered, kind_words):
        word, so, gap, back = match.group(*patterns.word_groups)
        kind = table.kind_of_word(word)
        anchors.append(
            _Anchor(match.start(), match.end(), kind, word, bool(so), bool(gap), bool(back))
        )
    abbreviation_group, so_group, abbreviation_number, number_group = patterns.slash_groups
    bare = []
    for match in patterns.slash_anchor.finditer(text):
        start = match.start(abbreviation_group)
        if start >= 0:
            abbreviation, so = match.group(abbreviation_group, so_group)
            end = match.start(abbreviation_number)
            kind = table.kind_by_code[abbreviation]
            anchors.append(_Anchor(start, end, kind, abbreviation, bool(so)))
        number = match.start(number_group)
        if number >= 0:
            bare.append(_bare_anchor(text, number, patterns.so_before))
    anchors += bare
    anchors.sort(key=_ANCHOR_START)  # stable: words, abbreviations, bare numbers
    return anchors


def _matches_at(
    pattern: regex.Pattern[str] | re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[regex.Match[str] | re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, tried only at ``starts`` (in order, and
    every offset one can start at, found by faster means than the pattern's own scan)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            end = match.end()
            yield match


def _word_anchor_matches(
    text: str, lowered: str, kind_words: list[_KindWord] | None
) -> Iterator[regex.Match[str]]:
    """The kind-word anchors of ``text``, tried where ``lowered`` (``text.lower()``) has a kind
    word (``kind_words``: :func:`_kind_words`; None: ``lowered`` is longer, scan ``text``)."""
    patterns = _patterns()
    if kind_words is None:
        yield from patterns.word_anchor.finditer(text)
        return
    end = 0
    for start, negated_end, first_word in kind_words:
        if start < end:
            continue  # inside the kind word before (the alternation finds none there)
        end = -negated_end
        if start and (lowered[start - 1].isalnum()):
            continue  # inside a word; the full pattern checks the end boundary
        # The full pattern needs a number next, or "số" after a title, or a back-reference.
        if lowered.find("số", end, end + _GAP_REACH) < 0:
            rest = lowered[end : end + _GAP_REACH].lstrip()
            if not (rest[:1].isdigit() or rest.startswith(patterns.back_starts)):
                continue
        match = (
            patterns.untitled_word_anchors[first_word].match(text, start)
            if patterns.untitled_head.match(lowered, end)
            else None
        )
        if match is None and _may_have_title(text, lowered, start, end):
            match = patterns.word_anchor.match(text, start)
        if match is not None:
            yield match


#: A kind word found in the lowered text: its start, its end negated (so that sorting puts the
#: longer of two starting alike first) and its first word.
_KindWord = tuple[int, int, str]


def _kind_words(lowered: str) -> list[_KindWord]:
    """Every kind word of ``lowered``, in order, those inside another included (the
    alternation of them would find the leftmost, then the next after its end)."""
    found = []
    for scanner, groups in _patterns().word_scanners:
        for match in scanner.finditer(lowered):
            group = match.lastindex or 0
            lead, first = groups[group]
            found.append((match.start() - lead, -match.end(group), first))
    found.sort()
    return found


def _may_have_title(text: str, lowered: str, start: int, end: int) -> bool:
    """Whether a title may stand between the kind word at ``start`` (``end`` on ``lowered``)
    and the "số" of a number after it: no ASCII digit or stop comes before the first such
    "số", nor a capital before a "của" (a title's words are in lower case until one; a quick
    look, the pattern decides)."""
    number = _patterns().number_word.search(lowered, start, start + _TITLE_WINDOW)
    if number is not None:
        stop = number.start() - 1  # the match starts at the "ố"
    elif start + _TITLE_WINDOW < len(lowered):
        stop = start + _TITLE_WINDOW
    else:
        return False  # no "số" and a number
    if lowered[start:stop].encode().translate(None, _NOT_ASCII_STOPS):
        return False
    of = lowered.find("của", end, stop)
    lower_case_end = stop if of < 0 else of
    return text[end:lower_case_end] == lowered[end:lower_case_end]


def _bare_anchor(text: str, number_start: int, so_before: regex.Pattern[str]) -> _Anchor:
    """A bare số hiệu, with the "số" (``so_before``) printed before it if any."""
    before = text[max(0, number_start - 10) : number_start]
    so = (
        so_before.search(text, max(0, number_start - 10), number_start)
        if "ố" in before or "Ố" in before
        else None
    )
    return _Anchor(so.start() if so else number_start, number_start, None, has_so=bool(so))


def _opens_line(layout: str, start: int, end: int) -> bool:
    """A bare number that opens a line and is followed by a capital or ``.``/``)`` is a row or
    heading number ("Nghị quyết\n5 Xây dựng …"), not the number of the document before it."""
    return "\n" in layout[start:end] and _patterns().line_opener.match(layout, end) is not None


def _continue_list(
    text: str,
    pos: int,
    kind: str,
    cites: list[_Cite],
    own: tuple[str | None, str | None] | None,
    warnings: list[str],
) -> int:
    """Citations that share the kind word before them: "… và số 22/2019/TT-BGDĐT"."""
    patterns = _patterns()
    while True:
        more = patterns.continuation.match(text, pos)
        if more is None:
            return pos
        so = more.group(patterns.continuation_so)
        start = more.start(patterns.continuation_so) if so else more.end()
        cite = _parse_number(text, more.end(), start, kind, bool(so), warnings)
        if cite is None or (cite.form == "short" and not so):
            return pos
        if patterns.quantity_after.match(text, cite.end) and cite.date is None:
            return pos
        if own is None or (cite.number, cite.code) != own:
            cites.append(cite)
        pos = cite.after


def _parse_number(
    text: str,
    pos: int,
    start: int,
    word_kind: str | None,
    has_so: bool,
    warnings: list[str],
) -> _Cite | None:
    table = kind_table()
    patterns = _patterns()
    match = patterns.number.match(text, pos)
    if match is None:
        return None
    printed_number, printed_year, ycode, ptype, pissuer, acode = match.group(
        *patterns.number_groups
    )
    number = printed_number.lstrip("0") or "0"
    year = int(printed_year) if printed_year else None
    if ycode:
        code, form = normalize_code(ycode, split_type=True), "full"
    elif ptype:
        code, form = f"{ptype}/{normalize_code(pissuer)}", "party"
    elif acode:
        code, form = normalize_code(acode), "admin"
    else:
        code, form = None, "number_year" if year else "short"
    if word_kind is None:
        code_kind = table.kind_of_code(code) if code else None
        kind = code_kind or ("cong_van" if form == "admin" else "other")
        if form == "admin" and code_kind is None and sum(ch.isupper() for ch in code or "") < 2:
            return None
    else:
        kind = word_kind
    end = match.end()
    cite = _Cite(kind, start, end, number, year, code, form=form, explicit_number_word=has_so)
    _read_date(text, end, cite, warnings)
    if cite.date is None:
        _read_issue_date_before(text, start, cite)
    return cite


def _read_issue_date_before(text: str, start: int, cite: _Cite) -> None:
    """The date of a sentence that opens with it and issues the citation: "Ngày 31 tháng 12
    năm 2020, Cục Quản lý chất lượng đã ban hành Công văn số 2085/QLCL-KĐCLGD"."""
    window_start = max(0, start - _ISSUE_SENTENCE_REACH)
    if text.find("Ngày", window_start, start) < 0:
        return  # the sentence opens with it
    patterns = _patterns()
    match = patterns.issued_before.search(text, window_start, start)
    if match is None:
        return
    day, month, month2, year = match.group(*patterns.issued_groups)
    try:
        value = dt.date(int(year), int(month or month2), int(day))
    except ValueError:
        return
    cite.date = value.isoformat()
    cite.date_year = value.year


def _read_date(text: str, pos: int, cite: _Cite, warnings: list[str]) -> None:
    patterns = _patterns()
    date = patterns.date.match(text, pos)
    if date is None:
        return
    cite.date_end = date.end()
    printed, day, month, year, day2, month2, year2 = date.group(0, *patterns.date_groups)
    day, month, year = day or day2, month or month2, year or year2
    printed = printed.strip(" ,")
    try:
        if len(year) != 4:
            raise ValueError("year must have four digits")
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        warnings.append(
            f"impossible date {printed!r} after citation {text[cite.start : cite.end]!r}"
        )
        return
    cite.date = value.isoformat()
    cite.date_year = value.year


def normalize_code(raw: str, *, split_type: bool = False) -> str:
    """Code as the contract writes it: no spaces, no ``&``; ``NĐCP`` → ``NĐ-CP``.

    With ``split_type`` (the code of a ``number/year/CODE`` số hiệu, which always opens with
    a type) a type abbreviation glued to the issuer is split off.
    """
    code = raw.replace(" ", "").replace("&", "").strip("-")
    if split_type:
        head, sep, rest = code.partition("-")
        type_codes = kind_table().type_codes
        glued = (
            next((t for t in type_codes if head.startswith(t)), None)
            if head not in type_codes and head.startswith(type_codes)
            else None
        )
        if glued and len(head) > len(glued) + 1 and head[len(glued)].isupper():
            code = f"{glued}-{head[len(glued) :]}{sep}{rest}"
    return code


def _own_number(text: str) -> tuple[str | None, str | None] | None:
    """The document's own (number, code) from its ``Số: …`` header line, if printed."""
    own_number = _patterns().own_number
    for so in _header_so(text):
        # The line's start is tried first: the pattern may open there ("| Số 12/…").
        line = text.rfind("\n", 0, so) + 1
        for start in (line, so) if line < so and not text[line:so].strip(" |") else (so,):
            header = own_number.match(text, start, _HEADER_REACH)
            if header is not None:
                cite = _parse_number(text, header.end(), header.start(), None, True, [])
                return (cite.number, cite.code) if cite else None
    return None


def _header_so(text: str) -> list[int]:
    """Where "Số" or "SỐ" stands in the header, in order: a header number line has one."""
    found = []
    for so in ("Số", "SỐ"):
        at = text.find(so, 0, _HEADER_REACH)
        while at >= 0:
            found.append(at)
            at = text.find(so, at + 1, _HEADER_REACH)
    return sorted(found)


def _find_laws(
    text: str, kind_words: list[_KindWord] | None, warnings: list[str]
) -> tuple[list[_Cite], list[tuple[int, int]]]:
    """Laws, codes and ordinances cited by name, with the spans they cover. Their law word is a
    kind word ("Luật", "Bộ luật", "Pháp lệnh"): tried only among ``kind_words`` (if known)."""
    cites: list[_Cite] = []
    spans: list[tuple[int, int]] = []
    patterns = _patterns()
    matches = (
        patterns.law.finditer(text)
        if kind_words is None
        else _matches_at(
            patterns.law,
            text,
            (
                start
                for start, _, first in kind_words
                if first in patterns.law_firsts and text.startswith(patterns.law_starts, start)
            ),
        )
    )
    for match in matches:
        law, body, year, number, number_year, code = match.group(*patterns.law_groups)
        word = " ".join(law.split())
        kind = {"bộ luật": "bo_luat", "pháp lệnh": "phap_lenh"}.get(word.lower(), "luat")
        cite = _Cite(kind, match.start(), match.end(), form="law_name")
        if number:
            cite.number = number.lstrip("0") or "0"
            cite.year = int(number_year)
            cite.code = normalize_code(code) if code else None
        elif year:
            cite.year = int(year)
        _read_date(text, match.end(), cite, warnings)
        printed_year = f" {year}" if year else ""
        cite.name = " ".join(f"{word} {body}".split()) + printed_year
        cites.append(cite)
        spans.append((match.start(), match.end()))
    return cites, spans


def _merge(cites: list[_Cite]) -> list[_Entry]:
    """Group citations into documents; resolve short forms to earlier full citations."""
    table = kind_table()
    index = _EntryIndex()
    for cite in cites:
        target = index.resolve(cite)
        if target is None:
            if cite.form == "back":
                continue
            if cite.form == "short" and not (
                cite.explicit_number_word or cite.kind in table.standalone_kinds
            ):
                continue
            target = index.add(
                _Entry(
                    cite.kind, cite.number, cite.year, cite.code, cite.date, cite.name, cite.form
                )
            )
        else:
            target.year = target.year or cite.year
            target.code = target.code if _has_issuer(target.code) else cite.code or target.code
            target.date = target.date or cite.date
            if _FORM_RANK[cite.form] < _FORM_RANK[target.form]:
                target.form = cite.form
            if cite.name and (target.name is None or len(cite.name) > len(target.name)):
                target.name = cite.name
        if target.year is None and target.date is not None:
            target.year = int(target.date[:4])
        target.spans.append((cite.start, cite.end))
    return index.entries


class _EntryIndex:
    """The documents found so far, indexed so resolving a citation looks at few of them."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self._by_kind: dict[str, list[_Entry]] = {}
        self._by_number: dict[tuple[str, str], list[_Entry]] = {}
        self._by_code: dict[tuple[str, str], list[_Entry]] = {}
        self._law_keys: dict[str, str] = {}

    def add(self, entry: _Entry) -> _Entry:
        self.entries.append(entry)
        self._by_kind.setdefault(entry.kind, []).append(entry)
        if entry.number is not None:
            self._by_number.setdefault((entry.kind, entry.number), []).append(entry)
            if _has_issuer(entry.code):
                key = (entry.number, (entry.code or "").upper())
                self._by_code.setdefault(key, []).append(entry)
        return entry

    def _law_key(self, name: str) -> str:
        """The comparison key of a law name, computed once per name."""
        key = self._law_keys.get(name)
        if key is None:
            key = self._law_keys[name] = _law_key(name)
        return key

    def resolve(self, cite: _Cite) -> _Entry | None:
        """The entry ``cite`` is another mention of, or None for a new document."""
        same_kind = self._by_kind.get(cite.kind, [])
        if cite.form == "back":
            return same_kind[0] if len(same_kind) == 1 else None
        cite_year = cite.year or cite.date_year
        candidates: list[_Entry] = []
        if cite.number is not None:
            candidates += [
                entry
                for entry in self._by_number.get((cite.kind, cite.number), [])
                if _compatible_year(entry.year, cite_year)
                and _compatible_code(entry.code, cite.code)
            ]
            if not candidates and _has_issuer(cite.code):
                # A full số hiệu names one document whatever word cites it ("văn bản số
                # 17/TB-NM" and a bare "17/TB-NM").
                candidates += [
                    entry
                    for entry in self._by_code.get((cite.number, (cite.code or "").upper()), [])
                    if _compatible_year(entry.year, cite_year)
                ]
        if cite.name is not None:
            key = self._law_key(cite.name)
            candidates += [
                entry
                for entry in same_kind
                if entry.name is not None
                and _compatible_year(entry.year, cite_year)
                and _same_law(self._law_key(entry.name), key)
            ]
        if not candidates:
            return None
        # Nearest antecedent wins when a short form fits several documents.
        return max(candidates, key=lambda entry: entry.spans[-1][0])


def _compatible_year(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _has_issuer(code: str | None) -> bool:
    """Whether ``code`` names an issuer, not only a type ("NQ" has none, "NQ-TW" has)."""
    if code is None:
        return False
    return "-" in code or "/" in code or kind_table().kind_of_code(code) is None


def _compatible_code(a: str | None, b: str | None) -> bool:
    if a is None or b is None or not _has_issuer(a) or not _has_issuer(b):
        return True
    return a.upper() == b.upper()


def _same_law(a: str, b: str) -> bool:
    """Two law-name keys name one law, an abbreviated tail included ("bảo vệ bmnn")."""
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    common = 0
    while common < min(len(words_a), len(words_b)) and words_a[common] == words_b[common]:
        common += 1
    tail_a, tail_b = words_a[common:], words_b[common:]
    for short, full in ((tail_a, tail_b), (tail_b, tail_a)):
        if len(short) == 1 and len(full) >= 2 and short[0] == "".join(w[0] for w in full):
            return True
    return False


def _law_key(name: str) -> str:
    return _LAW_YEAR.sub("", normalize_key(name))


def _to_reference(entry: _Entry, norm: NormalizedText) -> Reference:
    # Validated from plain data in one call, mentions included (each Mention built alone
    # would cost a call of its own).
    mentions = []
    for start, end in entry.spans:
        in_start, in_end = norm.span(start, end)
        mentions.append({"start": in_start, "end": in_end, "text": norm.source[in_start:in_end]})
    return Reference.model_validate(
        {
            "kind": entry.kind,
            "number": entry.number,
            "year": entry.year,
            "code": entry.code,
            "date": entry.date,
            "name": entry.name,
            "canonical": _canonical(entry),
            "mentions": mentions,
        }
    )


def _canonical(entry: _Entry) -> str:
    label = kind_table().label_by_kind[entry.kind]
    if entry.form == "law_name":
        return entry.name or label
    if entry.form == "party":
        return f"{entry.number}-{entry.code}"
    if entry.form == "full":
        return f"{entry.number}/{entry.year}/{entry.code}"
    if entry.form == "admin":
        return f"{entry.number}/{entry.code}"
    if entry.year:
        return f"{label} {entry.number}/{entry.year}"
    return f"{label} {entry.number}"
