"""Tests of scripts/evaluate.py on small synthetic outputs and gold files (not the real corpus)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "evaluate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


ev = _load()


def ref(kind: str, number: str, year: int | None = None, code: str | None = None) -> dict[str, Any]:
    canonical = f"{number}/{year}/{code}" if year else f"{number}/{code}"
    return {"kind": kind, "number": number, "year": year, "code": code, "canonical": canonical}


def write_case(
    tmp_path: Path,
    gold: dict[str, Any],
    text: str = "Nội dung.\n",
    stem: str = "doc1",
    raw: bytes | None = None,
) -> tuple[Path, Path]:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir(parents=True, exist_ok=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    gold = {"doc": f"{stem}.txt", **gold}
    (gold_dir / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    (docs_dir / f"{stem}.txt").write_bytes(raw if raw is not None else text.encode("utf-8"))
    return gold_dir, docs_dir


def output(stem: str = "doc1", **fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": "1",
        "source": f"corpus/docs/{stem}.txt",
        "doc_type": None,
        "signer": None,
        "sections": [],
        "references": [],
        "schools": [],
        "clean_text": "",
        "error": None,
    }
    doc.update(fields)
    return doc


# ------------------------------------------------------------------------------------------
# References


def test_two_system_entries_for_one_gold_are_one_tp_one_fp() -> None:
    gold = [{"kind": "thong_tu", "number": "21", "year": 2019, "issuer": "BGDĐT"}]
    system = [ref("thong_tu", "21", 2019, "TT-BGDĐT"), ref("thong_tu", "21", 2019, "TT-BGDĐT")]
    counts, details = ev.score_references(system, gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    assert any(d.startswith("extra reference") for d in details)


def test_one_system_entry_never_satisfies_two_gold_entries() -> None:
    gold = [
        {"kind": "ke_hoach", "number": "104", "year": 2020, "issuer": "UBND"},
        {"kind": "ke_hoach", "number": "104", "year": None, "issuer": None},
    ]
    counts, _ = ev.score_references([ref("ke_hoach", "104", 2020, "KH-UBND")], gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 1)


def test_matching_prefers_the_most_specific_gold_entry() -> None:
    # The general entry comes first; a naive greedy would give it the 2019 system entry
    # and then miss the specific one.
    gold = [
        {"kind": "thong_tu", "number": "21", "year": None, "issuer": None},
        {"kind": "thong_tu", "number": "21", "year": 2019, "issuer": "BGDĐT"},
    ]
    system = [ref("thong_tu", "21", 2019, "TT-BGDĐT"), ref("thong_tu", "21", 2020, "TT-BGDĐT")]
    counts, _ = ev.score_references(system, gold)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)


def test_optional_entries() -> None:
    gold = [
        {"kind": "ke_hoach", "number": "104", "year": [2020, 2019], "issuer": "UBND"},
        {"kind": "ke_hoach", "number": "104", "year": [2020, 2019], "issuer": "UBND",
         "optional": True},
        {"kind": "nghi_quyet", "number": "102", "year": 2020, "issuer": ["TW", "CP"],
         "optional": True},
    ]  # fmt: skip
    one = ref("ke_hoach", "104", 2020, "KH-UBND")
    other = ref("ke_hoach", "104", 2019, "KH-UBND")
    # Nothing output: only the required entry is a miss.
    counts, _ = ev.score_references([], gold)
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 1)
    # One entry: right.
    counts, _ = ev.score_references([one], gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)
    # Two: the second matches the optional entry, neither right nor wrong.
    counts, _ = ev.score_references([one, other], gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)
    # Three: one too many.
    counts, _ = ev.score_references([one, other, one], gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    # Matching an optional entry alone is not a TP.
    counts, _ = ev.score_references([ref("nghi_quyet", "102", 2020, "NQ-CP")], gold)
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 1)


@pytest.mark.parametrize(
    ("code", "root"),
    [
        ("KH-SGDĐT-VP", "SGDĐT"),
        ("NQ/TW", "TW"),
        ("GDĐT-TrH", "GDĐT"),
        ("NĐ-CP", "CP"),
        ("TTLT-BGDĐT-BNV", "BGDĐT"),
        ("QĐ-SGD&ĐT", "SGDĐT"),
        ("KH - UBND", "UBND"),
        ("kh-ubnd", "UBND"),
        ("CTr/TU", "TU"),
        ("QĐ-TTg", "TTG"),
        ("/KH-SGDĐT", "SGDĐT"),
        ("TT", None),
        (None, None),
    ],
)
def test_issuer_root(code: str | None, root: str | None) -> None:
    assert ev.issuer_root(code) == root


def test_issuer_checked_only_where_gold_gives_one() -> None:
    gold = {"kind": "nghi_dinh", "number": "91", "year": 2017, "issuer": "CP"}
    assert ev.reference_matches(ref("nghi_dinh", "91", 2017, "NĐ-CP"), gold)
    assert not ev.reference_matches(ref("nghi_dinh", "91", 2017, "NĐ-UBND"), gold)
    assert not ev.reference_matches(ref("nghi_dinh", "91", 2017, None), gold)
    loose = {"kind": "nghi_dinh", "number": "91", "year": 2017, "issuer": None}
    assert ev.reference_matches(ref("nghi_dinh", "91", 2017, None), loose)
    # The gold issuer may itself look like a type abbreviation.
    ctr = {"kind": "chuong_trinh", "number": "39", "year": 2026, "issuer": ["TU", "CTR"]}
    assert ev.reference_matches(ref("chuong_trinh", "39", 2026, "CTr/TU"), ctr)


def test_year_lists_and_null_years() -> None:
    gold = {"kind": "ke_hoach", "number": "104", "year": [2020, 2019], "issuer": "UBND"}
    assert ev.reference_matches(ref("ke_hoach", "104", 2019, "KH-UBND"), gold)
    assert ev.reference_matches(ref("ke_hoach", "104", 2020, "KH-UBND"), gold)
    assert not ev.reference_matches(ref("ke_hoach", "104", 2018, "KH-UBND"), gold)
    assert not ev.reference_matches(ref("ke_hoach", "104", None, "KH-UBND"), gold)
    unchecked = {"kind": "thong_tu", "number": "36", "year": None, "issuer": None}
    assert ev.reference_matches(ref("thong_tu", "36", 2017, "TT-BGDĐT"), unchecked)
    assert ev.reference_matches(ref("thong_tu", "36", None, None), unchecked)


def test_number_leading_zeros_and_kind() -> None:
    gold = {"kind": "thong_tu", "number": "3", "year": 2018, "issuer": "BGDĐT"}
    assert ev.reference_matches(ref("thong_tu", "03", 2018, "TT-BGDĐT"), gold)
    assert not ev.reference_matches(ref("thong_tu", "30", 2018, "TT-BGDĐT"), gold)
    assert not ev.reference_matches(ref("quyet_dinh", "3", 2018, "TT-BGDĐT"), gold)


def test_entries_without_number_are_not_references() -> None:
    law = {"kind": "luat", "number": None, "name": "Luật Lưu trữ", "canonical": "Luật Lưu trữ"}
    counts, _ = ev.score_references([law], [])
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 0)


# ------------------------------------------------------------------------------------------
# Schools


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("THPT Hoà Bình", "THPT Hòa Bình"),
        ("THPT Lạc Thuỷ", "THPT Lạc Thủy"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("PT DTNT THCS&THPT huyện Lạc Thủy", "PTDTNT THCS&THPT huyện Lạc Thủy"),
        ("Trường THPT Thanh Hà", "THPT Thanh Hà"),
        ("trường  THPT   Thanh Hà", "THPT Thanh Hà"),
        ("TH&THCS thị trấn Chi Nê", "TH&THCS TT Chi Nê"),
        ("TH & THCS An Lạc", "TH&THCS An Lạc"),
        ("PTDTNT THCS & THPT Lạc Thủy", "PTDTNT THCS&THPT Lạc Thủy"),
        ("THPT Ho\u0300a Bi\u0300nh", "THPT Hòa Bình"),  # decomposed (NFD) input
    ],
)
def test_school_normalization_equal(a: str, b: str) -> None:
    assert ev.normalize_name(a) == ev.normalize_name(b)


def test_school_normalization_keeps_what_differs() -> None:
    assert ev.normalize_name("Quý") == "quý"  # after q: not an old-style tone
    assert ev.normalize_name("Hoàng Văn Thụ") == "hoàng văn thụ"  # not at syllable end
    assert ev.normalize_name("THPT Thanh Hà") != ev.normalize_name("THPT Thành Hà")
    assert ev.normalize_name("Trường THPT") == "thpt"


def test_school_matches_through_aliases() -> None:
    gold = [{"name": "THPT Thanh Hà", "aliases": ["THPT Thành Hà"]}]
    system = [{"name": "Trường THPT Thành Hà", "aliases": []}]
    strict, _, _ = ev.score_schools(system, gold)
    assert (strict.tp, strict.fp, strict.fn) == (1, 0, 0)
    system = [{"name": "THPT X", "aliases": ["THPT Thanh Hà"]}]
    strict, _, _ = ev.score_schools(system, gold)
    assert (strict.tp, strict.fp, strict.fn) == (1, 0, 0)


def test_strict_vs_lenient_duplicate_entry() -> None:
    gold = [{"name": "THPT Lạc Thủy C"}, {"name": "THPT Lạc Thủy B"}]
    system = [
        {"name": "THPT Lạc Thủy C"},
        {"name": "Trường THPT Lạc Thuỷ C"},  # same school again
        {"name": "THPT Yên Thủy"},  # not in gold
    ]
    strict, lenient, details = ev.score_schools(system, gold)
    assert (strict.tp, strict.fp, strict.fn) == (1, 2, 1)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 1, 1)
    assert strict.f1 is not None and lenient.f1 is not None
    assert strict.f1 < lenient.f1
    assert any("duplicate" in d for d in details)


def test_optional_school() -> None:
    gold = [{"name": "THPT A"}, {"name": "PT DTNT THPT tỉnh", "optional": True}]
    strict, lenient, _ = ev.score_schools([{"name": "THPT A"}], gold)
    assert (strict.tp, strict.fp, strict.fn) == (1, 0, 0)
    strict, lenient, _ = ev.score_schools([{"name": "THPT A"}, {"name": "PTDTNT THPT tỉnh"}], gold)
    assert (strict.tp, strict.fp, strict.fn) == (1, 0, 0)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 0, 0)


# ------------------------------------------------------------------------------------------
# Laws


def law(name: str) -> dict[str, Any]:
    return {"kind": "luat", "number": None, "year": None, "code": None, "name": name,
            "canonical": name}  # fmt: skip


def test_law_years() -> None:
    assert ev.laws_match("Luật Giáo dục", "Luật Giáo dục 2019")  # one side only: ignored
    assert ev.laws_match("Luật Giáo dục 2019", "Luật giáo dục")
    assert ev.laws_match("Luật Giáo dục năm 2019", "Luật Giáo dục 2019")
    assert not ev.laws_match("Luật Hóa chất 2025", "Luật Hóa chất 2007")  # two years differ
    assert not ev.laws_match("Luật Giáo dục", "Luật Giáo dục đại học")


def test_score_laws() -> None:
    gold = ["Luật Hóa chất 2025", "Luật Hóa chất 2007", "Luật Lưu trữ"]
    system = [
        law("Luật hóa chất năm 2007"),
        law("Luật Hóa chất 2025"),
        law("Luật Đất đai"),
        ref("nghi_dinh", "91", 2017, "NĐ-CP"),  # not a law: ignored here
        {**ref("luat", "69", 2025, "QH15"), "name": None, "canonical": "Luật Lưu trữ"},
    ]
    counts, details = ev.score_laws(system, gold)
    assert (counts.tp, counts.fp, counts.fn) == (3, 1, 0)
    assert details == ["extra law: 'Luật Đất đai'"]
    counts, _ = ev.score_laws([law("Luật Hóa chất")] * 2, ["Luật Hóa chất 2025"])
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)


# ------------------------------------------------------------------------------------------
# Probes


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_probe_found_across_line_break_and_crlf(tmp_path: Path) -> None:
    text = (
        "THÔNG BÁO\r\n"
        "I. Ưu điểm\r\n"
        "- Cán bộ văn thư lưu trữ có\r\n"
        "   trình độ chuyên môn.\r\n"
        "II. Hạn chế\r\n"
        "- Chưa có đầy đủ hồ sơ\tvề công tác CCHC.\r\n"
    )
    probe = "Cán bộ văn thư lưu trữ có trình độ chuyên môn"
    span = ev.find_probe(text, probe)
    assert span is not None
    assert text[span[0] : span[1]] == "Cán bộ văn thư lưu trữ có\r\n   trình độ chuyên môn"
    assert ev.find_probe(text, "Chưa có đầy đủ hồ sơ về công tác CCHC") is not None
    assert ev.find_probe(text, "không có trong văn bản") is None

    # End to end: the file has a BOM and CRLF; section offsets are into the text as given.
    s1, _ = _span(text, "I. Ưu điểm")
    s2, _ = _span(text, "II. Hạn chế")
    sections = [
        {"number": "I", "title": "Ưu điểm", "kind": "strengths", "level": 1,
         "start": s1, "end": s2, "children": []},
        {"number": "II", "title": "Hạn chế", "kind": "weaknesses", "level": 1,
         "start": s2, "end": len(text), "children": []},
    ]  # fmt: skip
    gold = {
        "probes": [
            {"text": probe, "kinds": ["strengths"]},
            {"text": "Chưa có đầy đủ hồ sơ về công tác CCHC", "kinds": ["weaknesses"]},
            {"text": "THÔNG BÁO", "kinds": ["none"]},
        ]
    }
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    gold_dir, docs_dir = write_case(tmp_path, gold, raw=raw)
    assert ev.read_input_text(docs_dir / "doc1.txt") == text
    report = ev.score([output(sections=sections)], gold_dir, docs_dir)
    assert (report.probes.correct, report.probes.total) == (3, 3)


def test_innermost_section_is_chosen() -> None:
    text = "A" * 100
    sections = [
        {"kind": "strengths", "level": 1, "start": 0, "end": 100, "children": [
            {"kind": None, "level": 2, "start": 10, "end": 60, "children": [
                {"kind": "weaknesses", "level": 3, "start": 20, "end": 40, "children": []},
                {"kind": "findings", "level": 3, "start": 40, "end": 60, "children": []},
            ]},
            {"kind": "recommendations", "level": 2, "start": 60, "end": 90, "children": []},
        ]},
        {"kind": "basis", "level": 1, "start": 100, "end": 120, "children": []},
    ]  # fmt: skip
    assert len(text) == 100
    assert ev.probe_kind(sections, 25, 30) == "weaknesses"  # grandchild
    assert ev.probe_kind(sections, 12, 18) == "strengths"  # kind-less child: parent's
    assert ev.probe_kind(sections, 45, 50) == "strengths"  # findings is not a probe kind
    assert ev.probe_kind(sections, 65, 70) == "recommendations"
    assert ev.probe_kind(sections, 35, 45) == "strengths"  # straddles two children
    assert ev.probe_kind(sections, 105, 110) == "none"  # basis is not a probe kind
    assert ev.probe_kind([], 0, 5) == "none"


def test_probe_not_found_counts_wrong(tmp_path: Path) -> None:
    gold = {"probes": [{"text": "câu không có", "kinds": ["none"]}]}
    gold_dir, docs_dir = write_case(tmp_path, gold, text="Một văn bản.\n")
    report = ev.score([output()], gold_dir, docs_dir)
    assert (report.probes.correct, report.probes.total) == (0, 1)
    assert any("not found" in d for d in report.documents[0].details)


# ------------------------------------------------------------------------------------------
# Per-document checks


def test_doc_type_value_list_and_null(tmp_path: Path) -> None:
    for stem, gold_type, system_type, ok in [
        ("a", "thong_bao", "thong_bao", True),
        ("b", "thong_bao", "bao_cao", False),
        ("c", ["quyet_dinh", "ke_hoach"], "ke_hoach", True),
        ("d", None, None, True),
        ("e", None, "other", False),
    ]:
        gold_dir, docs_dir = write_case(tmp_path / stem, {"doc_type": gold_type}, stem=stem)
        report = ev.score([output(stem, doc_type=system_type)], gold_dir, docs_dir)
        assert report.doc_type.correct == int(ok), stem
        assert report.doc_type.total == 1


def test_signer(tmp_path: Path) -> None:
    cases: list[tuple[str, Any, Any, bool]] = [
        ("a", {"name": "Nguyễn Văn Hoà"}, {"name": "Nguyễn  Văn Hòa", "title": "GĐ"}, True),
        ("b", {"name": "Nguyễn Văn Hòa"}, {"name": "Nguyễn Văn Hà"}, False),
        ("c", {"name": "Nguyễn Văn Hòa"}, None, False),
        ("d", None, None, True),
        ("e", None, {"name": None, "title": "GIÁM ĐỐC"}, True),
        ("f", None, {"name": "Lê Văn A"}, False),
    ]
    for stem, gold_signer, system_signer, ok in cases:
        gold_dir, docs_dir = write_case(tmp_path / stem, {"signer": gold_signer}, stem=stem)
        report = ev.score([output(stem, signer=system_signer)], gold_dir, docs_dir)
        assert (report.signer.correct, report.signer.total) == (int(ok), 1), stem


def test_forbidden_text_and_no_kinds(tmp_path: Path) -> None:
    gold = {"forbidden_text": ["id: X-1", "category: Y"], "no_kinds": ["strengths"]}
    gold_dir, docs_dir = write_case(tmp_path, gold)
    nested = [{"kind": None, "level": 1, "start": 0, "end": 5, "children": [
        {"kind": "strengths", "level": 2, "start": 0, "end": 5, "children": []}]}]  # fmt: skip
    bad = output(clean_text="Văn bản\ncategory: Y\n", sections=nested)
    report = ev.score([bad], gold_dir, docs_dir)
    assert (report.forbidden.correct, report.forbidden.total) == (0, 1)
    assert (report.no_kinds.correct, report.no_kinds.total) == (0, 1)
    good = output(clean_text="Văn bản\n", sections=[{**nested[0], "children": []}])
    report = ev.score([good], gold_dir, docs_dir)
    assert (report.forbidden.correct, report.no_kinds.correct) == (1, 1)
    # Empty lists are not counted at all.
    gold_dir, docs_dir = write_case(tmp_path / "e", {"forbidden_text": [], "no_kinds": []})
    report = ev.score([output()], gold_dir, docs_dir)
    assert report.forbidden.total == 0 and report.scores()["forbidden_pass_rate"] is None


def test_missing_and_error_outputs_are_fully_missed(tmp_path: Path) -> None:
    gold = {
        "doc_type": None,
        "signer": None,
        "references": [{"kind": "thong_tu", "number": "1", "year": 2020, "issuer": "BGDĐT"}],
        "laws": ["Luật Lưu trữ"],
        "schools": [{"name": "THPT A"}],
        "probes": [{"text": "Nội dung", "kinds": ["none"]}],
        "no_kinds": ["strengths"],
    }
    gold_dir, docs_dir = write_case(tmp_path, gold)
    errored = output(error={"code": "decode", "message": "bad bytes"})
    unrelated = output("other")  # no gold: ignored
    for outputs in ([], [errored, unrelated]):
        report = ev.score(outputs, gold_dir, docs_dir)
        doc = report.documents[0]
        assert doc.status in ("missing", "error: decode")
        assert (doc.references.tp, doc.references.fn) == (0, 1)
        assert (doc.laws.fn, doc.schools_strict.fn) == (1, 1)
        assert (report.probes.correct, report.doc_type.correct, report.signer.correct) == (0, 0, 0)
        assert report.no_kinds.correct == 0
        assert len(report.documents) == 1


def test_micro_average_and_na(tmp_path: Path) -> None:
    gold_refs = [{"kind": "thong_tu", "number": "1", "year": None, "issuer": None}]
    write_case(tmp_path, {"references": gold_refs}, stem="d1")
    gold_dir, docs_dir = write_case(tmp_path, {"references": gold_refs * 3}, stem="d2")
    outputs = [
        output("d1", references=[ref("thong_tu", "1"), ref("thong_tu", "9")]),
        output("d2", references=[ref("thong_tu", "1")]),
    ]
    scores = ev.score(outputs, gold_dir, docs_dir).scores()
    # tp=2, fp=1, fn=2 over both documents.
    assert scores["references_precision"] == pytest.approx(2 / 3)
    assert scores["references_recall"] == pytest.approx(2 / 4)
    assert scores["references_f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert scores["schools_strict_f1"] is None  # no gold schools at all: n/a
    assert set(scores) == set(ev.SCORE_KEYS)
    assert ev.check_floors(scores, {"schools_strict_f1": 1.0}) == []
    assert ev.check_floors(scores, {"references_recall": 0.6})
    with pytest.raises(ValueError):
        ev.check_floors(scores, {"no_such_score": 0.5})


# ------------------------------------------------------------------------------------------
# Command line


def test_cli_floors_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = {
        "doc_type": "thong_bao",
        "references": [
            {"kind": "thong_tu", "number": "21", "year": 2019, "issuer": "BGDĐT"},
            {"kind": "nghi_dinh", "number": "91", "year": 2017, "issuer": "CP"},
        ],
    }
    gold_dir, docs_dir = write_case(tmp_path, gold)
    out = tmp_path / "out.jsonl"
    line = output(doc_type="thong_bao", references=[ref("thong_tu", "21", 2019, "TT-BGDĐT")])
    out.write_text(json.dumps(line, ensure_ascii=False) + "\n\n", "utf-8")
    base = [str(out), "--gold", str(gold_dir), "--docs", str(docs_dir)]

    report_path = tmp_path / "report.json"
    assert ev.main([*base, "--json", str(report_path), "--verbose"]) == 0
    printed = capsys.readouterr().out
    assert "missed reference: nghi_dinh 91/2017 CP" in printed
    assert "references" in printed and "n/a" in printed
    scores = json.loads(report_path.read_text("utf-8"))
    assert set(scores) == set(ev.SCORE_KEYS)
    assert scores["references_recall"] == pytest.approx(0.5)
    assert scores["doc_type_accuracy"] == 1.0

    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"references_precision": 1.0, "laws_f1": 1.0}), "utf-8")
    assert ev.main([*base, "--floors", str(floors)]) == 0
    floors.write_text(json.dumps({"references_recall": 0.9}), "utf-8")
    assert ev.main([*base, "--floors", str(floors)]) == 1
    assert "references_recall" in capsys.readouterr().out
    floors.write_text(json.dumps({"bogus": 0.9}), "utf-8")
    assert ev.main([*base, "--floors", str(floors)]) == 2
