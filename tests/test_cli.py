"""The command line: inputs, one record per input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from extractor.cli import main

GOOD = "Căn cứ Kế hoạch số 137/KH-UBND ngày 24/7/2019 của UBND tỉnh."


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_directory_and_files_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    (folder / "ignored.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = _records(out)
    assert [Path(str(r["source"])).name for r in records] == ["a.txt", "b.txt"]
    assert all(r["error"] is None for r in records)
    assert "2 documents, 0 failed" in result.stderr


def test_failed_inputs_give_error_records_and_exit_1(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    args = ["extract", str(empty), str(good), str(binary), str(missing), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    records = _records(out)
    codes = [r["error"] and r["error"]["code"] for r in records]  # type: ignore[index]
    assert codes == ["empty", None, "not_text", "unreadable"]
    assert [r["source"] for r in records] == [str(empty), str(good), str(binary), str(missing)]
    assert records[1]["references"]


def test_stdin_and_stdout() -> None:
    result = CliRunner().invoke(main, ["extract", "-", "--quiet"], input=GOOD.encode())
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source"] == "-"
    assert record["references"][0]["canonical"] == "137/KH-UBND"


def test_max_bytes_gives_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 10, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(big), "--max-bytes", "100", "--quiet"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "too_large"


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["extract"]).exit_code == 2
    assert CliRunner().invoke(main, ["extract", "x.txt", "--max-bytes", "0"]).exit_code == 2
    assert CliRunner().invoke(main, ["nonsense"]).exit_code == 2


def test_schema_command_prints_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Document"
