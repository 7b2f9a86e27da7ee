"""Bulk runs: a process pool, one record per input, resume after a kill, the summary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from extractor.bulk import load_done
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "docs"
GOOD = "Căn cứ Kế hoạch số {n}/KH-UBND ngày 24/7/2019 của UBND tỉnh; Trường THPT Lạc Thủy C.\n"


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _batch(folder: Path, tiny: int) -> list[str]:
    """``tiny`` generated documents, the corpus, and some bad files; returns sorted inputs."""
    (folder / "gen").mkdir(parents=True)
    for n in range(tiny):
        sub = folder / "gen" / f"{n % 20:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(GOOD.format(n=n + 1), encoding="utf-8")
    shutil.copytree(CORPUS, folder / "corpus")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


def test_parallel_equals_serial_and_summary(tmp_path: Path) -> None:
    inputs = _batch(tmp_path / "in", 40)
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    one = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(serial), "-j", "1"])
    two = CliRunner().invoke(
        main, ["extract", str(tmp_path / "in"), "-o", str(parallel), "-j", "2"]
    )
    assert one.exit_code == two.exit_code == 1
    assert serial.read_text(encoding="utf-8") == parallel.read_text(encoding="utf-8")
    records = _records(parallel)
    assert sorted(str(r["source"]) for r in records) == inputs
    summary = two.stderr.strip().splitlines()[-1]
    assert summary.startswith(
        f"{len(inputs)} documents, 3 failed (decode: 1, empty: 1, not_text: 1)"
    )
    assert "references" in summary and "schools" in summary and "sections in" in summary
    assert not (tmp_path / "parallel.jsonl.part").exists()


def test_resume_truncates_torn_line_and_skips_done(tmp_path: Path) -> None:
    inputs = _batch(tmp_path / "in", 10)
    out = tmp_path / "out.jsonl"
    full = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(out), "-j", "1"])
    assert full.exit_code == 1
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # as if killed while writing the 6th line
    part = tmp_path / "out.jsonl.part"
    part.write_text("".join(lines[:5]) + lines[5][:40], encoding="utf-8")
    out.unlink()
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path / "in"), "-o", str(out), "--resume", "-j", "2"]
    )
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8") == "".join(lines)
    assert f"{len(inputs) - 5} documents" in result.stderr
    assert "5 inputs already done, skipped" in result.stderr
    # a finished output: nothing left to do, the file stays as it was
    again = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(out), "--resume"])
    assert again.exit_code == 1  # the output still holds error records
    assert again.stderr.startswith("0 documents")
    assert out.read_text(encoding="utf-8") == "".join(lines)


def test_resume_reprocesses_changed_file(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD.format(n=1), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(main, ["extract", str(doc), "-o", str(out), "-q"]).exit_code == 0
    doc.write_text(GOOD.format(n=2), encoding="utf-8")
    assert (
        CliRunner().invoke(main, ["extract", str(doc), "-o", str(out), "--resume", "-q"]).exit_code
        == 0
    )
    assert [r["references"][0]["canonical"] for r in _records(out)] == [  # type: ignore[index]
        "1/KH-UBND",
        "2/KH-UBND",
    ]


def test_load_done_tolerates_garbage_last_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"source": "a", "sha256": "1"}\n{"source": "b", "sha256": "2"}\n{"sour\n')
    assert load_done(str(path)) == {"a": "1", "b": "2"}
    assert path.read_bytes().endswith(b'"2"}\n')


def test_resume_needs_jsonl_and_output() -> None:
    assert CliRunner().invoke(main, ["extract", "x.txt", "--resume"]).exit_code == 2
    args = ["extract", "x.txt", "--resume", "-o", "x.db"]
    assert CliRunner().invoke(main, args).exit_code == 2


def test_killed_batch_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    """2,000 generated documents + the corpus + bad files, killed midway, then resumed."""
    inputs = _batch(tmp_path / "in", 2000)
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    command = [sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--jobs", "2", "--quiet"], start_new_session=True, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if part.exists() and part.stat().st_size > 0 and part.read_bytes().count(b"\n") >= 300:
                break
            time.sleep(0.05)
        assert process.poll() is None, "finished before it could be killed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its worker processes
        process.wait()
    written = part.read_bytes().count(b"\n")
    assert 300 <= written < len(inputs)
    assert not out.exists()
    resumed = subprocess.run(
        [*command, "--jobs", "2", "--resume"], capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 1, resumed.stderr
    assert "inputs already done, skipped" in resumed.stderr
    records = _records(out)
    keys = [(str(r["source"]), str(r["sha256"])) for r in records]
    assert len(records) == len(inputs)
    assert len(set(keys)) == len(keys)
    assert sorted(source for source, _ in keys) == inputs
    assert sum(1 for r in records if r["error"]) == 3
