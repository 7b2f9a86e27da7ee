"""PDF (a real PDF written by hand, read by pypdfium2) and HTML (trafilatura) inputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from _pdf import make_pdf
from click.testing import CliRunner

from extractor.bulk import expand_inputs
from extractor.cli import main
from extractor.inputs import PAGE_BREAK, PdfNoTextError, drop_page_furniture, read_text

HEADER = "SỞ GIÁO DỤC VÀ ĐÀO TẠO HÒA BÌNH"
PAGES = [
    [HEADER, "THÔNG BÁO", "Căn cứ Kế hoạch số 137/KH-UBND ngày 24/7/2019 của UBND tỉnh.", "1"],
    [HEADER, "Trường THPT Lạc Thủy C thực hiện Nghị định số 43/2011/NĐ-CP.", "- 2 -"],
    [HEADER, "Trang 3", "Theo Nghị định 43, báo cáo trước ngày 30/6.", "3"],
]
HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Thông báo</title>
<script>var tracking = "Kế hoạch số 999/KH-UBND";</script></head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li>Kế hoạch số 888/KH-UBND</li></ul></nav>
<main><article><h1>Thông báo kết quả kiểm tra</h1>
<p>Căn cứ Kế hoạch số 137/KH-UBND ngày 24/7/2019 của UBND tỉnh về việc kiểm tra công tác
năm học 2019-2020 tại các đơn vị trực thuộc Sở Giáo dục và Đào tạo.</p>
<p>Trường THPT Lạc Thủy C đã thực hiện tốt Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của
Chính phủ về cung cấp thông tin trên cổng thông tin điện tử của cơ quan nhà nước.</p>
<p>Đề nghị các đơn vị tiếp tục thực hiện nghiêm túc các nội dung đã nêu trong thông báo này.</p>
</article></main><footer>Bản quyền © Cổng thông tin điện tử. Công văn số 777/SGDĐT-VP</footer>
</body></html>"""


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pdf_text_layer_pages_and_furniture(tmp_path: Path) -> None:
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    text, document = read_text(pdf)
    assert text.count(PAGE_BREAK) == 2
    assert HEADER not in text  # running header, on every page
    assert "Trang 3" not in text and "- 2 -" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())
    assert [r.canonical for r in document.references] == ["137/KH-UBND", "43/2011/NĐ-CP"]
    assert [s.name for s in document.schools] == ["THPT Lạc Thủy C"]
    for ref in document.references:  # offsets index the extracted text
        assert all(text[m.start : m.end] == m.text for m in ref.mentions)
    assert document.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert document.encoding == "pdf"


def test_furniture_keeps_body_lines() -> None:
    pages = [["Header 2024", "body one", "12"], ["Header 2025", "body two"], ["x", "body 3"]]
    # a header on fewer than three pages is not "most pages"; the lone numbers go
    assert drop_page_furniture(pages) == [
        ["Header 2024", "body one"],
        ["Header 2025", "body two"],
        ["x", "body 3"],
    ]
    bodies = ["Mở đầu", "Nội dung", "Kiến nghị", "Kết luận"]
    many = [[f"Header trang {i}", body, str(i)] for i, body in enumerate(bodies, 1)]
    assert drop_page_furniture(many) == [[body] for body in bodies]


def test_scanned_and_broken_pdfs_get_error_records(tmp_path: Path) -> None:
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(make_pdf([[], []]))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    good = tmp_path / "good.pdf"
    good.write_bytes(make_pdf(PAGES))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["extract", str(scanned), str(broken), str(good), "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 1, result.output
    records = _records(out)
    assert [r["error"] and r["error"]["code"] for r in records] == [  # type: ignore[index]
        "pdf_no_text",
        "decode",
        None,
    ]
    assert "OCR" in records[0]["error"]["message"]  # type: ignore[index]
    assert PdfNoTextError.code == "pdf_no_text"
    assert "pdf_no_text: 1" in result.stderr


def test_html_main_text_without_site_chrome(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    text, document = read_text(page)
    canonicals = [r.canonical for r in document.references]
    assert canonicals == ["137/KH-UBND", "43/2011/NĐ-CP"]  # not the nav, footer or script
    for ref in document.references:
        assert all(text[m.start : m.end] == m.text for m in ref.mentions)
    assert document.encoding == "html"
    assert document.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()


def test_directory_expansion_all_kinds_and_globs(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    for name in ("a.txt", "b/c.pdf", "b/d.HTM", "e.html", "f.md", "g.json"):
        (root / name).write_text("x", encoding="utf-8")
    assert [Path(p).relative_to(root).as_posix() for p in expand_inputs([str(root)])] == [
        "a.txt",
        "b/c.pdf",
        "b/d.HTM",
        "e.html",
    ]
    assert [Path(p).name for p in expand_inputs([str(root / "**" / "*.pdf")])] == ["c.pdf"]
    missing = str(tmp_path / "nothing-*.txt")
    assert list(expand_inputs([missing, "-"])) == [missing, "-"]


def test_stdin_pdf_is_sniffed() -> None:
    result = CliRunner().invoke(main, ["extract", "-", "--quiet"], input=make_pdf(PAGES))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["encoding"] == "pdf"
    assert record["references"][0]["canonical"] == "137/KH-UBND"
