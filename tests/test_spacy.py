"""The spaCy component on real blank pipelines (nothing downloaded)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

import extractor.spacy as vn_spacy
from extractor import Document

TEXT = (
    "Căn cứ Nghị định số 43/2011/NĐCP ngày 13/6/2011 của Chính phủ; Kế hoạch số 137/KH-\n"
    "UBND ngày 24/7/2019.\nI. KẾT QUẢ KIỂM TRA\n1. Ưu điểm\nTrường THPT Lạc Thủy C làm tốt; "
    "theo Nghị định 43.\n2. Tồn tại, hạn chế\nTHPT Lạc Thủy C chưa báo cáo.\n"
)


@pytest.mark.parametrize("lang", ["vi", "xx"])
def test_component_on_blank_pipeline(lang: str) -> None:
    nlp = spacy.blank(lang)
    nlp.add_pipe("vn_admin")
    doc = nlp(TEXT)
    document = doc._.vn_admin
    assert isinstance(document, Document)
    assert [r.canonical for r in document.references] == ["43/2011/NĐ-CP", "137/KH-UBND"]
    refs = doc.spans["references"]
    assert {s.label_ for s in refs} == {"nghi_dinh", "ke_hoach"}
    assert {s.kb_id_ for s in refs} == {"43/2011/NĐ-CP", "137/KH-UBND"}
    # every mention is covered by its token-aligned span
    for ref in document.references:
        for m in ref.mentions:
            span = next(s for s in refs if s.start_char <= m.start and m.end <= s.end_char)
            assert m.text in span.text
    assert {s.kb_id_ for s in doc.spans["schools"]} == {"THPT Lạc Thủy C"}
    assert len(doc.spans["schools"]) == 2
    assert {e.label_ for e in doc.ents} == {"LEGAL_REF", "SCHOOL"}
    kinds = [s.label_ for s in doc.spans["sections"]]
    assert {"findings", "strengths", "weaknesses"} <= set(kinds)


def test_alignment_expands_partial_tokens() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("vn_admin")
    doc = nlp("Xem văn bản số 12/UBND-VX.Đã nhận.")  # mention ends inside the token "12/UBND-VX.Đã"
    (span,) = doc.spans["references"]
    assert span.start_char <= doc._.vn_admin.references[0].mentions[0].start
    assert span.end_char >= doc._.vn_admin.references[0].mentions[0].end


def test_empty_doc_gets_error_record_and_keeps_ents_option() -> None:
    nlp = vn_spacy.blank("xx")
    nlp.remove_pipe("vn_admin")
    nlp.add_pipe("vn_admin", config={"set_ents": False})
    doc = nlp("   ")
    assert doc._.vn_admin.error.code == "empty"
    assert not doc.ents and not doc.spans["references"]
    doc = nlp(TEXT)
    assert not doc.ents and len(doc.spans["references"]) == 3


def test_core_does_not_import_spacy() -> None:
    code = (
        "import sys, extractor, extractor.cli, extractor.bulk, extractor.inputs, "
        "extractor.export; extractor.extract('Kế hoạch số 137/KH-UBND'); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
