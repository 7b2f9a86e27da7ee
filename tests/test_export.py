"""SQLite (opened with sqlite-utils) and Parquet (read back with pyarrow) exports."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import sqlite_utils
from click.testing import CliRunner

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "docs"


def _jsonl(tmp_path: Path) -> tuple[Path, list[dict[str, object]]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "corpus.jsonl"
    args = ["extract", str(CORPUS), str(tmp_path / "empty.txt"), "-o", str(out), "-j", "1", "-q"]
    assert CliRunner().invoke(main, args).exit_code == 1
    return out, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_sqlite_export_tables_keys_indexes_fts(tmp_path: Path) -> None:
    jsonl, records = _jsonl(tmp_path)
    target = tmp_path / "out.db"
    result = CliRunner().invoke(main, ["export", str(jsonl), "-o", str(target)])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(target)
    assert {
        "documents",
        "sections",
        "references",
        "reference_mentions",
        "schools",
        "school_mentions",
    } <= set(db.table_names())
    assert db["documents"].count == len(records)
    n_refs = sum(len(r["references"]) for r in records)  # type: ignore[arg-type]
    n_mentions = sum(len(x["mentions"]) for r in records for x in r["references"])  # type: ignore[attr-defined]
    assert db["references"].count == n_refs
    assert db["reference_mentions"].count == n_mentions
    assert db["schools"].count == sum(len(r["schools"]) for r in records)  # type: ignore[arg-type]
    fks = {(fk.column, fk.other_table) for fk in db["reference_mentions"].foreign_keys}
    assert fks == {("reference_id", "references"), ("document_id", "documents")}
    assert ("parent_id", "sections") in {
        (fk.column, fk.other_table) for fk in db["sections"].foreign_keys
    }
    indexed = {tuple(ix.columns) for ix in db["references"].indexes}
    assert ("canonical",) in indexed and ("document_id",) in indexed
    assert db["documents"].detect_fts() == "documents_fts"
    # a reference's mentions point into its document, with the text at those offsets
    row = next(
        db.query(
            "select d.source, m.start, m.[end], m.text, r.canonical from reference_mentions m"
            " join [references] r on r.id = m.reference_id join documents d on d.id = m.document_id"
            " where r.canonical = '43/2011/NĐ-CP' limit 1"
        )
    )
    text = Path(row["source"]).read_bytes().decode("utf-8-sig")
    assert text[row["start"] : row["end"]] == row["text"]
    # full-text search on references (diacritics folded by unicode61)
    hits = list(db["references"].search("NĐ"))
    assert hits
    failed = list(db.query("select source, error_code from documents where error_code is not null"))
    assert [r["error_code"] for r in failed] == ["empty"]
    # nested sections keep their parent
    assert next(db.query("select count(*) c from sections where parent_id is not null"))["c"] > 0


def test_extract_straight_to_sqlite_and_parquet(tmp_path: Path) -> None:
    db_path, parquet_path = tmp_path / "x.db", tmp_path / "x.parquet"
    for target, fmt in ((db_path, None), (parquet_path, "parquet")):
        args = ["extract", str(CORPUS), "-o", str(target), "-j", "2"]
        if fmt:
            args += ["--format", fmt]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert sqlite_utils.Database(db_path)["documents"].count == len(list(CORPUS.glob("*.txt")))
    table = pq.read_table(parquet_path)
    assert table.num_rows == len(list(CORPUS.glob("*.txt")))


def test_parquet_nested_types_read_back(tmp_path: Path) -> None:
    jsonl, records = _jsonl(tmp_path)
    target = tmp_path / "out.parquet"
    assert CliRunner().invoke(main, ["export", str(jsonl), "-o", str(target), "-q"]).exit_code == 0
    table = pq.read_table(target)
    assert str(table.schema.field("references").type).startswith("list<element: struct<kind")
    rows = table.to_pylist()
    assert [r["sha256"] for r in rows] == [r["sha256"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row["references"] == record["references"]
        assert row["schools"] == record["schools"]
        assert row["error"] == record["error"]
        flat = row["sections"]
        top = [s for s in flat if s["parent"] is None]
        assert len(top) == len(record["sections"])  # type: ignore[arg-type]
        assert [s["index"] for s in flat] == list(range(len(flat)))
