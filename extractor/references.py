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
import heapq
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

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
)
from extractor.schema import Mention, Reference

_SPACES_AND_AMPERSANDS = regex.compile(r"[ &]")
# How far back the opening date of an issuing sentence may stand.
_ISSUE_SENTENCE_REACH = 260
# How far after a kind word its "số" may stand (a title of up to ~20 words between).
_GAP_REACH = 250

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
    """The compiled patterns of this stage, built once from the lexicons."""

    def __init__(self) -> None:
        table = kind_table()
        kind_words = words_pattern(list(table.kind_by_word))
        type_codes = "|".join(regex.escape(code) for code in table.type_codes)
        back_words = words_pattern(list(table.back_reference_words))
        cased_kind_words = cased_words_pattern(list(table.kind_by_word))
        # Three scanners, merged in text order (one combined pattern would be tried at every
        # position; each of these starts with literal text the engine finds fast).
        self.word_anchor = regex.compile(
            # "Mẫu báo cáo số 05" names a form template, not a cited document.
            rf"(?<![\p{{L}}\d])(?<!(?:[Mm]ẫu|MẪU)[ ]{{1,3}})(?P<word>{cased_kind_words})(?!\p{{L}})"
            rf"(?:[ ]*(?P<back>{back_words})(?!\p{{L}})"
            rf"|(?:(?P<gap>(?:[ ]+(?!{kind_words}(?!\p{{L}}))\p{{Ll}}+[,]?){{0,20}}"
            rf"(?:[ ]+(?i:của)(?:[ ]+(?!{kind_words}(?!\p{{L}}))\p{{L}}+){{1,8}})?)"
            rf"(?=[ ]+(?i:số)))?"
            rf"(?P<so>[ ]+{NUMBER_WORD})?[ ]*(?=\d))"
        )
        # Kind words in lower case, searched on the lowered text to find where the full
        # anchor pattern is worth trying (a literal alternation scans many times faster).
        self.word_candidates = re.compile(
            "|".join(
                " +".join(re.escape(token) for token in word.split())
                for word in sorted({w.lower() for w in table.kind_by_word}, key=len, reverse=True)
            )
        )
        # First words of the back-reference phrases ("trên", "nêu trên", "đã nêu").
        self.back_starts = tuple({w.split()[0] for w in table.back_reference_words})
        self.abbr_anchor = regex.compile(
            rf"(?<![\p{{L}}\d])(?P<abbr>{type_codes})[ ]+(?P<so>{NUMBER_WORD}[ ]*)?"
            rf"(?={NUMBER}{SLASH})"
        )
        self.bare_anchor = regex.compile(
            rf"(?<![\p{{L}}\d/.:_-])\d{{1,5}}"
            rf"(?=(?:{SLASH}(?:{YEAR}{SLASH})?\p{{Lu}}|[ ]?-[ ]?(?:{type_codes}){SLASH}))"
        )
        # A sentence opening with its date and issuing what follows (the citation ends it).
        self.issued_before = regex.compile(
            r"(?<![\p{L}\d])Ngày[ ]+(?P<d>\d{1,2})(?:[ ]?[/.-][ ]?(?P<m>\d{1,2})[ ]?[/.-][ ]?"
            r"|[ ]+(?i:tháng)[ ]+(?P<m2>\d{1,2})[ ]+(?i:năm)[ ]+)(?P<y>\d{4})[ ]*,"
            r"[^.;:\n]{0,200}?(?i:ban[ ]+hành)[ ]+$"
        )
        self.so_before = regex.compile(r"(?<!\p{L})(?i:số)[ ]+$")
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

    @staticmethod
    def _law_pattern() -> regex.Pattern[str]:
        names = [_LAW_WORD.sub("", name) for group in law_names().values() for name in group]
        gazetteer = words_pattern(names)
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
    own = _own_number(text)
    laws, law_spans = _find_laws(text, warnings)
    law_starts = [start for start, _ in law_spans]
    cites: list[_Cite] = list(laws)
    pos = 0
    for anchor in _anchors(text):
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
        pos = _after_date(text, cite.end)
        if anchor.word is not None:
            pos = _continue_list(text, pos, cite.kind, cites, own, warnings)
    cites.sort(key=lambda c: c.start)
    return cites


@dataclass(frozen=True, slots=True)
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


def _anchors(text: str) -> Iterator[_Anchor]:
    """Every anchor of ``text`` in order of position."""
    patterns = _patterns()
    table = kind_table()
    words = (
        _Anchor(
            m.start(),
            m.end(),
            table.kind_of_word(m.group("word")),
            m.group("word"),
            bool(m.group("so")),
            bool(m.group("gap")),
            bool(m.group("back")),
        )
        for m in _word_anchor_matches(text)
    )
    abbreviations = (
        _Anchor(
            m.start(),
            m.end(),
            table.kind_by_code[m.group("abbr")],
            m.group("abbr"),
            bool(m.group("so")),
        )
        for m in patterns.abbr_anchor.finditer(text)
    )
    bare = (_bare_anchor(text, m.start()) for m in patterns.bare_anchor.finditer(text))
    return heapq.merge(words, abbreviations, bare, key=lambda anchor: anchor.start)


def _word_anchor_matches(text: str) -> Iterator[regex.Match[str]]:
    patterns = _patterns()
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: scan directly
        yield from patterns.word_anchor.finditer(text)
        return
    for candidate in patterns.word_candidates.finditer(lowered):
        start = candidate.start()
        if start and (lowered[start - 1].isalnum()):
            continue  # inside a word; the full pattern checks the end boundary
        # The full pattern needs a number next, or "số" after a title, or a back-reference.
        rest = lowered[candidate.end() : candidate.end() + _GAP_REACH].lstrip()
        if not (rest[:1].isdigit() or "số" in rest or rest.startswith(patterns.back_starts)):
            continue
        match = patterns.word_anchor.match(text, start)
        if match is not None:
            yield match


def _bare_anchor(text: str, number_start: int) -> _Anchor:
    """A bare số hiệu, with the "số" printed before it if any."""
    so = _patterns().so_before.search(text, max(0, number_start - 10), number_start)
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
        start = more.start("so") if more.group("so") else more.end()
        cite = _parse_number(text, more.end(), start, kind, bool(more.group("so")), warnings)
        if cite is None or (cite.form == "short" and not more.group("so")):
            return pos
        if patterns.quantity_after.match(text, cite.end) and cite.date is None:
            return pos
        if own is None or (cite.number, cite.code) != own:
            cites.append(cite)
        pos = _after_date(text, cite.end)


def _after_date(text: str, pos: int) -> int:
    date = _patterns().date.match(text, pos)
    return date.end() if date else pos


def _parse_number(
    text: str,
    pos: int,
    start: int,
    word_kind: str | None,
    has_so: bool,
    warnings: list[str],
) -> _Cite | None:
    table = kind_table()
    match = _patterns().number.match(text, pos)
    if match is None:
        return None
    number = match.group("num").lstrip("0") or "0"
    year = int(match.group("year")) if match.group("year") else None
    if match.group("ycode"):
        code, form = normalize_code(match.group("ycode"), split_type=True), "full"
    elif match.group("ptype"):
        code = f"{match.group('ptype')}/{normalize_code(match.group('pissuer'))}"
        form = "party"
    elif match.group("acode"):
        code, form = normalize_code(match.group("acode")), "admin"
    else:
        code, form = None, "number_year" if year else "short"
    code_kind = table.kind_of_code(code) if code else None
    if word_kind is None:
        kind = code_kind or ("cong_van" if form == "admin" else "other")
        if form == "admin" and code_kind is None and sum(ch.isupper() for ch in code or "") < 2:
            return None
    else:
        kind = word_kind
    cite = _Cite(
        kind, start, match.end(), number, year, code, form=form, explicit_number_word=has_so
    )
    _read_date(text, match.end(), cite, warnings)
    if cite.date is None:
        _read_issue_date_before(text, start, cite)
    return cite


def _read_issue_date_before(text: str, start: int, cite: _Cite) -> None:
    """The date of a sentence that opens with it and issues the citation: "Ngày 31 tháng 12
    năm 2020, Cục Quản lý chất lượng đã ban hành Công văn số 2085/QLCL-KĐCLGD"."""
    window_start = max(0, start - _ISSUE_SENTENCE_REACH)
    match = _patterns().issued_before.search(text, window_start, start)
    if match is None:
        return
    day, month = match.group("d"), match.group("m") or match.group("m2")
    try:
        value = dt.date(int(match.group("y")), int(month), int(day))
    except ValueError:
        return
    cite.date = value.isoformat()
    cite.date_year = value.year


def _read_date(text: str, pos: int, cite: _Cite, warnings: list[str]) -> None:
    date = _patterns().date.match(text, pos)
    if date is None:
        return
    day, month, year = (
        date.group("d") or date.group("d2"),
        date.group("m") or date.group("m2"),
        date.group("y") or date.group("y2"),
    )
    printed = date.group().strip(" ,")
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
    code = _SPACES_AND_AMPERSANDS.sub("", raw).strip("-")
    if split_type:
        head, sep, rest = code.partition("-")
        type_codes = kind_table().type_codes
        glued = (
            next((t for t in type_codes if head.startswith(t)), None)
            if head not in type_codes
            else None
        )
        if glued and len(head) > len(glued) + 1 and head[len(glued)].isupper():
            code = f"{glued}-{head[len(glued) :]}{sep}{rest}"
    return code


def _own_number(text: str) -> tuple[str | None, str | None] | None:
    """The document's own (number, code) from its ``Số: …`` header line, if printed."""
    patterns = _patterns()
    header = patterns.own_number.search(text, 0, _HEADER_REACH)
    if header is None:
        return None
    cite = _parse_number(text, header.end(), header.start(), None, True, [])
    return (cite.number, cite.code) if cite else None


def _find_laws(text: str, warnings: list[str]) -> tuple[list[_Cite], list[tuple[int, int]]]:
    """Laws, codes and ordinances cited by name, with the spans they cover."""
    cites: list[_Cite] = []
    spans: list[tuple[int, int]] = []
    for match in _patterns().law.finditer(text):
        word = " ".join(match.group("law").split())
        kind = {"bộ luật": "bo_luat", "pháp lệnh": "phap_lenh"}.get(word.lower(), "luat")
        cite = _Cite(kind, match.start(), match.end(), form="law_name")
        if match.group("lnum"):
            cite.number = match.group("lnum").lstrip("0") or "0"
            cite.year = int(match.group("lnyear"))
            cite.code = normalize_code(match.group("lcode")) if match.group("lcode") else None
        elif match.group("lyear"):
            cite.year = int(match.group("lyear"))
        _read_date(text, match.end(), cite, warnings)
        printed_year = f" {match.group('lyear')}" if match.group("lyear") else ""
        cite.name = " ".join(f"{word} {match.group('body')}".split()) + printed_year
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

    def add(self, entry: _Entry) -> _Entry:
        self.entries.append(entry)
        self._by_kind.setdefault(entry.kind, []).append(entry)
        if entry.number is not None:
            self._by_number.setdefault((entry.kind, entry.number), []).append(entry)
            if _has_issuer(entry.code):
                key = (entry.number, (entry.code or "").upper())
                self._by_code.setdefault(key, []).append(entry)
        return entry

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
            key = _law_key(cite.name)
            candidates += [
                entry
                for entry in same_kind
                if entry.name is not None
                and _compatible_year(entry.year, cite_year)
                and _same_law(_law_key(entry.name), key)
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
    return kind_table().kind_of_code(code) is None or "-" in code or "/" in code


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
    mentions = []
    for start, end in entry.spans:
        in_start, in_end = norm.span(start, end)
        mentions.append(Mention(start=in_start, end=in_end, text=norm.source[in_start:in_end]))
    return Reference(
        kind=entry.kind,
        number=entry.number,
        year=entry.year,
        code=entry.code,
        date=entry.date,
        name=entry.name,
        canonical=_canonical(entry),
        mentions=tuple(mentions),
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
