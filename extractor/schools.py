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
from itertools import groupby
from operator import itemgetter
from typing import Any

import regex

from extractor.normalize import NormalizedText
from extractor.patterns import letter_tree_pattern, prepare_word
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
# Group numbers (`regex` looks group names up slowly): the level in the anchor pattern, and
# the name's body, the one group of the name patterns.
_LEVEL_GROUP = 2
_BODY_GROUP = 1
# "trường" as the anchor takes it before a level (all of one length).
_TRUONG = ("trường", "Trường", "TRƯỜNG")
# A letter of the Latin script, an ASCII digit or "&" (\p{L}, \d or "&" for `regex` too): a
# level that runs on into one is no level.
_LATIN_WORD_CHAR = "[0-9A-Za-z&\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"
# Letters that `regex` matches case-insensitively beyond their lower, upper and title case (by
# lower case; in the Latin script).
_FOLD_EXTRAS = {
    "i": "\u0130\u0131",
    "k": "\u212a",
    "s": "\u017f",
    "\u00e5": "\u212b",
    "\u00df": "\u1e9e",
    "\u1e61": "\u1e9b",
}

# A unit of a lexicon form: a letter ("c", letter) as printed or ("i", letter) in any case, the
# white space between words (" ", ""), or an ampersand with spaces around it ("&", "").
_Unit = tuple[str, str]
# A trie of spellings: a unit (a letter, or for openers a letter's case variants; " " for white
# space, "&" for an ampersand, "" for the end of a spelling) to the rest.
_Trie = dict[str, "_Trie"]


def _is_caps(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _units(form: str, any_case: bool) -> list[_Unit]:
    """A lexicon form (prepared) as units, its letters in any case or as printed."""
    units: list[_Unit] = []
    for i, token in enumerate(form.split()):
        if i:
            units.append((" ", ""))
        for j, piece in enumerate(token.split("&")):
            if j:
                units.append(("&", ""))
            units += [("i" if any_case and c.lower() != c.upper() else "c", c) for c in piece]
    return units


def _units_pattern(units: list[_Unit]) -> str:
    """Units as a `regex` pattern: ``(?i:…)`` around letters in any case, _SP between words."""
    parts: list[str] = []
    for kind, run in groupby(units, key=itemgetter(0)):
        if kind in " &":
            parts += [_SP if kind == " " else r"[ ]*&[ ]*" for _ in run]
        else:
            letters = "".join(regex.escape(c) for _, c in run)
            parts.append(f"(?i:{letters})" if kind == "i" else letters)
    return "".join(parts)


def _alternation(forms: list[str]) -> str:
    """Lexicon forms as one pattern, the longest first: abbreviations as printed, words in
    any case.

    The forms make a trie, so that `regex` reads the letters they open with once instead of
    trying every form in turn; where two forms may match at one place, the trie still tries
    them longest first.
    """
    ordered = sorted({prepare_word(f) for f in forms}, key=len, reverse=True)
    return "|".join(_ordered_trie([_units(f, not _is_caps(f)) for f in ordered], 0))


def _ordered_trie(forms: list[list[_Unit]], depth: int) -> list[str]:
    """The alternatives that try ``forms`` (in order; alike before ``depth``) from ``depth`` on.

    A branch per next unit, in the order of their first forms, and the form that ends here
    last. That reorders forms; if two forms that may both match would swap, the forms stay an
    alternation as they are.
    """
    branches: dict[_Unit, list[int]] = {}
    ends: list[int] = []
    for i, units in enumerate(forms):
        if len(units) > depth:
            branches.setdefault(units[depth], []).append(i)
        else:
            ends.append(i)
    tried = [i for members in branches.values() for i in members] + ends
    if any(
        _may_meet(forms[a][depth:], forms[b][depth:])
        for n, a in enumerate(tried)
        for b in tried[n + 1 :]
        if b < a
    ):
        return [_units_pattern(units[depth:]) for units in forms]
    alternatives: list[str] = []
    for members in branches.values():
        shared = depth + 1  # the units all forms of the branch share
        while all(len(forms[i]) > shared for i in members) and (
            len({forms[i][shared] for i in members}) == 1
        ):
            shared += 1
        rest = _ordered_trie([forms[i] for i in members], shared)
        head = _units_pattern(forms[members[0]][depth:shared])
        alternatives.append(head + (rest[0] if len(rest) == 1 else f"(?:{'|'.join(rest)})"))
    return alternatives + ([""] if ends else [])


def _may_meet(first: list[_Unit], second: list[_Unit]) -> bool:
    """Whether two forms may both match from one place, one running on where the other ends.

    Letter by letter alike; white space before a letter is all of its run (the letter cannot
    take it), so forms alike so far go on in step; " " before a letter never meets "&"; other
    white space is taken as alike.
    """
    for n, (a, b) in enumerate(zip(first, second, strict=False)):
        if (a[0] in " &") != (b[0] in " &"):
            return False
        if a[0] not in " &":
            if not set(_unit_letters(a)).intersection(_unit_letters(b)):
                return False
            continue
        letter_a, letter_b = _letter_at(first, n + 1), _letter_at(second, n + 1)
        if a != b:
            return not ((a[0] == " " and letter_a) or (b[0] == " " and letter_b))
        if not (letter_a and letter_b):
            return True
    return True


def _letter_at(units: list[_Unit], i: int) -> bool:
    return i < len(units) and units[i][0] not in " &"


def _unit_letters(unit: _Unit) -> str:
    kind, letter = unit
    return _case_variants(letter) if kind == "i" else letter


def _lower_or_capital(words: list[str]) -> str:
    """Lower-case words matched also with a capital first letter; capitals as printed."""
    variants: set[str] = set()
    for word in words:
        word = prepare_word(word)
        variants.add(word)
        if word[:1].islower():
            variants.add(word[:1].upper() + word[1:])
    return letter_tree_pattern(map(prepare_word, sorted(variants)))


def strip_diacritics(text: str) -> str:
    """``text`` without tone marks and vowel diacritics, ``đ`` as ``d`` (lower-cased)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _openers(forms: dict[str, bool]) -> list[re.Pattern[str]]:
    """Where a level may open, as `re` patterns; ``forms``: each level, whether in any case.

    `re` scans for a literal first letter fast, so there is one pattern per first letter (per
    case for a level in words), the rest of its levels as a trie. Wider than the anchor: any
    white space separates words, every case variant `regex` matches is allowed, and only a
    sure letter or digit ends a level.
    """
    tries: dict[str, _Trie] = {}
    for form, any_case in forms.items():
        units = [u[0] if u[0] in " &" else _unit_letters(u) for u in _units(form, any_case)]
        for first in units[0]:
            node = tries.setdefault(first, {})
            for unit in units[1:]:
                node = node.setdefault(unit, {})
            node[""] = {}
    return [
        re.compile(re.escape(first) + _trie_pattern(trie, literal=True))
        for first, trie in sorted(tries.items())
    ]


def _case_variants(char: str) -> str:
    """The letters ``(?i)char`` matches in `regex` (and a few more), for a letter of the Latin
    script but ſ, ẛ and İ."""
    variants = {char, *_FOLD_EXTRAS.get(char.lower(), "")}
    variants.update(c for c in (char.lower(), char.upper(), char.title()) if len(c) == 1)
    return "".join(sorted(variants))


def _trie_pattern(trie: _Trie, *, literal: bool = False) -> str:
    """``trie`` as a pattern; ``literal``: its first letters one by one (`re` skips the
    alternatives of a branch that open with another literal fastest)."""
    alternatives: list[str] = []
    for unit, rest in sorted(trie.items()):
        if not unit:
            alternatives.append(f"(?!{_LATIN_WORD_CHAR})")
        elif unit == " ":
            alternatives.append(r"[ \n]+" + _trie_pattern(rest))
        elif unit == "&":
            alternatives.append(r"[ ]*&[ ]*" + _trie_pattern(rest))
        elif literal:
            alternatives += [re.escape(c) + _trie_pattern(rest) for c in unit]
        else:
            letters = "".join(re.escape(c) for c in unit)
            alternatives.append(
                (f"[{letters}]" if len(unit) > 1 else letters) + _trie_pattern(rest)
            )
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


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

        self.locality_words = [prepare_word(w) for w in data["locality_words"]]
        descriptors = [prepare_word(w) for w in data["descriptors"]]
        #: A descriptor as a word (for merge keys) and opening a name (for localities).
        self.descriptor_words = [
            regex.compile(rf"(?i)(?<!\p{{L}}){regex.escape(d)}(?!\p{{L}})") for d in descriptors
        ]
        self.descriptor_openers = [
            regex.compile(rf"(?i)^{regex.escape(d)}[ ]+") for d in descriptors
        ]
        #: The first two letters of a descriptor, in any case (a quick test before the openers).
        self.descriptor_heads = frozenset(
            a + b for d in descriptors for a in _case_variants(d[0]) for b in _case_variants(d[1])
        )
        self.plural_words = [prepare_word(w) for w in data["plural_words"]]
        self.surnames = frozenset(prepare_word(w) for w in data["surnames"])
        self.middle_names = frozenset(prepare_word(w) for w in data["person_middle_names"])

        edge = r"(?![\p{L}\d&])"
        inner = _alternation(level_forms)
        # Capitalized as printed: "các trường đại học Việt Nam" names no university.
        higher = letter_tree_pattern(map(prepare_word, higher_forms))
        boarding = _alternation(boarding_forms)
        qualifier = _alternation(data["qualifiers"])
        #: A level: "THPT", "PT DTNT THCS&THPT", "Trường Đại học"; "trường" is captured.
        self.anchor = regex.compile(
            rf"(?<![\p{{L}}\d&])(?:(?P<truong>{'|'.join(_TRUONG)}){_SP})?"
            rf"(?P<level>(?P<boarding>{boarding}){edge}(?:{_SP}(?P<inner_b>{inner}){edge})?"
            rf"|(?P<inner>{inner}){edge}|(?P<higher>{higher}){edge})"
            rf"(?:{_SP}(?P<qual>{qualifier}){edge})?"
        )
        # Where a level may open (see _Anchors).
        school_forms = {prepare_word(f) for f in level_forms + boarding_forms}
        any_case = {f: not _is_caps(f) for f in school_forms}
        any_case.update((prepare_word(f), False) for f in higher_forms)
        self.openers = _openers(any_case)
        stop = letter_tree_pattern(map(prepare_word, data["stop_words"]))
        locality = _lower_or_capital(data["locality_words"])
        descriptor = letter_tree_pattern(map(prepare_word, data["descriptors"]))
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
            rf"(?:[ ]*,{_SP}?(?:(?i:và|hoặc){_SP})?|{_SP}(?i:và|hoặc){_SP})"
            rf"(?P<body>(?:{number}{_SP})?{proper})"
        )
        #: A parenthesized list after a bare level: "các trường THPT (Yên Thủy A, Kim Bôi)".
        self.open_paren = regex.compile(r"[ ]*\([ ]*")
        self.first_member = regex.compile(rf"(?P<body>(?:{number}{_SP})?{proper})")
        self.close_paren = regex.compile(r"[ ]*\)")
        # What stands right before a level: reverse patterns, matched at the end (_ends_with).
        plural = _lower_or_capital(data["plural_words"])
        self.plural_before = regex.compile(rf"(?r)(?<![\p{{L}}\d])(?:{plural})[ ]+$")
        #: What may stand between two schools of one list: ", ", "; ", " và ", ", và ".
        self.list_gap = regex.compile(r"[ \n]*(?:[,;][ \n]*)?(?:(?i:và|hoặc)[ \n]+)?")
        #: What introduces a list of schools: "các trường: ", "trường (", "các trường gồm ".
        self.list_intro = regex.compile(
            r"(?r)(?<![\p{L}\d])(?i:trường)(?:[ ]+(?i:gồm|là))?[ ]*:?[ ]*\(?[ ]*$"
        )
        self.letter_end = regex.compile(r"[ ]+\p{Lu}$")

    def level_of(self, printed: str) -> _Level:
        return _lookup(self.level_by_form, printed)

    def boarding_of(self, printed: str) -> _Level:
        return _lookup(self.boarding_by_form, printed)


def _lookup(by_form: dict[str, _Level], printed: str) -> _Level:
    """The entry of a form as printed; the patterns ignore case, so the lookup folds it too
    (the long s of "cơ ſở" and the dotted İ fold to plain letters)."""
    key = _form_key(printed)
    found = by_form.get(key) or by_form.get(key.lower())
    if found is None:
        folded = _fold(key)
        found = next(level for form, level in by_form.items() if _fold(form) == folded)
    return found


def _fold(text: str) -> str:
    return text.casefold().replace("\u0307", "")


_AMPERSAND = regex.compile(r"[ ]*&[ ]*")


def _form_key(form: str) -> str:
    key = " ".join(prepare_word(form).split())
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
    collapsed = " ".join(text.split())
    return _AMPERSAND.sub("&", collapsed) if "&" in collapsed else collapsed


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
    plain search slow; it is tried only where a level opens (see ``_Patterns.openers``) and
    at a "trường" right before one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.next = 0
        levels: set[int] = set()
        for opener in _patterns().openers:
            levels.update(_match_starts(opener, text))
        starts = set(levels)
        for level in levels:
            end = level  # where the white space before the level opens
            while end > 0 and text[end - 1] in " \n":
                end -= 1
            if end < level and text.endswith(_TRUONG, 0, end):
                starts.add(end - len(_TRUONG[0]))
        self.starts = sorted(starts)

    def search(self, pos: int) -> regex.Match[str] | None:
        """The first match at or after ``pos`` (``pos`` never goes back)."""
        anchor = _patterns().anchor
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
    while (anchor := anchors.search(pos)) is not None:
        start, pos = anchor.span()
        truong, printed, boarding, inner_b, inner, higher, qual = anchor.groups()
        level_key, level_text, level = _level_info(boarding, inner_b, inner or higher, qual)
        if truong and truong.isupper():
            continue  # an all-capitals heading: its name is in capitals too
        if level.needs_truong and not truong:
            continue
        before = text[max(0, start - _INTRO_REACH) : start]
        plural = bool(truong) and _ends_with(patterns.plural_before, before)
        name_re = patterns.higher_name if level.higher else patterns.name
        name = name_re.match(text, pos)
        if name is None and boarding and truong and not plural:
            # "trường PT DTNT THPT tỉnh": a boarding school named by its locality word alone.
            name = patterns.boarding_locality.match(text, pos)
        gap = text[last_end:start] if last_end >= 0 and start - last_end <= _LIST_GAP else ""
        in_list = bool(gap) and patterns.list_gap.fullmatch(gap) is not None
        if name is None:
            if plural or (truong and not level.needs_truong):
                printed_level = _printed_level(printed, qual)
                members = _paren_list(text, pos, level_key, level_text, printed_level)
                if members:
                    found.extend(members)
                    last_end = members[-1].end
                    pos = last_end
            continue
        body_start, body_end = name.span(_BODY_GROUP)
        body = _collapse(name.group(_BODY_GROUP))
        if level.higher and not _has_proper_part(body):
            continue
        # A short abbreviation (TH, MN) needs "trường", a list, or a locality word or "số".
        if level.ambiguous and not (
            truong or in_list or _ends_with(patterns.list_intro, before) or body[:1].islower()
        ):
            continue
        head = _Found(
            start=anchor.start(_LEVEL_GROUP) if plural or not truong else start,
            end=body_end,
            body_start=body_start,
            body_end=body_end,
            level_key=level_key,
            level_text=level_text,
            printed_level=_printed_level(printed, qual),
            body=body,
            with_truong=bool(truong) and not plural,
        )
        found.append(head)
        members = _members(text, body_end, head, plural)
        found.extend(members)
        last_end = members[-1].end if members else body_end
        pos = last_end
    return found


def _ends_with(pattern: regex.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` (reverse, ending in "$") matches at the end of ``text`` or before a
    line break that ends it, as a search would find, without trying every other place."""
    if pattern.match(text) is not None:
        return True
    return text.endswith("\n") and pattern.match(text, 0, len(text) - 1) is not None


def _printed_level(level: str, qual: str | None) -> str:
    """The level as printed, white space collapsed, capitalized ("tiểu học" → "Tiểu học")."""
    printed = _collapse(level)
    if qual:
        printed += " " + _collapse(qual)
    return printed[:1].upper() + printed[1:]


@lru_cache(maxsize=4096)
def _level_info(
    boarding: str | None, inner_printed: str | None, printed: str | None, qual: str | None
) -> tuple[str, str, _Level]:
    """The merge key, the reported text and the lexicon entry of a level as printed (a few
    forms recur throughout a text)."""
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
    while len(chain) < _MAX_MEMBERS and _may_list(text, pos):
        member = patterns.member.match(text, pos)
        if member is None:
            break
        body_start = member.start(_BODY_GROUP)
        if patterns.anchor.match(text, body_start):
            break
        coordinated = _COORDINATOR.search(text, pos, body_start) is not None
        chain.append((member, coordinated))
        pos = member.end()
    if not chain:
        return []
    # Without a plural "các trường", a list needs its closing "và"/"hoặc".
    if not plural:
        last = max((i for i, (_, co) in enumerate(chain) if co), default=-1)
        chain = chain[: last + 1]
    return [_bare(member, head) for member, _ in chain]


def _may_list(text: str, pos: int) -> bool:
    """Whether a list may go on at ``pos``: a comma, "và" or "hoặc" after white space (a
    quick test before the member pattern)."""
    end = len(text)
    while pos < end and text[pos] in " \n":
        pos += 1
    return pos < end and text[pos] in ",vVhH"


def _bare(member: regex.Match[str], head: _Found) -> _Found:
    start, end = member.span(_BODY_GROUP)
    return _Found(
        start=start,
        end=end,
        body_start=start,
        body_end=end,
        level_key=head.level_key,
        level_text=head.level_text,
        printed_level=head.printed_level,
        body=_collapse(member.group(_BODY_GROUP)),
        with_truong=False,
        bare=True,
    )


def _paren_list(
    text: str, pos: int, level_key: str, level_text: str, printed_level: str
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
        printed_level=printed_level,
        body="",
        with_truong=False,
    )
    found = [_bare(first, head)]
    pos = first.end()
    while len(found) < _MAX_MEMBERS and _may_list(text, pos):
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
    words = prepare_word(body)
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
    chosen = entry.found[forms.index(name)]
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
    # Each pattern only where the letter it needs stands (a quick test before the pattern).
    place = _SCHOOL_NUMBER.sub("", body) if "ố" in body or "Ố" in body else body
    if higher:
        fields = patterns.fields_prefix.match(place)
        place = place[fields.end() :] if fields else place
    if place[:2] in patterns.descriptor_heads:
        for descriptor in patterns.descriptor_openers:
            place = descriptor.sub("", place)
    if place[-2:-1] == " ":
        place = patterns.letter_end.sub("", place)
    place = place.strip()
    if not place or not any(c.isupper() for c in place):
        return None
    syllables = place.split()
    if len(syllables) >= 3 and (
        syllables[0] in patterns.surnames or syllables[1] in patterns.middle_names
    ):
        return None
    return place
