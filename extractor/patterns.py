"""Regex fragments for citations, built once from ``models/references.yaml`` and
``models/laws.yaml``.

Each fragment is a named, documented constant; the builders turn lexicon entries into
alternations (longest first, white space flexible). All fragments match on the ``joined``
normalized view, where every line break inside a sentence has become a space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from extractor.normalize import unify_tone_placement
from extractor.resources import load_model

#: A document number: one to five digits, leading zeros allowed ("03").
NUMBER = r"\d{1,5}"
#: A year inside a số hiệu or a date.
YEAR = r"(?:19|20)\d{2}"
#: The slash of a số hiệu, with the stray space typists leave around it.
SLASH = r"[ ]?/[ ]?"
#: One part of an issuer code: an upper-case letter, then capitals and digits, with a lone
#: lower-case letter here and there ("GDTrH", "QyĐ", "TTr", "QH14") but never a lower-case
#: word run into it ("ĐHQGHNngày" is "ĐHQGHN" then "ngày").
CODE_SEGMENT = r"\p{Lu}(?:[\p{Lu}\d]|\p{Ll}(?!\p{Ll}{2}))*"
#: An all-capitals part, the only kind allowed after a hyphen followed by a space ("TT- BGDĐT").
CAPS_SEGMENT = r"[\p{Lu}\d]{2,}(?!\p{Ll})"
#: "số", "số hiệu", "số:" between a kind word and its number.
NUMBER_WORD = r"(?i:số)(?:[ ]+(?i:hiệu))?[ ]*:?"


def _ampersand_joined(segment: str) -> str:
    """A code part whose pieces are joined by ``&`` ("SGD&ĐT", "GD & ĐT")."""
    return rf"{segment}(?:[ ]?&[ ]?{segment})*"


#: The type-issuer code of a số hiệu: parts joined by hyphens ("KH-SGD&ĐT-VP", "KH- UBND") or,
#: in careless typing, slashes ("TTLT/BLĐTBXH-BTC").
CODE = (
    rf"{_ampersand_joined(CODE_SEGMENT)}"
    rf"(?:[-/]{_ampersand_joined(CODE_SEGMENT)}|[ ]?-[ ]+{_ampersand_joined(CAPS_SEGMENT)})*"
)


def words_pattern(words: list[str], *, ignore_case: bool = True) -> str:
    """An alternation of ``words`` (longest first), any run of spaces between their words."""
    ordered = sorted({prepare_word(word) for word in words}, key=len, reverse=True)
    parts = [r"[ ]+".join(regex.escape(token) for token in word.split()) for word in ordered]
    body = "|".join(parts)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


def words_tree_pattern(words: list[str]) -> str:
    """:func:`words_pattern` (ignoring case) as a tree of the words' letters: where the
    alternation tries every word in turn, the engine follows one branch a letter at a time.
    The longest word that matches still wins (a branch is tried before the word ending)."""
    return f"(?i:{letter_tree_pattern({prepare_word(word).lower() for word in words})})"


def letter_tree_pattern(words: Iterable[str]) -> str:
    """``words`` as printed (case matters) as one pattern: a tree of their letters, any run
    of spaces between their words; the longest word that matches wins."""
    tree: _LetterTree = {}
    for word in words:
        node = tree
        for letter in " ".join(word.split()):
            node = node.setdefault(letter, {})
        node[""] = {}  # a word ends here
    return _tree_pattern(tree)


#: Letters to the subtrees they lead to; the empty string marks the end of a word.
_LetterTree = dict[str, "_LetterTree"]


def _tree_pattern(tree: _LetterTree) -> str:
    branches = [
        (r"[ ]+" if letter == " " else regex.escape(letter)) + _tree_pattern(subtree)
        for letter, subtree in sorted(tree.items())
        if letter
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in tree else body


def cased_words_pattern(words: list[str]) -> str:
    """Like :func:`words_pattern`, but case-insensitive only the ways text varies case (each
    word's first letter either case, or the whole word in capitals): an alternation that
    starts with character classes, which the regex engine scans far faster than ``(?i:…)``."""

    def token(word: str) -> str:
        first, rest = word[0], regex.escape(word[1:])
        cased = (
            f"[{first.upper()}{first.lower()}]{rest}"
            if first.upper() != first.lower()
            else (regex.escape(word))
        )
        return f"(?:{cased}|{regex.escape(word.upper())})"

    ordered = sorted({prepare_word(word) for word in words}, key=len, reverse=True)
    return "(?:" + "|".join(r"[ ]+".join(token(t) for t in w.split()) for w in ordered) + ")"


def prepare_word(word: str) -> str:
    """``word`` as the patterns built here match it: NFC, new tone placement."""
    return unify_tone_placement(unicodedata.normalize("NFC", word))


@dataclass(frozen=True, slots=True)
class KindTable:
    """The reference kinds of ``models/references.yaml``, indexed for lookup."""

    kind_by_word: dict[str, str]
    kind_by_code: dict[str, str]
    standalone_kinds: frozenset[str]
    label_by_kind: dict[str, str]
    type_codes: tuple[str, ...]
    law_issuer_prefixes: tuple[str, ...]
    back_reference_words: tuple[str, ...]
    quantity_words: tuple[str, ...]

    def kind_of_word(self, word: str) -> str:
        # A word printed as a lexicon word is (new tone placement, NFC) needs no preparing.
        kind = self.kind_by_word.get(" ".join(word.lower().split()))
        return kind or self.kind_by_word[" ".join(prepare_word(word).lower().split())]

    def kind_of_code(self, code: str) -> str | None:
        """The kind a code's leading type abbreviation names ("TT-BGDĐT" → thong_tu)."""
        head = code.partition("-")[0].partition("/")[0]  # before the first "-" or "/"
        kind = self.kind_by_code.get(head) or self.kind_by_code.get(head.upper())
        if (
            kind is None
            and head.startswith(self.law_issuer_prefixes)
            and any(
                head.startswith(prefix) and (head[len(prefix) :].isdigit() or head == prefix)
                for prefix in self.law_issuer_prefixes
            )
        ):
            return "luat"
        return kind


@cache
def kind_table() -> KindTable:
    data = load_model("references")
    kind_by_word: dict[str, str] = {}
    kind_by_code: dict[str, str] = {}
    standalone: set[str] = set()
    labels: dict[str, str] = {}
    for entry in data["kinds"]:
        kind = entry["kind"]
        labels.setdefault(kind, entry["words"][0])
        for word in entry["words"]:
            kind_by_word[" ".join(prepare_word(word).lower().split())] = kind
        for code in entry["codes"]:
            kind_by_code[code] = kind
        if entry.get("standalone"):
            standalone.add(kind)
    return KindTable(
        kind_by_word=kind_by_word,
        kind_by_code=kind_by_code,
        standalone_kinds=frozenset(standalone),
        label_by_kind=labels,
        type_codes=tuple(sorted(kind_by_code, key=len, reverse=True)),
        law_issuer_prefixes=tuple(data["law_issuer_prefixes"]),
        back_reference_words=tuple(data["back_reference_words"]),
        quantity_words=tuple(data["quantity_words"]),
    )


@cache
def law_names() -> dict[str, tuple[str, ...]]:
    """Gazetteer of law, code and ordinance names by kind (NFC, new tone placement)."""
    data = load_model("laws")
    return {kind: tuple(prepare_word(name) for name in names) for kind, names in data.items()}
