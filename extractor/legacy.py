"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC, ``.VnTime``) and VNI (``VNI-Times``).

Old archives are full of text typed in these font encodings. It arrives either as raw 8-bit
bytes or already mis-decoded as Latin-1 / cp1252 characters inside a UTF-8 file
(``Th«ng b¸o`` is TCVN3 for "Thông báo", ``Thoâng baùo`` is VNI for it). Both reach this
module as the same *Latin view*: one character per byte, as cp1252 shows it
(:func:`latin_view`).

* **TCVN3** (TCVN 5712:1993, the VN3 subset that ``.VnTime`` fonts implement): every
  Vietnamese letter is one byte. VN3 has codes for the lowercase letters and for the
  uppercase *base* letters ``Ă Â Ê Ô Ơ Ư Đ`` only; an uppercase letter with a tone mark
  (``Ấ``) is typed with the lowercase code and drawn uppercase by the companion ``.VnTimeH``
  font. :func:`tcvn3_to_unicode` therefore restores case from the word and its neighbours
  (``QUYÕT`` → ``QUYẾT``); a lone title-case ``Ấp`` cannot be told from ``ấp`` and stays
  lowercase.
* **VNI** (VNI-Windows): a base letter followed by one modifier byte that carries the
  circumflex / breve and the tone together (``a`` + ``ù`` = ``á``, ``a`` + ``á`` = ``ấ``);
  ``ô ö ñ ò æ ó`` are ``ơ ư đ ị ỉ ĩ`` on their own.

Detection (:func:`detect_legacy`) is statistical and conservative: a conversion is adopted
only when, among the whitespace-separated tokens it changes, clearly more become valid
Vietnamese syllables than stop being ones (see :data:`MIN_GAINED_TOKENS`,
:data:`MIN_GAIN_SHARE`, :data:`MAX_LOSS_RATIO`). Normal Unicode Vietnamese, English and
other Latin-1 languages lose or gain nothing under the conversions and are left alone.

The encoders (:func:`encode_tcvn3`, :func:`encode_vni`) are the exact inverses, used by the
tests; characters without a legacy code are first folded to ASCII (:func:`fold_for_legacy`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# --- TCVN3 (VN3) ---------------------------------------------------------------------------

# Byte → letter. Bytes not listed (ASCII, 0xA0, 0xAF–0xB4, 0xBA, 0xC0–0xC5, 0xCD, 0xD9–0xDB,
# 0xE0, 0xF0, 0xFF) have no letter in VN3 and keep their cp1252 meaning.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# --- VNI (VNI-Windows) ---------------------------------------------------------------------

# Modifier byte (lowercase form; the uppercase form is the byte minus 0x20) → what it adds.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {
    "â": "",
    "á": "\u0301",
    "à": "\u0300",
    "å": "\u0309",
    "ã": "\u0303",
    "ä": "\u0323",
}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters that are one byte on their own.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ò": "ị", "æ": "ỉ", "ó": "ĩ"}


def _vni_table() -> dict[str, str]:
    """VNI sequence (as cp1252 characters) → Unicode letter, lowercase and uppercase."""
    lower: dict[str, str] = {}
    for base in "aeiouy":
        for mod, tone in _VNI_TONES.items():
            if base != "i":  # ì and í are themselves; ỉ ĩ ị are single bytes
                lower[base + mod] = unicodedata.normalize("NFC", base + tone)
    for base in "aeo":
        for mod, tone in _VNI_CIRCUMFLEX.items():
            lower[base + mod] = unicodedata.normalize("NFC", base + "\u0302" + tone)
    for mod, tone in _VNI_BREVE.items():
        lower["a" + mod] = unicodedata.normalize("NFC", "a\u0306" + tone)
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mod, tone in _VNI_TONES.items():
            lower[base + mod] = unicodedata.normalize("NFC", letter + tone)
    lower.update(_VNI_SINGLE)
    table = dict(lower)
    for seq, letter in lower.items():
        table[seq.upper()] = letter.upper()
        if len(seq) == 2:  # an uppercase base with a lowercase modifier: same letter
            table[seq[0].upper() + seq[1]] = letter.upper()
    return table


_VNI_TO_UNICODE = _vni_table()
_VNI_SEQUENCE = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_TO_UNICODE, key=len, reverse=True))
)
# Canonical encoder: Unicode letter → VNI sequence (uppercase base with uppercase modifier).
_UNICODE_TO_VNI = {
    letter: seq
    for seq, letter in sorted(_VNI_TO_UNICODE.items(), key=lambda item: item[0], reverse=True)
    if not (len(seq) == 2 and seq[0].isupper() and seq[1].islower())
}

# --- The Latin view --------------------------------------------------------------------------

# cp1252 where it defines a character, Latin-1 (a C1 control) where it does not.
_CP1252_HIGH = {
    byte: bytes([byte]).decode("cp1252", errors="replace") for byte in range(0x80, 0xA0)
}
_LATIN1_TO_CP1252 = {byte: char for byte, char in _CP1252_HIGH.items() if char != "\ufffd"}


def latin_view(data: bytes) -> str:
    """``data`` one character per byte, as a cp1252 reader would show it."""
    return data.decode("latin-1").translate(_LATIN1_TO_CP1252)


def latin_view_bytes(text: str) -> bytes:
    """The inverse of :func:`latin_view` (characters outside it raise ``UnicodeEncodeError``)."""
    back = {ord(char): byte for byte, char in _LATIN1_TO_CP1252.items()}
    return text.translate(back).encode("latin-1")


# --- Decoding ------------------------------------------------------------------------------

_TCVN3_TRANSLATE = {byte: letter for byte, letter in _TCVN3_BYTES.items()}
_TCVN3_CASELESS = frozenset(letter for letter in _TCVN3_BYTES.values() if letter.islower())
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t]+")


def tcvn3_to_unicode(text: str) -> str:
    """Convert a TCVN3 Latin view to Unicode, restoring the case VN3 cannot carry."""
    converted = text.translate(_TCVN3_TRANSLATE)
    return _restore_tcvn3_case(converted)


def _restore_tcvn3_case(text: str) -> str:
    """Uppercase the VN3 lowercase-only letters inside words that are set in capitals.

    A word is in capitals when it has no letter of certain lower case and an uppercase
    letter after its first (``QUYếT``, ``áN``), or two; a word whose only certain letter is
    its capital initial (``Về``, ``Bộ``) follows a capitalised neighbour on the same line.
    """
    words = list(_LETTER_RUN.finditer(text))
    if not words:
        return text
    # 1 = capitals, 0 = as is, -1 = undecided
    state: list[int] = []
    for match in words:
        word = match.group()
        if not any(ch in _TCVN3_CASELESS for ch in word):
            certain = sum(ch.isupper() for ch in word) >= 2 and not any(ch.islower() for ch in word)
            state.append(1 if certain else 0)
            continue
        lower = sum(ch.islower() and ch not in _TCVN3_CASELESS for ch in word)
        upper_positions = [i for i, ch in enumerate(word) if ch.isupper()]
        if lower:
            state.append(0)
        elif len(upper_positions) >= 2 or (upper_positions and upper_positions[-1] > 0):
            state.append(1)
        else:
            state.append(-1)

    def adjacent(i: int, j: int) -> bool:
        first, second = (i, j) if i < j else (j, i)
        gap = text[words[first].end() : words[second].start()]
        return bool(_GAP.fullmatch(gap))

    def leads(j: int) -> bool:
        # An acronym (``GD``, ``SCT``) is no evidence: ``Sở GD&ĐT`` is title case.
        word = words[j].group()
        return state[j] == 1 and (
            any(ch in _TCVN3_CASELESS for ch in word) or is_vietnamese_syllable(word)
        )

    for order in (range(len(words)), range(len(words) - 1, -1, -1)):
        for i in order:
            if state[i] != -1:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(words) and leads(j) and adjacent(i, j):
                    state[i] = 1
                    break
    if 1 not in state:
        return text
    pieces: list[str] = []
    copied = 0
    for match, decision in zip(words, state, strict=True):
        if decision == 1 and any(ch in _TCVN3_CASELESS for ch in match.group()):
            pieces.append(text[copied : match.start()])
            pieces.append(match.group().upper())
            copied = match.end()
    pieces.append(text[copied:])
    return "".join(pieces)


def vni_to_unicode(text: str) -> str:
    """Convert a VNI Latin view to Unicode (longest sequence first, one left-to-right pass)."""
    return _VNI_SEQUENCE.sub(lambda m: _VNI_TO_UNICODE[m.group()], text)


CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}

# --- Encoding (the inverse tables; used to build test data) ------------------------------

_ASCII_FOLD = {
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u2026": "...", "\u00a0": " ", "\u2022": "-",
    "\u00b0": "o", "\u00d7": "x", "\u00f7": "/",
}  # fmt: skip
_TCVN3_ENCODE = {letter: chr(byte) for byte, letter in _TCVN3_BYTES.items()}
_TCVN3_ENCODE.update(
    {
        letter.upper(): chr(byte)
        for byte, letter in _TCVN3_BYTES.items()
        if letter.upper() not in _TCVN3_ENCODE
    }
)


def fold_for_legacy(text: str, encoding: LegacyEncoding) -> str:
    """``text`` (NFC) with every character that has no code in ``encoding`` made ASCII.

    Vietnamese letters are kept; punctuation such as ``–`` or ``“`` becomes ``-`` / ``"``;
    anything else outside ASCII becomes its base letter or ``?``.
    """
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _UNICODE_TO_VNI
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char < "\x80" or char in table or char in "ìíÌÍ":
            out.append(char)
        elif char in _ASCII_FOLD:
            out.append(_ASCII_FOLD[char])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base < "\x80" else "?")
    return "".join(out)


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 bytes of ``text`` (folded first); uppercase toned letters use the lowercase code."""
    folded = fold_for_legacy(text, "tcvn3")
    return latin_view_bytes("".join(_TCVN3_ENCODE.get(ch, ch) for ch in folded))


def encode_vni(text: str) -> bytes:
    """VNI bytes of ``text`` (folded first)."""
    folded = fold_for_legacy(text, "vni")
    return latin_view_bytes("".join(_UNICODE_TO_VNI.get(ch, ch) for ch in folded))


# --- Vietnamese syllables and detection ----------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?P<medial>o(?=[aăe])|u(?=[âêyơ]))?"
    r"(?P<nucleus>iê|yê|ia|ya|uô|ua|ươ|ưa|oo|ôô|[aăâeêioôơuưy])"
    r"(?P<coda>ch|ng|nh|[cmnpt]|[iyou])?"
)
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is shaped like one Vietnamese syllable (onset, rhyme, one tone)."""
    if not word or len(word) > 7:
        return False
    bases: list[str] = []
    tone_at = -1
    tone = ""
    for i, char in enumerate(word.lower()):
        parts = unicodedata.normalize("NFD", char)
        marks = [p for p in parts if p in _TONE_MARKS]
        if marks:
            if tone_at >= 0 or len(marks) > 1:
                return False
            tone_at, tone = i, marks[0]
        bases.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in marks)))
    base = "".join(bases)
    if len(base) != len(word):
        return False
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    first = match.start("medial") if match.group("medial") else match.start("nucleus")
    if tone_at >= 0 and not first <= tone_at < match.end("nucleus"):
        return False  # the tone sits on a consonant or a final glide ("aù", "quaû")
    # Syllables closed by a stop take only the rising or the heavy tone.
    return match.group("coda") not in _STOP_CODAS or tone in ("\u0301", "\u0323")


def syllable_share(text: str) -> float:
    """Share of the words (letter runs) of ``text`` that are Vietnamese syllables."""
    words = _LETTER_RUN.findall(_sample(text))
    if not words:
        return 0.0
    return sum(is_vietnamese_syllable(word) for word in words) / len(words)


def _token_reads_vietnamese(token: str) -> bool:
    words = _LETTER_RUN.findall(token)
    return bool(words) and all(is_vietnamese_syllable(word) for word in words)


# A conversion is adopted when, among the tokens it changes, at least this many ...
MIN_GAINED_TOKENS = 2
# ... and this share turn from non-Vietnamese into Vietnamese syllables, ...
MIN_GAIN_SHARE = 0.5
# ... and tokens that stop reading as Vietnamese are at most this fraction of those gained.
MAX_LOSS_RATIO = 0.1
# Detection reads at most this many characters (spread over the text) of a long input.
SAMPLE_CHARS = 200_000
# Quick gate: fewer characters than this in U+0080–U+00FF means nothing to convert.
MIN_LATIN1_CHARS = 2


@dataclass(frozen=True, slots=True)
class LegacyVerdict:
    """The assessment of one conversion of a text."""

    encoding: LegacyEncoding
    changed: int
    gained: int
    lost: int

    @property
    def adopted(self) -> bool:
        return (
            self.gained >= MIN_GAINED_TOKENS
            and self.gained >= MIN_GAIN_SHARE * self.changed
            and self.lost <= MAX_LOSS_RATIO * self.gained
        )


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2
    return "\n".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))


def assess(text: str, encoding: LegacyEncoding) -> LegacyVerdict:
    """How converting ``text`` (a Latin view) from ``encoding`` changes its tokens."""
    sample = _sample(text)
    converted = CONVERTERS[encoding](sample)
    before, after = sample.split(), converted.split()
    changed = gained = lost = 0
    if len(before) != len(after):  # conversions never touch white space; be safe anyway
        return LegacyVerdict(encoding, 0, 0, 0)
    for old, new in zip(before, after, strict=True):
        if old == new:
            continue
        changed += 1
        was, now = _token_reads_vietnamese(old), _token_reads_vietnamese(new)
        # A token of symbols only (``½``, ``§``) turning into a letter is no evidence.
        gained += now and not was and _LETTER_RUN.search(old) is not None
        lost += was and not now
    return LegacyVerdict(encoding, changed, gained, lost)


# The characters are counted in the UTF-8 bytes of the sample, where byte counts run at
# memory speed; a lead byte that no Vietnamese letter uses is rare, so its two-byte
# sequences are counted only when it occurs.
# Latin-1 letters and signs (U+0080–U+00FF: lead bytes C2, C3) and the cp1252 extras that
# legacy fonts also use (Œ œ Š š Ÿ Ž ž ˆ ˜).
_LATIN1_LEADS = (b"\xc2", b"\xc3")
_CP1252_EXTRAS = tuple(c.encode() for c in "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc")
# Letters only Unicode Vietnamese has: ă Ă đ Đ ơ Ơ ư Ư and the toned letters of
# U+1EA0–U+1EF9 (E1 BA A0 … E1 BB B9; the other letters under those two lead pairs, E1 BA
# 80–9F and E1 BB BA–BF, are Welsh and German).
_VIETNAMESE_PAIRS = tuple(c.encode() for c in "\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0")
_TONED_LEADS = (b"\xe1\xba", b"\xe1\xbb")
_NOT_TONED = re.compile(b"\xe1(?:\xba[\x80-\x9f]|\xbb[\xba-\xbf])")
# Text with more Unicode-only Vietnamese letters than this share of its Latin-1 characters
# is Unicode already.
MAX_UNICODE_VIETNAMESE_SHARE = 0.5


def _count_pairs(data: bytes, pairs: tuple[bytes, ...]) -> int:
    leads = {pair[:1] for pair in pairs}
    if not any(lead in data for lead in leads):
        return 0
    return sum(data.count(pair) for pair in pairs)


def _latin1_count(data: bytes) -> int:
    return sum(data.count(lead) for lead in _LATIN1_LEADS) + _count_pairs(data, _CP1252_EXTRAS)


def _is_unicode_vietnamese(data: bytes, latin: int) -> bool:
    limit = MAX_UNICODE_VIETNAMESE_SHARE * latin
    toned = sum(data.count(lead) for lead in _TONED_LEADS)
    if toned:
        toned -= len(_NOT_TONED.findall(data))
    if toned > limit:  # the usual case, decided without the rarer letters
        return True
    return toned + _count_pairs(data, _VIETNAMESE_PAIRS) > limit


def detect_legacy(text: str) -> LegacyVerdict | None:
    """The legacy encoding ``text`` (a Latin view, or mis-decoded UTF-8) is in, if any."""
    sample = _sample(text).encode("utf-8", "surrogatepass")
    latin = _latin1_count(sample)
    if latin < MIN_LATIN1_CHARS or _is_unicode_vietnamese(sample, latin):
        return None
    verdicts = [assess(text, "tcvn3"), assess(text, "vni")]
    adopted = [v for v in verdicts if v.adopted]
    if not adopted:
        return None
    return max(adopted, key=lambda v: v.gained - v.lost)


def convert(text: str, encoding: LegacyEncoding) -> str:
    """``text`` (a Latin view) converted from ``encoding`` to Unicode (NFC)."""
    return CONVERTERS[encoding](text)


__all__ = [
    "LegacyEncoding",
    "LegacyVerdict",
    "assess",
    "convert",
    "detect_legacy",
    "encode_tcvn3",
    "encode_vni",
    "fold_for_legacy",
    "is_vietnamese_syllable",
    "latin_view",
    "latin_view_bytes",
    "syllable_share",
    "tcvn3_to_unicode",
    "vni_to_unicode",
]
