"""Peak memory of a bulk run at two batch sizes: it must not grow with the number of documents.

    .venv/bin/python scripts/bulk_memory.py [--small 500] [--large 5000] [--jobs 2]

Generates documents (tiny ones plus the corpus, repeated) into a temporary folder, runs
``extractor extract DIR -o OUT --jobs N --quiet`` for each size, and reports the peak RSS of
the CLI process and its workers as the largest single process (``ru_maxrss`` of all reaped
descendants, measured with ``resource.getrusage`` in a wrapper process per run). Exits 1
when the peak grows by more than half.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "docs"
GOOD = "Căn cứ Kế hoạch số {n}/KH-UBND ngày 24/7/2019 của UBND tỉnh; Trường THPT Lạc Thủy C.\n"
WRAPPER = """
import resource, subprocess, sys, json
code = subprocess.call(sys.argv[1:])
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "children_max_rss_kb": kids_kb}))
"""


def make_batch(folder: Path, count: int) -> None:
    corpus = sorted(CORPUS.glob("*.txt"))
    for n in range(count):
        sub = folder / f"{n // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        if n % 10 == 0:  # one in ten is a real corpus document (5-50 KB)
            shutil.copyfile(corpus[(n // 10) % len(corpus)], sub / f"{n:07d}.txt")
        else:
            (sub / f"{n:07d}.txt").write_text(GOOD.format(n=n + 1), encoding="utf-8")


def measure(count: int, jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        make_batch(folder, count)
        out = Path(tmp) / "out.jsonl"
        started = time.monotonic()
        command = [
            sys.executable,
            "-m",
            "extractor",
            "extract",
            str(folder),
            "-o",
            str(out),
            "--jobs",
            str(jobs),
            "--quiet",
        ]
        # The wrapper's RUSAGE_CHILDREN max RSS: the largest single process among the CLI,
        # its fork server and its workers (all reaped descendants).
        report = subprocess.run(
            [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
        )
        elapsed = time.monotonic() - started
        result = json.loads(report.stdout.strip().splitlines()[-1])
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        assert lines == count, (lines, count)
        return {
            "documents": count,
            "seconds": round(elapsed, 1),
            "peak_rss_mb": round(result["children_max_rss_kb"] / 1024, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    small = measure(args.small, args.jobs)
    large = measure(args.large, args.jobs)
    for row in (small, large):
        print(
            f"{row['documents']:>8} documents  {row['seconds']:>6.1f} s"
            f"  peak RSS {row['peak_rss_mb']:>6.1f} MB"
        )
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]
    print(f"peak RSS x{growth:.2f} for x{args.large / args.small:.0f} documents")
    sys.exit(0 if growth < 1.5 else 1)


if __name__ == "__main__":
    main()
