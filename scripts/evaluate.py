#!/usr/bin/env python3
"""Score extractor output against the gold corpus, following ``../shared/spec/scoring.md``.

Usage::

    python scripts/evaluate.py OUT.jsonl [--gold corpus/gold] [--docs corpus/docs]
        [--floors scripts/floors.json] [--json REPORT.json] [--verbose]

Each line of ``OUT.jsonl`` is one Document (see ``output-contract.md``). It is paired with the
gold file whose stem equals the basename stem of its ``source``. A gold file without an output
line, or whose output line carries an ``error``, counts as fully missed: every gold item is a
recall miss and every per-document check (probes, doc_type, signer, forbidden_text, no_kinds)
fails. Output lines without a gold file are ignored.

Decisions where ``scoring.md`` is silent:

* References are matched one-to-one with a maximum bipartite matching that serves the required
  gold entries first (most specific first) and only then the optional ones; a system entry
  matched to an optional gold entry is neither right nor wrong.
* References are all system entries with a number, whatever their kind: a law cited with its
  number (``Luật Hóa chất số 69/2025/QH15``) is scored both as a reference and, by name, as a law.
* Schools use the same matching. A leftover system school that matches an already-matched gold
  school (required or optional) is a duplicate: a false positive for strict F1, ignored for
  lenient F1.
* A probe found more than once in the input is judged at its first occurrence.
* A metric without any (required) gold item is ``n/a``: ``null`` in ``--json``, 1.0 for floors.

Exit status: 0, or 1 when a score is below its floor, or 2 on a usage / input error.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import regex

__all__ = [
    "PROBE_KINDS",
    "SCORE_KEYS",
    "TYPE_ABBREVIATIONS",
    "Counts",
    "DocResult",
    "Report",
    "Tally",
    "check_floors",
    "find_probe",
    "format_report",
    "issuer_root",
    "law_key",
    "laws_match",
    "load_gold",
    "load_outputs",
    "main",
    "match_one_to_one",
    "normalize_name",
    "output_stem",
    "probe_kind",
    "read_input_text",
    "reference_matches",
    "score",
    "score_document",
    "score_laws",
    "score_references",
    "score_schools",
    "strip_zeros",
]

JsonDict = Mapping[str, Any]

#: Document-type abbreviations dropped from a ``code`` to find its issuer root (upper-cased).
TYPE_ABBREVIATIONS: frozenset[str] = frozenset(
    abbr.upper()
    for abbr in (
        "TT", "TTLT", "NĐ", "QĐ", "KH", "NQ", "CT", "KL", "CV", "TB", "HD", "BC", "ĐA", "TTr",
        "GP", "QC", "QyĐ", "TC", "CTr", "PA", "DA", "BB", "HĐ", "CĐ", "GN", "TTh", "GUQ", "GM",
        "GGT", "GNP", "PG", "PC", "PB", "PL",
    )
)  # fmt: skip

#: Section kinds a probe can be attributed to; anything else answers ``none``.
PROBE_KINDS: tuple[str, ...] = ("strengths", "weaknesses", "recommendations", "tasks")

LAW_KINDS: frozenset[str] = frozenset({"luat", "bo_luat"})

#: Keys of :meth:`Report.scores`, usable in a floors file.
SCORE_KEYS: tuple[str, ...] = (
    "references_f1",
    "references_precision",
    "references_recall",
    "laws_f1",
    "schools_strict_f1",
    "schools_lenient_f1",
    "probes_accuracy",
    "doc_type_accuracy",
    "signer_accuracy",
    "forbidden_pass_rate",
    "no_kinds_pass_rate",
)


# --------------------------------------------------------------------------------------------
# Tallies


@dataclass
class Counts:
    """True positives, false positives and false negatives of one set-valued metric."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def has_gold(self) -> bool:
        return self.tp + self.fn > 0

    @property
    def precision(self) -> float | None:
        """``None`` (n/a) when there is no gold item at all."""
        if not self.has_gold:
            return None
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else 0.0

    @property
    def recall(self) -> float | None:
        if not self.has_gold:
            return None
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Tally:
    """Correct answers out of a total (accuracy / pass rate)."""

    correct: int = 0
    total: int = 0

    def add(self, other: Tally) -> None:
        self.correct += other.correct
        self.total += other.total

    def record(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class DocResult:
    """Scores of one gold document and, for ``--verbose``, what went wrong."""

    stem: str
    status: str = "ok"  # "ok", "missing" or "error: <code>"
    references: Counts = field(default_factory=Counts)
    laws: Counts = field(default_factory=Counts)
    schools_strict: Counts = field(default_factory=Counts)
    schools_lenient: Counts = field(default_factory=Counts)
    probes: Tally = field(default_factory=Tally)
    doc_type: Tally = field(default_factory=Tally)
    signer: Tally = field(default_factory=Tally)
    forbidden: Tally = field(default_factory=Tally)
    no_kinds: Tally = field(default_factory=Tally)
    details: list[str] = field(default_factory=list)


@dataclass
class Report:
    """All documents' results, with micro-averaged totals."""

    documents: list[DocResult] = field(default_factory=list)

    def _counts(self, name: str) -> Counts:
        total = Counts()
        for doc in self.documents:
            total.add(getattr(doc, name))
        return total

    def _tally(self, name: str) -> Tally:
        total = Tally()
        for doc in self.documents:
            total.add(getattr(doc, name))
        return total

    @property
    def references(self) -> Counts:
        return self._counts("references")

    @property
    def laws(self) -> Counts:
        return self._counts("laws")

    @property
    def schools_strict(self) -> Counts:
        return self._counts("schools_strict")

    @property
    def schools_lenient(self) -> Counts:
        return self._counts("schools_lenient")

    @property
    def probes(self) -> Tally:
        return self._tally("probes")

    @property
    def doc_type(self) -> Tally:
        return self._tally("doc_type")

    @property
    def signer(self) -> Tally:
        return self._tally("signer")

    @property
    def forbidden(self) -> Tally:
        return self._tally("forbidden")

    @property
    def no_kinds(self) -> Tally:
        return self._tally("no_kinds")

    def scores(self) -> dict[str, float | None]:
        """Micro-averaged scores keyed by :data:`SCORE_KEYS`; ``None`` means n/a."""
        refs = self.references
        return {
            "references_f1": refs.f1,
            "references_precision": refs.precision,
            "references_recall": refs.recall,
            "laws_f1": self.laws.f1,
            "schools_strict_f1": self.schools_strict.f1,
            "schools_lenient_f1": self.schools_lenient.f1,
            "probes_accuracy": self.probes.accuracy,
            "doc_type_accuracy": self.doc_type.accuracy,
            "signer_accuracy": self.signer.accuracy,
            "forbidden_pass_rate": self.forbidden.accuracy,
            "no_kinds_pass_rate": self.no_kinds.accuracy,
        }


# --------------------------------------------------------------------------------------------
# Normalization

_OLD_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = regex.compile(r"(?<!q)(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\p{L}|\p{M})")
_WS_RE = regex.compile(r"\s+")
_AMP_RE = regex.compile(r"\s*&\s*")
_PT_DTNT_RE = regex.compile(r"(?<!\w)pt dtnt(?!\w)")
_THI_TRAN_RE = regex.compile(r"(?<!\w)thị trấn(?!\w)")
_LEADING_TRUONG_RE = regex.compile(r"^trường\s+")


def normalize_name(text: str) -> str:
    """Normalize a school / law / signer name as ``scoring.md`` says.

    NFC, lower case, old tone placement (``hoà``, ``thuỷ``) rewritten to the new one (``hòa``,
    ``thủy``) at the end of a syllable and not after ``q``, spaces around ``&`` removed,
    ``pt dtnt`` → ``ptdtnt``, ``thị trấn`` → ``tt``, a leading ``trường`` dropped, white space
    collapsed.
    """
    s = unicodedata.normalize("NFC", text).lower()
    s = _WS_RE.sub(" ", s).strip()
    s = _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], s)
    s = _AMP_RE.sub("&", s)
    s = _PT_DTNT_RE.sub("ptdtnt", s)
    s = _THI_TRAN_RE.sub("tt", s)
    s = _LEADING_TRUONG_RE.sub("", s)
    return s.strip()


def strip_zeros(number: object) -> str | None:
    """A reference number without leading zeros (``"03"`` → ``"3"``); ``None`` when absent."""
    if number is None:
        return None
    s = unicodedata.normalize("NFC", str(number)).strip().upper()
    if not s:
        return None
    return s.lstrip("0") or "0"


def issuer_root(code: object) -> str | None:
    """The issuer root of a reference ``code``: ``KH-SGDĐT-VP`` → ``SGDĐT``, ``NQ/TW`` → ``TW``.

    ``code`` upper-cased with ``&`` and spaces removed, split on ``-`` and ``/``, type
    abbreviations dropped; the first remaining token, or ``None``.
    """
    if not isinstance(code, str):
        return None
    s = unicodedata.normalize("NFC", code).upper()
    s = regex.sub(r"[&\s]", "", s)
    for token in regex.split(r"[-/]", s):
        if token and token not in TYPE_ABBREVIATIONS:
            return token
    return None


def _issuer_token(issuer: object) -> str:
    """A gold issuer compared like a code token: NFC, upper case, no ``&`` or spaces."""
    return regex.sub(r"[&\s]", "", unicodedata.normalize("NFC", str(issuer)).upper())


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# --------------------------------------------------------------------------------------------
# One-to-one matching


def match_one_to_one(
    n_gold: int,
    n_system: int,
    matches: Callable[[int, int], bool],
    order: Iterable[int] | None = None,
) -> dict[int, int]:
    """Maximum bipartite matching gold index → system index (Kuhn's augmenting paths).

    Gold entries are served in ``order``; an entry once matched stays matched (augmenting
    paths only move it to another system entry), so serving required entries before optional
    ones maximizes the required matches first.
    """
    adjacency = [[s for s in range(n_system) if matches(g, s)] for g in range(n_gold)]
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for s in adjacency[g]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = g
                return True
        return False

    for g in range(n_gold) if order is None else order:
        augment(g, set())
    return {g: s for s, g in owner.items()}


# --------------------------------------------------------------------------------------------
# References


def reference_matches(system: JsonDict, gold: JsonDict) -> bool:
    """Whether a system reference satisfies a gold reference (kind, number, year, issuer)."""
    if system.get("kind") != gold.get("kind"):
        return False
    number = strip_zeros(system.get("number"))
    if number is None or number != strip_zeros(gold.get("number")):
        return False
    gold_year = gold.get("year")
    if gold_year is not None:
        years = {_as_int(y) for y in _as_list(gold_year)} - {None}
        if _as_int(system.get("year")) not in years:
            return False
    gold_issuer = gold.get("issuer")
    if gold_issuer is not None:
        issuers = {_issuer_token(i) for i in _as_list(gold_issuer) if i is not None}
        if issuer_root(system.get("code")) not in issuers:
            return False
    return True


def _specificity(gold: JsonDict) -> int:
    score = 0
    for key in ("year", "issuer"):
        value = gold.get(key)
        if value is not None:
            score += 2 if not isinstance(value, list) else 1
    return score


def _priority_order(golds: Sequence[JsonDict], key: Callable[[JsonDict], int]) -> list[int]:
    """Required entries first, most specific first; then optional ones likewise."""
    return sorted(
        range(len(golds)),
        key=lambda i: (bool(golds[i].get("optional")), -key(golds[i]), i),
    )


def _describe_gold_ref(gold: JsonDict) -> str:
    year = gold.get("year")
    issuer = gold.get("issuer")
    return (
        f"{gold.get('kind')} {gold.get('number')}"
        f"{'' if year is None else f'/{year}'}{'' if issuer is None else f' {issuer}'}"
    )


def _describe_system_ref(system: JsonDict) -> str:
    return (
        f"{system.get('canonical')!r} ({system.get('kind')} {system.get('number')}"
        f" year={system.get('year')} code={system.get('code')})"
    )


def score_references(
    system_refs: Sequence[JsonDict], gold_refs: Sequence[JsonDict]
) -> tuple[Counts, list[str]]:
    """Score cited documents with a number, one-to-one. Returns counts and detail lines."""
    golds = [g for g in gold_refs if isinstance(g, Mapping) and g.get("number") is not None]
    systems = [s for s in system_refs if isinstance(s, Mapping) and strip_zeros(s.get("number"))]
    matched = match_one_to_one(
        len(golds),
        len(systems),
        lambda g, s: reference_matches(systems[s], golds[g]),
        _priority_order(golds, _specificity),
    )
    counts = Counts()
    details: list[str] = []
    for g, gold in enumerate(golds):
        if gold.get("optional"):
            continue
        if g in matched:
            counts.tp += 1
        else:
            counts.fn += 1
            details.append(f"missed reference: {_describe_gold_ref(gold)}")
    used = set(matched.values())
    for s, system in enumerate(systems):
        if s in used:
            continue
        counts.fp += 1
        details.append(f"extra reference: {_describe_system_ref(system)}")
    return counts, details


# --------------------------------------------------------------------------------------------
# Laws

_YEAR_RE = regex.compile(r"(?<!\w)(?:năm\s+)?((?:1[89]|20)\d\d)(?!\w)")


def law_key(name: str) -> tuple[str, tuple[int, ...]]:
    """A law name normalized as schools, split into (name without years, years printed)."""
    s = normalize_name(name)
    years = tuple(int(m.group(1)) for m in _YEAR_RE.finditer(s))
    base = _WS_RE.sub(" ", _YEAR_RE.sub(" ", s)).strip()
    return base, years


def laws_match(a: str, b: str) -> bool:
    """Same law name; a year printed on one side only is ignored, two different years differ."""
    base_a, years_a = law_key(a)
    base_b, years_b = law_key(b)
    if base_a != base_b:
        return False
    return not years_a or not years_b or years_a == years_b


def score_laws(
    system_refs: Sequence[JsonDict], gold_laws: Sequence[Any]
) -> tuple[Counts, list[str]]:
    """Score references of kind ``luat``/``bo_luat`` by name against the gold ``laws``."""
    golds: list[tuple[str, bool]] = []
    for entry in gold_laws:
        if isinstance(entry, str):
            golds.append((entry, False))
        elif isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            golds.append((entry["name"], bool(entry.get("optional"))))
    systems: list[str] = []
    for ref in system_refs:
        if not isinstance(ref, Mapping) or ref.get("kind") not in LAW_KINDS:
            continue
        name = ref.get("name") or ref.get("canonical")
        if isinstance(name, str) and name.strip():
            systems.append(name)
    matched = match_one_to_one(
        len(golds),
        len(systems),
        lambda g, s: laws_match(systems[s], golds[g][0]),
        sorted(range(len(golds)), key=lambda g: (golds[g][1], g)),
    )
    counts = Counts()
    details: list[str] = []
    for g, (name, optional) in enumerate(golds):
        if optional:
            continue
        if g in matched:
            counts.tp += 1
        else:
            counts.fn += 1
            details.append(f"missed law: {name!r}")
    used = set(matched.values())
    for s, name in enumerate(systems):
        if s not in used:
            counts.fp += 1
            details.append(f"extra law: {name!r}")
    return counts, details


# --------------------------------------------------------------------------------------------
# Schools


def _school_keys(entry: JsonDict) -> set[str]:
    names = [entry.get("name"), *_as_list(entry.get("aliases") or [])]
    return {normalize_name(n) for n in names if isinstance(n, str)} - {""}


def score_schools(
    system_schools: Sequence[JsonDict], gold_schools: Sequence[JsonDict]
) -> tuple[Counts, Counts, list[str]]:
    """Score schools: returns (strict counts, lenient counts, detail lines).

    Strict counts a second system entry for an already-matched school as a false positive;
    lenient ignores it. An entry matching an optional gold school is neither right nor wrong.
    """
    golds = [g for g in gold_schools if isinstance(g, Mapping)]
    systems = [s for s in system_schools if isinstance(s, Mapping)]
    gold_keys = [_school_keys(g) for g in golds]
    system_keys = [_school_keys(s) for s in systems]
    matched = match_one_to_one(
        len(golds),
        len(systems),
        lambda g, s: bool(gold_keys[g] & system_keys[s]),
        _priority_order(golds, lambda g: 0),
    )
    strict, lenient = Counts(), Counts()
    details: list[str] = []
    for g, gold in enumerate(golds):
        if gold.get("optional"):
            continue
        if g in matched:
            strict.tp += 1
            lenient.tp += 1
        else:
            strict.fn += 1
            lenient.fn += 1
            details.append(f"missed school: {gold.get('name')!r}")
    used = set(matched.values())
    for s, system in enumerate(systems):
        if s in used:
            continue
        if any(system_keys[s] & keys for keys in gold_keys):
            strict.fp += 1
            details.append(f"duplicate school (strict FP): {system.get('name')!r}")
        else:
            strict.fp += 1
            lenient.fp += 1
            details.append(f"extra school: {system.get('name')!r}")
    return strict, lenient, details


# --------------------------------------------------------------------------------------------
# Probes


def read_input_text(path: Path) -> str:
    """The input as the extractor saw it: UTF-8, byte-order mark dropped, newlines untouched."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def find_probe(text: str, probe: str) -> tuple[int, int] | None:
    """Span of the first occurrence of ``probe`` in ``text``, any white space between words."""
    words = probe.split()
    if not words:
        return None
    pattern = r"\s+".join(regex.escape(w) for w in words)
    m = regex.search(pattern, text)
    return (m.start(), m.end()) if m else None


def probe_kind(sections: Sequence[Any], start: int, end: int) -> str:
    """Kind of the innermost section (through children) holding ``[start, end)``.

    Only sections whose kind is one of :data:`PROBE_KINDS` count; ``"none"`` when none holds it.
    The deepest such section wins; among equally deep ones, the shortest.
    """
    best: tuple[int, int, str] | None = None

    def walk(nodes: Sequence[Any], depth: int) -> None:
        nonlocal best
        for node in nodes:
            if not isinstance(node, Mapping):
                continue
            s, e, kind = node.get("start"), node.get("end"), node.get("kind")
            if (
                isinstance(s, int)
                and isinstance(e, int)
                and kind in PROBE_KINDS
                and s <= start
                and end <= e
            ):
                candidate = (depth, -(e - s), str(kind))
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
            children = node.get("children")
            if isinstance(children, list | tuple):
                walk(children, depth + 1)

    walk(sections, 1)
    return "none" if best is None else best[2]


def _all_kinds(sections: Sequence[Any]) -> set[str]:
    kinds: set[str] = set()
    for node in sections:
        if isinstance(node, Mapping):
            if isinstance(node.get("kind"), str):
                kinds.add(node["kind"])
            children = node.get("children")
            if isinstance(children, list | tuple):
                kinds |= _all_kinds(children)
    return kinds


# --------------------------------------------------------------------------------------------
# Documents


def output_stem(source: object) -> str | None:
    """The basename stem of a Document's ``source`` (``corpus/docs/000_x.txt`` → ``000_x``)."""
    if not isinstance(source, str) or not source.strip():
        return None
    return PurePosixPath(source.strip().replace("\\", "/")).stem


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def score_document(output: JsonDict | None, gold: JsonDict, docs_dir: Path | None) -> DocResult:
    """Score one document. ``output`` is ``None`` when there is no line for it."""
    stem = str(gold.get("_stem") or Path(str(gold.get("doc") or "?")).stem)
    result = DocResult(stem=stem)
    error = output.get("error") if output is not None else None
    produced = output is not None and not error
    if output is None:
        result.status = "missing"
    elif error:
        code = error.get("code") if isinstance(error, Mapping) else error
        result.status = f"error: {code}"
    doc: JsonDict = output if produced and output is not None else {}

    def items(key: str) -> list[Any]:
        value = doc.get(key)
        return list(value) if isinstance(value, list | tuple) else []

    # References and laws.
    refs = items("references")
    result.references, details = score_references(refs, _as_list(gold.get("references") or []))
    result.details += details
    result.laws, details = score_laws(refs, _as_list(gold.get("laws") or []))
    result.details += details

    # Schools.
    result.schools_strict, result.schools_lenient, details = score_schools(
        items("schools"), _as_list(gold.get("schools") or [])
    )
    result.details += details

    # Probes.
    probes = [p for p in _as_list(gold.get("probes") or []) if isinstance(p, Mapping)]
    if probes:
        text: str | None = None
        doc_name = gold.get("doc")
        if docs_dir is not None and isinstance(doc_name, str):
            try:
                text = read_input_text(docs_dir / doc_name)
            except OSError as exc:
                result.details.append(f"cannot read input {doc_name!r}: {exc}")
        sections = items("sections")
        for probe in probes:
            probe_text = str(probe.get("text") or "")
            kinds = [str(k) for k in _as_list(probe.get("kinds") or [])]
            span = find_probe(text, probe_text) if text is not None else None
            if span is None:
                result.probes.record(False)
                result.details.append(f"probe not found in input: {_short(probe_text)!r}")
                continue
            if not produced:
                result.probes.record(False)
                continue
            found = probe_kind(sections, *span)
            ok = found in kinds
            result.probes.record(ok)
            if not ok:
                result.details.append(
                    f"probe wrong: got {found}, want {'/'.join(kinds)}: {_short(probe_text)!r}"
                )

    # doc_type: a value, a list of acceptable values, or null (the system must say null).
    if "doc_type" in gold:
        accepted = _as_list(gold["doc_type"])
        got = doc.get("doc_type")
        ok = produced and got in accepted
        result.doc_type.record(ok)
        if produced and not ok:
            result.details.append(f"doc_type: got {got}, want {'/'.join(map(str, accepted))}")

    # Signer name.
    if "signer" in gold:
        gold_signer = gold["signer"]
        gold_names = (
            [n for n in _as_list(gold_signer.get("name")) if isinstance(n, str) and n.strip()]
            if isinstance(gold_signer, Mapping)
            else []
        )
        system_signer = doc.get("signer")
        got_name = system_signer.get("name") if isinstance(system_signer, Mapping) else None
        got_name = got_name if isinstance(got_name, str) and got_name.strip() else None
        if gold_names:
            ok = got_name is not None and normalize_name(got_name) in {
                normalize_name(n) for n in gold_names
            }
        else:
            ok = got_name is None
        ok = ok and produced
        result.signer.record(ok)
        if produced and not ok:
            result.details.append(
                f"signer: got {got_name!r}, want {' / '.join(gold_names) or None!r}"
            )

    # forbidden_text: none may survive into clean_text.
    forbidden = [f for f in _as_list(gold.get("forbidden_text") or []) if isinstance(f, str)]
    if forbidden:
        clean = doc.get("clean_text")
        clean = clean if isinstance(clean, str) else ""
        survivors = [f for f in forbidden if f in clean]
        result.forbidden.record(produced and not survivors)
        for f in survivors if produced else []:
            result.details.append(f"forbidden text survives: {_short(f)!r}")

    # no_kinds: no section anywhere may have one of these kinds.
    no_kinds = [k for k in _as_list(gold.get("no_kinds") or []) if isinstance(k, str)]
    if no_kinds:
        present = sorted(_all_kinds(items("sections")) & set(no_kinds))
        result.no_kinds.record(produced and not present)
        if present and produced:
            result.details.append(f"forbidden section kinds present: {', '.join(present)}")

    return result


def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """Gold files by stem (each dict gains a ``_stem`` key)."""
    gold: dict[str, dict[str, Any]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        with path.open(encoding="utf-8-sig") as fh:
            data = json.load(fh)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: gold file is not a JSON object")
        data.setdefault("doc", path.stem + ".txt")
        data["_stem"] = path.stem
        gold[path.stem] = data
    return gold


def load_outputs(path: Path) -> list[dict[str, Any]]:
    """Documents from a JSON Lines file; blank lines skipped, bad lines warned about."""
    outputs: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"warning: {path}:{lineno}: invalid JSON: {exc}", file=sys.stderr)
                continue
            if isinstance(record, dict):
                outputs.append(record)
            else:
                print(f"warning: {path}:{lineno}: not a JSON object", file=sys.stderr)
    return outputs


def score(
    outputs: Sequence[JsonDict],
    gold_dir: Path | str,
    docs_dir: Path | str | None = None,
) -> Report:
    """Score a batch of Documents against every gold file in ``gold_dir``."""
    gold = load_gold(Path(gold_dir))
    by_stem: dict[str, JsonDict] = {}
    for output in outputs:
        stem = output_stem(output.get("source"))
        if stem is None:
            continue
        if stem in by_stem:
            print(f"warning: several output lines for {stem}; using the first", file=sys.stderr)
            continue
        by_stem[stem] = output
    docs = Path(docs_dir) if docs_dir is not None else None
    report = Report()
    for stem, gold_doc in gold.items():
        report.documents.append(score_document(by_stem.get(stem), gold_doc, docs))
    return report


# --------------------------------------------------------------------------------------------
# Presentation and floors


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _doc_line(doc: DocResult) -> str:
    def c(counts: Counts) -> str:
        return f"{counts.tp}/{counts.fp}/{counts.fn}"

    def t(tally: Tally) -> str:
        return f"{tally.correct}/{tally.total}" if tally.total else "-"

    status = "" if doc.status == "ok" else f" [{doc.status.upper()}]"
    return (
        f"{doc.stem}{status}\n"
        f"    refs {c(doc.references)}  laws {c(doc.laws)}"
        f"  schools strict {c(doc.schools_strict)} lenient {c(doc.schools_lenient)}"
        f"  (tp/fp/fn)\n"
        f"    probes {t(doc.probes)}  doc_type {t(doc.doc_type)}  signer {t(doc.signer)}"
        f"  forbidden {t(doc.forbidden)}  no_kinds {t(doc.no_kinds)}"
    )


def format_report(report: Report, verbose: bool = False, summary: bool = False) -> str:
    """Per-document counts (and misses when ``verbose``) followed by the micro-averaged table;
    with ``summary`` only the table."""
    lines: list[str] = []
    for doc in [] if summary else report.documents:
        lines.append(_doc_line(doc))
        if verbose:
            lines.extend(f"      - {d}" for d in doc.details)
    lines.append("")
    header = f"{'metric':<16}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}{'f1':>8}"
    lines.append(header)
    count_rows = (
        ("references", report.references),
        ("laws", report.laws),
        ("schools_strict", report.schools_strict),
        ("schools_lenient", report.schools_lenient),
    )
    for name, counts in count_rows:
        lines.append(
            f"{name:<16}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
            f"{_fmt(counts.precision):>11}{_fmt(counts.recall):>8}{_fmt(counts.f1):>8}"
        )
    tally_rows = (
        ("probes", report.probes),
        ("doc_type", report.doc_type),
        ("signer", report.signer),
        ("forbidden", report.forbidden),
        ("no_kinds", report.no_kinds),
    )
    for name, tally in tally_rows:
        ratio = f"{tally.correct}/{tally.total}"
        lines.append(f"{name:<16}{ratio:>18}{_fmt(tally.accuracy):>11}")
    return "\n".join(lines)


def check_floors(scores: Mapping[str, float | None], floors: Mapping[str, Any]) -> list[str]:
    """Messages for every score below its floor (n/a counts as 1.0). Unknown keys raise."""
    unknown = sorted(set(floors) - set(SCORE_KEYS))
    if unknown:
        raise ValueError(f"unknown floor keys: {', '.join(unknown)}")
    failures: list[str] = []
    for key in SCORE_KEYS:
        if key not in floors:
            continue
        floor = float(floors[key])
        value = scores.get(key)
        actual = 1.0 if value is None else value
        if actual < floor:
            failures.append(f"{key} = {actual:.4f} is below its floor {floor:.4f}")
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score extractor JSON Lines output against the gold corpus."
    )
    parser.add_argument("output", type=Path, help="the extractor's JSON Lines output")
    parser.add_argument("--gold", type=Path, default=Path("corpus/gold"))
    parser.add_argument("--docs", type=Path, default=Path("corpus/docs"))
    parser.add_argument("--floors", type=Path, help="JSON dict of minimum scores")
    parser.add_argument("--json", type=Path, dest="json_path", help="write scores as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument("--summary", action="store_true", help="print only the table")
    args = parser.parse_args(argv)

    try:
        outputs = load_outputs(args.output)
        if not args.gold.is_dir():
            raise OSError(f"gold directory not found: {args.gold}")
        report = score(outputs, args.gold, args.docs)
        floors: dict[str, Any] = {}
        if args.floors is not None:
            with args.floors.open(encoding="utf-8") as fh:
                floors = json.load(fh)
            if not isinstance(floors, dict):
                raise ValueError(f"{args.floors}: floors must be a JSON object")
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print(format_report(report, verbose=args.verbose, summary=args.summary))
    scores = report.scores()
    if args.json_path is not None:
        args.json_path.parent.mkdir(parents=True, exist_ok=True)
        with args.json_path.open("w", encoding="utf-8") as fh:
            json.dump(scores, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    if args.floors is None:
        return 0
    try:
        failures = check_floors(scores, floors)
    except ValueError as exc:
        print(f"error: {args.floors}: {exc}", file=sys.stderr)
        return 2
    if failures:
        print("\nBELOW FLOOR:")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nall scores at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
