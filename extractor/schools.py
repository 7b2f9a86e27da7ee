"""Schools stage: named schools, one entry per distinct school.

A school is printed as ``[Trường] LEVEL NAME`` on the ``joined`` normalized view, where a name
wrapped over a line reads whole: ``Trường THPT Lạc Thủy C``, ``TH&THCS xã Đồng Tâm``,
``PT DTNT THCS&THPT huyện Lạc Thủy``, ``Tiểu học số 1 Nhơn Hòa``, ``THPT Chuyên Hoàng Văn Thụ``,
``Trường Đại học Việt Nhật``. The name is a run of capitalized syllables (proper names), with
locality words (``xã``, ``huyện``, ``thị trấn``/``TT``), ``số N`` and a trailing letter; it ends
at the first word that is not part of a proper name. A level alone (``các trường THPT``,
``học sinh THCS``) is no school.

Distributive lists give one school per member: ``các trường THPT (Yên Thủy A, Kim Bôi)``,
``Trường THCS Vĩnh Đồng, Hạ Bì và Nam Thượng``, ``các trường: MN Hoa Hồng, TH xã Tân Lập``.

Every surface form of one school is merged into one entry: with or without ``Trường``, level
abbreviations or words (``TH`` = ``Tiểu học``), ``PT DTNT`` = ``PTDTNT``, with or without a
locality word, case, tone placement and diacritics (a typo ``Thành Hà`` for ``Thanh Hà``); the
majority form names the entry, the others are its aliases. A trailing letter distinguishes
schools (``Lạc Thủy B`` is not ``Lạc Thủy C``), except that ``X A`` is ``X`` when both appear.

All lexicons (levels, locality words, stop words) are data in ``models/schools.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import regex

from extractor.normalize import NormalizedText, unify_tone_placement
from extractor.resources import load_model
from extractor.schema import Mention, School

# How many syllables a proper name may have, and how many members a list may have.
_MAX_SYLLABLES = 8
_MAX_MEMBERS = 30
# White space inside a school's name: spaces, or a line break the joined view kept (a line
# opening with capitals, "PT\nDTNT THCS&THPT", reads as a heading there).
_SP = r"(?:[ ]+|[ ]*(?:\n[ ]*){1,3})"
# How long the gap between two schools of one list may be (", và ").
_LIST_GAP = 12
# How far back a list intro ("các trường:", "gồm") may stand before a member's level.
_INTRO_REACH = 40


def _prepare(word: str) -> str:
    return unify_tone_placement(unicodedata.normalize("NFC", word))


def _form_pattern(form: str) -> str:
    """A lexicon form as a regex: abbreviations as printed, words in any case."""
    body = _form_body(_prepare(form))
    if _is_caps(form):
        return f"(?:{body})"
    return f"(?i:{body})"


def _form_body(form: str) -> str:
    """The words of a form as a case-sensitive pattern (for `regex` and `re` alike)."""
    parts: list[str] = []
    for token in form.split():
        pieces = [re.escape(piece) for piece in token.split("&")]
        parts.append(r"[ ]*&[ ]*".join(pieces))
    return _SP.join(parts)


def _is_caps(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _alternation(forms: list[str]) -> str:
    ordered = sorted({_prepare(f) for f in forms}, key=len, reverse=True)
    return "|".join(_form_pattern(f) for f in ordered)


def _case_sensitive_words(words: list[str]) -> str:
    ordered = sorted({_prepare(w) for w in words}, key=len, reverse=True)
    return "|".join(r"[ ]+".join(regex.escape(t) for t in w.split()) for w in ordered)


def _lower_or_capital(words: list[str]) -> str:
    """Lower-case words matched also with a capital first letter; capitals as printed."""
    variants: set[str] = set()
    for word in words:
        word = _prepare(word)
        variants.add(word)
        if word[:1].islower():
            variants.add(word[:1].upper() + word[1:])
    return _case_sensitive_words(sorted(variants))


def strip_diacritics(text: str) -> str:
    """``text`` without tone marks and vowel diacritics, ``đ`` as ``d`` (lower-cased)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class _Level:
    key: str
    abbreviation: str
    ambiguous: bool = False
    needs_truong: bool = False
    higher: bool = False


class _Patterns:
    """The compiled patterns and lookup tables of this stage, built once from the model."""

    def __init__(self) -> None:
        data: dict[str, Any] = load_model("schools")
        self.level_by_form: dict[str, _Level] = {}
        self.boarding_by_form: dict[str, _Level] = {}
        level_forms: list[str] = []
        higher_forms: list[str] = []
        boarding_forms: list[str] = []
        for entry in data["levels"]:
            level = _Level(
                entry["key"],
                entry["abbreviation"],
                ambiguous=bool(entry.get("ambiguous")),
                needs_truong=bool(entry.get("needs_truong")),
            )
            for form in entry["forms"]:
                self.level_by_form[_form_key(form)] = level
                level_forms.append(form)
        self.higher_keys = frozenset(entry["key"] for entry in data["higher_levels"])
        for entry in data["higher_levels"]:
            level = _Level(entry["key"], entry["abbreviation"], needs_truong=True, higher=True)
            for form in entry["forms"]:
                self.level_by_form[_form_key(form)] = level
                higher_forms.append(form)
        for entry in data["boarding"]:
            level = _Level(entry["key"], entry["abbreviation"])
            for form in entry["forms"]:
                self.boarding_by_form[_form_key(form)] = level
                boarding_forms.append(form)

        self.locality_words = [_prepare(w) for w in data["locality_words"]]
        descriptors = [_prepare(w) for w in data["descriptors"]]
        #: A descriptor as a word (for merge keys) and opening a name (for localities).
        self.descriptor_words = [
            regex.compile(rf"(?i)(?<!\p{{L}}){regex.escape(d)}(?!\p{{L}})") for d in descriptors
        ]
        self.descriptor_openers = [
            regex.compile(rf"(?i)^{regex.escape(d)}[ ]+") for d in descriptors
        ]
        self.plural_words = [_prepare(w) for w in data["plural_words"]]
        self.surnames = frozenset(_prepare(w) for w in data["surnames"])
        self.middle_names = frozenset(_prepare(w) for w in data["person_middle_names"])

        edge = r"(?![\p{L}\d&])"
        inner = _alternation(level_forms)
        # Capitalized as printed: "các trường đại học Việt Nam" names no university.
        higher = _case_sensitive_words(higher_forms)
        boarding = _alternation(boarding_forms)
        qualifier = _alternation(data["qualifiers"])
        #: A level: "THPT", "PT DTNT THCS&THPT", "Trường Đại học"; "trường" is captured.
        self.anchor = regex.compile(
            rf"(?<![\p{{L}}\d&])(?:(?P<truong>[Tt]rường|TRƯỜNG){_SP})?"
            rf"(?P<level>(?P<boarding>{boarding}){edge}(?:{_SP}(?P<inner_b>{inner}){edge})?"
            rf"|(?P<inner>{inner}){edge}|(?P<higher>{higher}){edge})"
            rf"(?:{_SP}(?P<qual>{qualifier}){edge})?"
        )
        # Where an anchor may open (see _Anchors): an abbreviation or a higher level as printed,
        # or, in the lower-cased text, a level in words or "trường" before a level's first word.
        school_forms = {_prepare(f) for f in level_forms + boarding_forms}
        printed = {_form_body(f) for f in school_forms if _is_caps(f)}
        printed.update(_form_body(_prepare(f)) for f in higher_forms)
        words = {_form_body(f.lower()) for f in school_forms if not _is_caps(f)}
        firsts = {re.escape(f.lower().split()[0].split("&")[0]) for f in school_forms}
        firsts.update(re.escape(_prepare(f).lower().split()[0]) for f in higher_forms)
        truong = rf"trường{_SP}(?:{'|'.join(sorted(firsts))})"
        self.printed_opener = re.compile("|".join(sorted(printed)))
        self.word_opener = re.compile("|".join([truong, *sorted(words)]))
        stop = _case_sensitive_words(data["stop_words"])
        locality = _lower_or_capital(data["locality_words"])
        descriptor = _case_sensitive_words(data["descriptors"])
        fields = _alternation(data["fields"])
        self.fields_prefix = regex.compile(rf"(?:(?:{fields})(?![\p{{L}}\d])[ ]*)*")
        self.locality_re = regex.compile(rf"(?:{locality})(?![\p{{L}}\d])")
        #: One syllable of a proper name: capitalized word, capital with digits ("T6"), letter.
        syllable = (
            rf"(?!(?:{stop})(?![\p{{L}}\d]))"
            r"(?:\p{Lu}(?:['’]\p{Lu})?\p{Ll}+|\p{Lu}\d{1,3}|\p{Lu})(?![\p{L}\d])"
        )
        proper = (
            rf"{syllable}(?:{_SP}(?:(?:{locality}){_SP}(?=\p{{Lu}}))?{syllable})"
            rf"{{0,{_MAX_SYLLABLES - 1}}}"
        )
        number = r"(?:[Ss]ố|SỐ)[ ]*\d{1,3}(?![\d/,.]\d|\p{L})"
        locality_head = rf"(?:(?:{locality}){_SP}(?=\p{{Lu}}))"
        #: The name after a school level.
        self.name = regex.compile(
            rf"{_SP}(?P<body>(?:(?:{descriptor}){_SP}(?=\p{{L}}))?"
            rf"(?:{number}(?:{_SP}{locality_head}?{proper})?|{locality_head}?{proper}))"
        )
        #: A boarding school's name that is only a locality word ("PT DTNT THPT tỉnh").
        self.boarding_locality = regex.compile(
            rf"{_SP}(?P<body>(?i:tỉnh|huyện|thành[ ]+phố))(?![\p{{L}}\d])(?![ ]+\p{{Lu}})"
        )
        #: The name after a college or university level: fields of study, then a proper name.
        not_field = rf"(?!(?:{fields})(?![\p{{L}}\d]))"
        self.higher_name = regex.compile(
            rf"{_SP}(?P<body>(?:(?:{fields})(?![\p{{L}}\d]){_SP})*{not_field}"
            rf"(?:{number}(?:{_SP}{proper})?|{locality_head}?{proper}))"
        )
        #: A bare member of a list after a school: ", Hạ Bì", " và Nam Thượng".
        self.member = regex.compile(
            rf"(?P<sep>[ ]*,{_SP}?(?:(?i:và|hoặc){_SP})?|{_SP}(?i:và|hoặc){_SP})"
            rf"(?P<body>(?:{number}{_SP})?{proper})"
        )
        #: A parenthesized list after a bare level: "các trường THPT (Yên Thủy A, Kim Bôi)".
        self.open_paren = regex.compile(r"[ ]*\([ ]*")
        self.first_member = regex.compile(rf"(?P<body>(?:{number}{_SP})?{proper})")
        self.close_paren = regex.compile(r"[ ]*\)")
        plural = _lower_or_capital(data["plural_words"])
        self.plural_before = regex.compile(rf"(?<![\p{{L}}\d])(?:{plural})[ ]+$")
        #: What may stand between two schools of one list: ", ", "; ", " và ", ", và ".
        self.list_gap = regex.compile(r"[ \n]*(?:[,;][ \n]*)?(?:(?i:và|hoặc)[ \n]+)?")
        #: What introduces a list of schools: "các trường: ", "trường (", "các trường gồm ".
        self.list_intro = regex.compile(
            r"(?<![\p{L}\d])(?i:trường)(?:[ ]+(?i:gồm|là))?[ ]*:?[ ]*\(?[ ]*$"
        )
        self.after_name = regex.compile(r"[ ]*(?:[,;)]|(?i:và|hoặc)(?![\p{L}\d]))")
        self.letter_end = regex.compile(r"[ ]+\p{Lu}$")

    def level_of(self, printed: str) -> _Level:
        key = _form_key(printed)
        return self.level_by_form.get(key) or self.level_by_form[key.lower()]

    def boarding_of(self, printed: str) -> _Level:
        key = _form_key(printed)
        return self.boarding_by_form.get(key) or self.boarding_by_form[key.lower()]


_AMPERSAND = regex.compile(r"[ ]*&[ ]*")


def _form_key(form: str) -> str:
    key = " ".join(_prepare(form).split())
    key = _AMPERSAND.sub("&", key)
    return key if _is_caps(key) else key.lower()


@cache
def _patterns() -> _Patterns:
    return _Patterns()


@dataclass(slots=True)
class _Found:
    """One mention of a school (normalized offsets), before merging."""

    start: int
    end: int
    body_start: int
    body_end: int
    level_key: str
    level_text: str  # the level as reported ("THPT", "PTDTNT THCS&THPT", "THPT Chuyên")
    printed_level: str  # the level as printed, white space collapsed
    body: str  # the proper-name part, white space collapsed
    with_truong: bool
    bare: bool = False  # a list member printed without its level


@dataclass(slots=True)
class _Entry:
    key: str
    level_key: str
    found: list[_Found] = field(default_factory=list)


def extract_schools(norm: NormalizedText) -> tuple[School, ...]:
    """The named schools of ``norm``, one entry per distinct school, in order of first mention."""
    text = norm.joined or norm.text
    found = _find(text)
    found = _cut_at_line_breaks(found, norm.text)
    entries = _merge(found)
    return tuple(_to_school(entry, norm) for entry in entries)


def _collapse(text: str) -> str:
    return _AMPERSAND.sub("&", " ".join(text.split()))


# Letters a case-insensitive pattern matches but whose lower case is another letter's (I ~ ı,
# s ~ ſ, i ~ İ): where they occur, the lower-cased text does not show every opener.
_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f]")


def _match_starts(pattern: re.Pattern[str], text: str) -> set[int]:
    """Where ``pattern`` matches in ``text``, overlapping matches included."""
    starts: set[int] = set()
    match = pattern.search(text)
    while match is not None:
        starts.add(match.start())
        match = pattern.search(text, match.start() + 1)
    return starts


class _Anchors:
    """The matches of the anchor pattern in a text, left to right.

    The pattern may open at any position (a look-behind, an optional "trường"), which makes a
    plain search slow; it is tried only where an opener stands: an abbreviation as printed, or
    a level word or "trường" in the lower-cased text.
    """

    def __init__(self, text: str) -> None:
        patterns = _patterns()
        self.text = text
        self.next = 0
        self.starts: list[int] | None = None
        lowered = text.lower()
        if len(lowered) == len(text) and _FOLD_TRAPS.search(text) is None:
            starts = _match_starts(patterns.printed_opener, text)
            self.starts = sorted(starts.union(_match_starts(patterns.word_opener, lowered)))

    def search(self, pos: int) -> regex.Match[str] | None:
        """The first match at or after ``pos`` (``pos`` never goes back)."""
        anchor = _patterns().anchor
        if self.starts is None:
            return anchor.search(self.text, pos)
        i = bisect_left(self.starts, pos, self.next)
        while i < len(self.starts):
            match = anchor.match(self.text, self.starts[i])
            i += 1
            if match is not None:
                self.next = i
                return match
        self.next = i
        return None


def _find(text: str) -> list[_Found]:
    patterns = _patterns()
    found: list[_Found] = []
    last_end = -1  # end of the previous school mention, for list context
    pos = 0
    anchors = _Anchors(text)
    while True:
        anchor = anchors.search(pos)
        if anchor is None:
            break
        pos = anchor.end()
        level_key, level_text, level = _level_of(anchor)
        truong = anchor.group("truong")
        start = anchor.start()
        before = text[max(0, start - _INTRO_REACH) : start]
        plural = bool(truong) and patterns.plural_before.search(before) is not None
        if truong and truong.isupper():
            continue  # an all-capitals heading: its name is in capitals too
        if level.needs_truong and not truong:
            continue
        name_re = patterns.higher_name if level.higher else patterns.name
        name = name_re.match(text, anchor.end())
        if name is None and anchor.group("boarding") and truong and not plural:
            # "trường PT DTNT THPT tỉnh": a boarding school named by its locality word alone.
            name = patterns.boarding_locality.match(text, anchor.end())
        gap = text[last_end:start] if last_end >= 0 and start - last_end <= _LIST_GAP else ""
        in_list = bool(gap) and patterns.list_gap.fullmatch(gap) is not None
        if name is None:
            if plural or (truong and not level.needs_truong):
                members = _paren_list(text, anchor.end(), level_key, level_text, anchor)
                if members:
                    found.extend(members)
                    last_end = members[-1].end
                    pos = last_end
            continue
        body_start, body_end = name.span("body")
        body = _collapse(name.group("body"))
        if level.higher and not _has_proper_part(body):
            continue
        # A short abbreviation (TH, MN) needs "trường", a list, or a locality word or "số".
        if level.ambiguous and not (
            truong
            or in_list
            or patterns.list_intro.search(before) is not None
            or body[:1].islower()
        ):
            continue
        mention_start = anchor.start("level") if plural or not truong else anchor.start()
        head = _Found(
            start=mention_start,
            end=body_end,
            body_start=body_start,
            body_end=body_end,
            level_key=level_key,
            level_text=level_text,
            printed_level=_printed_level(anchor),
            body=body,
            with_truong=bool(truong) and not plural,
        )
        found.append(head)
        members = _members(text, body_end, head, plural)
        found.extend(members)
        last_end = members[-1].end if members else body_end
        pos = last_end
    return found


def _printed_level(anchor: regex.Match[str]) -> str:
    """The level as printed, white space collapsed, capitalized ("tiểu học" → "Tiểu học")."""
    printed = _collapse(anchor.group("level"))
    if anchor.group("qual"):
        printed += " " + _collapse(anchor.group("qual"))
    return printed[:1].upper() + printed[1:]


def _level_of(anchor: regex.Match[str]) -> tuple[str, str, _Level]:
    """The merge key, the reported text and the lexicon entry of an anchor's level."""
    boarding, inner_b, inner, higher, qual = anchor.group(
        "boarding", "inner_b", "inner", "higher", "qual"
    )
    return _level_info(boarding, inner_b, inner or higher, qual)


@lru_cache(maxsize=4096)
def _level_info(
    boarding: str | None, inner_printed: str | None, printed: str | None, qual: str | None
) -> tuple[str, str, _Level]:
    """:func:`_level_of` from the level as printed (a few forms recur throughout a text)."""
    patterns = _patterns()
    qual_text = (" " + qual[:1].upper() + qual[1:].lower()) if qual else ""
    qual_key = "+chuyen" if qual else ""
    if boarding:
        board = patterns.boarding_of(boarding)
        if inner_printed:
            inner = patterns.level_of(inner_printed)
            text = f"{board.abbreviation} {_abbreviated(inner_printed, inner)}"
            return f"{board.key}+{inner.key}{qual_key}", text + qual_text, inner
        return board.key + qual_key, board.abbreviation + qual_text, board
    assert printed is not None
    level = patterns.level_of(printed)
    return level.key + qual_key, _abbreviated(printed, level) + qual_text, level


_WORD_LIST = regex.compile(r"(?i:\bvà\b)|,")


def _abbreviated(printed: str, level: _Level) -> str:
    """A level as printed in its abbreviated form: "TH & THCS" → "TH&THCS", "tiểu học" kept."""
    collapsed = _collapse(printed)
    if _is_caps(collapsed):
        return collapsed if "&" in collapsed or " " not in collapsed else level.abbreviation
    if _WORD_LIST.search(collapsed):
        return level.abbreviation
    return collapsed[:1].upper() + collapsed[1:].lower()


def _has_proper_part(body: str) -> bool:
    """A college's name needs a proper name after its field ("Sư phạm Hòa Bình")."""
    fields = _patterns().fields_prefix.match(body)
    return fields is not None and fields.end() < len(body)


_COORDINATOR = regex.compile(r"(?i:và|hoặc)")


def _members(text: str, pos: int, head: _Found, plural: bool) -> list[_Found]:
    """Bare names listed after a school, sharing its level: ", Hạ Bì và Nam Thượng"."""
    patterns = _patterns()
    chain: list[tuple[regex.Match[str], bool]] = []
    while len(chain) < _MAX_MEMBERS:
        member = patterns.member.match(text, pos)
        if member is None:
            break
        if patterns.anchor.match(text, member.start("body")):
            break
        coordinated = _COORDINATOR.search(member.group("sep")) is not None
        chain.append((member, coordinated))
        pos = member.end()
    if not chain:
        return []
    # Without a plural "các trường", a list needs its closing "và"/"hoặc".
    if not plural:
        last = max((i for i, (_, co) in enumerate(chain) if co), default=-1)
        chain = chain[: last + 1]
    return [_bare(member, head) for member, _ in chain]


def _bare(member: regex.Match[str], head: _Found) -> _Found:
    start, end = member.span("body")
    return _Found(
        start=start,
        end=end,
        body_start=start,
        body_end=end,
        level_key=head.level_key,
        level_text=head.level_text,
        printed_level=head.printed_level,
        body=_collapse(member.group("body")),
        with_truong=False,
        bare=True,
    )


def _paren_list(
    text: str, pos: int, level_key: str, level_text: str, anchor: regex.Match[str]
) -> list[_Found]:
    """ "các trường THPT (Yên Thủy A, Kim Bôi)": every member is a school of that level."""
    patterns = _patterns()
    opened = patterns.open_paren.match(text, pos)
    if opened is None:
        return []
    first = patterns.first_member.match(text, opened.end())
    if first is None:
        return []
    head = _Found(
        start=0,
        end=0,
        body_start=0,
        body_end=0,
        level_key=level_key,
        level_text=level_text,
        printed_level=_printed_level(anchor),
        body="",
        with_truong=False,
    )
    found = [_bare(first, head)]
    pos = first.end()
    while len(found) < _MAX_MEMBERS:
        member = patterns.member.match(text, pos)
        if member is None:
            break
        found.append(_bare(member, head))
        pos = member.end()
    if patterns.close_paren.match(text, pos) is None:
        return []
    return found


def _cut_at_line_breaks(found: list[_Found], layout: str) -> list[_Found]:
    """Shorten a name read across a hard line break when only its first line names a school.

    ``THPT Lạc Thủy`` at a line end followed by a capitalized line opener reads as one longer
    name in the joined view; when the longer name appears nowhere else in the document but the
    part before the break does, the name ends at the break.
    """
    keys = Counter(_name_key(f.level_key, f.body) for f in found)
    result: list[_Found] = []
    for item in found:
        brk = layout.find("\n", item.body_start, item.body_end)
        if brk < 0 or keys[_name_key(item.level_key, item.body)] > 1:
            result.append(item)
            continue
        head = layout[item.body_start : brk].rstrip()
        head_body = _collapse(head)
        if head_body and keys[_name_key(item.level_key, head_body)] > 0:
            cut = item.body_start + len(head)
            item.end = cut
            item.body_end = cut
            item.body = head_body
        result.append(item)
    return result


@lru_cache(maxsize=4096)  # a school is named again and again
def _name_key(level_key: str, body: str) -> str:
    """What two mentions of one school share: level, name without locality words and marks."""
    patterns = _patterns()
    words = _prepare(body)
    for descriptor in patterns.descriptor_words:
        words = descriptor.sub(" ", words)
    stripped = patterns.locality_re.sub(" ", words)
    if not stripped.split():
        stripped = words
    return f"{level_key}|{' '.join(strip_diacritics(stripped).split())}"


def _merge(found: list[_Found]) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    order: list[str] = []
    for item in sorted(found, key=lambda f: f.start):
        key = _name_key(item.level_key, item.body)
        if key not in entries:
            entries[key] = _Entry(key, item.level_key)
            order.append(key)
        entries[key].found.append(item)
    # "X A" is "X" when both are printed (the first school of a name, lettered later).
    for key in list(order):
        if key.endswith(" a") and key[:-2] in entries:
            entries[key[:-2]].found.extend(entries.pop(key).found)
            order.remove(key)
    # A boarding school printed without its level ("PTDTNT Lạc Thủy") is the one with it.
    for key in list(order):
        level_key, _, name = key.partition("|")
        if "+" in level_key or level_key not in ("ptdtnt", "ptdtbt"):
            continue
        targets = [
            k
            for k in order
            if k != key and k.startswith(level_key + "+") and k.endswith("|" + name)
        ]
        if len(targets) == 1:
            entries[targets[0]].found.extend(entries.pop(key).found)
            order.remove(key)
    result = [entries[key] for key in order]
    for entry in result:
        entry.found.sort(key=lambda f: f.start)
    result.sort(key=lambda e: e.found[0].start)
    return result


def _to_school(entry: _Entry, norm: NormalizedText) -> School:
    forms: list[str] = []
    with_truong: list[str] = []
    for item in entry.found:
        form = f"{item.printed_level} {item.body}"
        forms.append(form)
        if item.with_truong:
            with_truong.append(f"Trường {form}")
    votes = Counter(forms)
    best = max(votes.values())
    name = next(form for form in forms if votes[form] == best)
    chosen = next(item for item in entry.found if f"{item.printed_level} {item.body}" == name)
    aliases: list[str] = []
    for form in [*forms, *with_truong]:
        if form != name and form not in aliases:
            aliases.append(form)
    mentions: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for item in entry.found:
        start, end = norm.span(item.start, item.end)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        mentions.append(Mention(start=start, end=end, text=norm.source[start:end]))
    return School(
        name=name,
        level=chosen.level_text,
        locality=_locality(chosen.body, higher=entry.level_key in _patterns().higher_keys),
        aliases=tuple(aliases),
        mentions=tuple(mentions),
    )


_SCHOOL_NUMBER = regex.compile(r"(?:[Ss]ố|SỐ)[ ]*\d+[ ]*")


def _locality(body: str, *, higher: bool = False) -> str | None:
    """The place-name part of a name: without "số N", descriptors and a trailing letter;
    ``None`` for a person's name ("Hoàng Văn Thụ")."""
    patterns = _patterns()
    place = _SCHOOL_NUMBER.sub("", body)
    if higher:
        fields = patterns.fields_prefix.match(place)
        place = place[fields.end() :] if fields else place
    for descriptor in patterns.descriptor_openers:
        place = descriptor.sub("", place)
    place = patterns.letter_end.sub("", place).strip()
    if not place or not any(c.isupper() for c in place):
        return None
    syllables = place.split()
    if len(syllables) >= 3 and (
        syllables[0] in patterns.surnames or syllables[1] in patterns.middle_names
    ):
        return None
    return place
