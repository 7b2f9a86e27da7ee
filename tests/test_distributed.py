"""--engine dask on a real (loopback, in-process) Dask LocalCluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "docs"
GOOD = "Căn cứ Kế hoạch số {n}/KH-UBND ngày 24/7/2019 của UBND tỉnh.\n"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(
        n_workers=1,
        processes=False,
        threads_per_worker=2,
        dashboard_address=None,
        protocol="tcp",
        host="127.0.0.1",
        worker_dashboard_address=None,
        scheduler_kwargs={"dashboard": False},
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


def _inputs(folder: Path) -> list[str]:
    folder.mkdir()
    for n in range(12):
        (folder / f"gen{n:02d}.txt").write_text(GOOD.format(n=n + 1), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    return sorted(str(p) for p in folder.iterdir())


def test_dask_engine_partitioned_jsonl_and_parquet(tmp_path: Path, scheduler: str) -> None:
    inputs = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    args = [
        "extract",
        str(tmp_path / "in"),
        "-o",
        str(out),
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
        "--partition-size",
        "5",
        "--format",
        "parquet",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # the empty file
    assert f"{len(inputs)} documents, 1 failed (empty: 1)" in result.stderr
    assert sorted(p.name for p in out.glob("*.jsonl")) == [f"part-{i:05d}.jsonl" for i in range(4)]
    parquet = sorted(p.name for p in (out / "parquet").iterdir())
    assert parquet == [f"part-{i:05d}.parquet" for i in range(4)]
    records = [
        json.loads(line)
        for p in sorted(out.glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
    ]
    assert [r["source"] for r in records] == inputs  # input order kept across partitions
    table = pq.read_table(out / "parquet")  # the folder reads as one dataset
    assert table.num_rows == len(inputs)
    # same records as the local engine
    local = tmp_path / "local.jsonl"
    CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "-o", str(local), "-j", "1"])
    assert local.read_text(encoding="utf-8").splitlines() == [
        line
        for p in sorted(out.glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
    ]
    # resume: finished partitions are not computed again
    (out / "part-00002.jsonl").unlink()
    before = (out / "part-00001.jsonl").stat().st_mtime_ns
    again = CliRunner().invoke(main, [*args, "--resume"])
    assert "11 inputs already done, skipped" in again.stderr
    assert (out / "part-00002.jsonl").exists()
    assert (out / "part-00001.jsonl").stat().st_mtime_ns == before


def test_dask_engine_usage_errors(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["extract", "x.txt", "--engine", "dask"]).exit_code == 2
    args = ["extract", "-", "--engine", "dask", "-o", str(tmp_path / "o")]
    assert CliRunner().invoke(main, args).exit_code == 2
    args = ["extract", "x.txt", "--engine", "dask", "-o", str(tmp_path / "o"), "--format", "sqlite"]
    assert CliRunner().invoke(main, args).exit_code == 2
    assert CliRunner().invoke(main, ["extract", "x.txt", "--scheduler", "tcp://x:1"]).exit_code == 2
