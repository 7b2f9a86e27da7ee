"""Speed and memory, measured side by side in one run: ``python scripts/bench.py``.

On the same files (the corpus files repeated to ``--mb`` megabytes) it times

* the full pipeline (``extractor.extract_file`` on each file: read, decode, extract), one
  process;
* a floor pass: read the file, decode UTF-8, compose NFC — what any tool must do;
* the pipeline over two worker processes (``--jobs 2`` of the CLI);
* underthesea's ``word_tokenize`` and ``ner`` on a sample of the same text;

and reports MB/s, documents/s and the ratios (each time the best of ``--repeats`` runs, as
other load on the machine only ever adds time), the peak RSS of a child process that streams
1x and 10x the input, and the time of ``import extractor``. Targets (one core): the pipeline
at least 2 MB/s, 200x underthesea's NER, within 50x of the floor pass; two jobs 1.8x one;
peak memory flat as input grows; import under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from multiprocessing.pool import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "docs"
MB = 1_000_000


def corpus_paths(target_bytes: int) -> list[Path]:
    """The corpus files, repeated in order until they add up to ``target_bytes``."""
    base = sorted(CORPUS.glob("*.txt"))
    paths: list[Path] = []
    total = 0
    while total < target_bytes:
        for path in base:
            paths.append(path)
            total += path.stat().st_size
    return paths


def corpus_documents(target_bytes: int) -> list[bytes]:
    """The bytes of :func:`corpus_paths`."""
    return [path.read_bytes() for path in corpus_paths(target_bytes)]


def timed(work: Callable[[], object], repeats: int = 1) -> float:
    """The shortest of ``repeats`` wall-clock timings of ``work()``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def floor_pass(paths: list[Path]) -> None:
    for path in paths:
        unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))


def pipeline(paths: list[Path]) -> None:
    import extractor

    for path in paths:
        extractor.extract_file(path)


def stage_rates(docs: list[bytes], repeats: int) -> dict[str, float]:
    """MB/s of each pipeline stage alone, on the base corpus (where the time goes)."""
    from extractor.decode import decode_bytes
    from extractor.metadata import extract_metadata
    from extractor.normalize import normalize
    from extractor.references import extract_references
    from extractor.schools import extract_schools
    from extractor.sections import extract_sections

    texts = [decode_bytes(doc).text for doc in docs]
    views = [normalize(text) for text in texts]
    stages: dict[str, Callable[[], object]] = {
        "decode": lambda: [decode_bytes(doc) for doc in docs],
        "normalize": lambda: [normalize(text) for text in texts],
        "sections": lambda: [extract_sections(view, []) for view in views],
        "references": lambda: [extract_references(view, []) for view in views],
        "schools": lambda: [extract_schools(view) for view in views],
        "metadata": lambda: [extract_metadata(view, []) for view in views],
    }
    size = sum(map(len, docs)) / MB
    return {name: size / timed(work, repeats) for name, work in stages.items()}


def _count_references(path: Path) -> int:
    import extractor

    return len(extractor.extract_file(path).references)


def pipeline_jobs_seconds(paths: list[Path], jobs: int, repeats: int) -> float:
    """Best time of the pipeline over ``jobs`` worker processes, once they are warm: one
    pool serves every run, so the first run pays the workers' start-up (as the one-process
    measure does not) and the best of the others is kept."""

    def run(pool: Pool) -> None:
        for _ in pool.imap_unordered(_count_references, paths, chunksize=4):
            pass

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        return timed(partial(run, pool), repeats + 1)


def underthesea_rate(docs: list[bytes], sample_bytes: int, repeats: int) -> dict[str, float]:
    """MB/s of underthesea's word_tokenize and ner on the first ``sample_bytes`` of text."""
    from underthesea import ner, word_tokenize

    sentences = []
    size = 0
    for doc in docs:
        for line in doc.decode("utf-8").splitlines():
            if line.strip():
                sentences.append(line)
                size += len(line.encode("utf-8"))
            if size >= sample_bytes:
                break
        if size >= sample_bytes:
            break
    word_tokenize(sentences[0])  # load the models outside the timing
    ner(sentences[0])
    rates = {}
    for name, function in (("word_tokenize", word_tokenize), ("ner", ner)):
        seconds = timed(partial(_apply_each, function, sentences), repeats)
        rates[name] = size / MB / seconds
    return rates


def _apply_each(function: Callable[[str], object], sentences: list[str]) -> None:
    for sentence in sentences:
        function(sentence)


def streaming_peak_rss(megabytes: float) -> float:
    """Peak RSS (MB) of a child that reads documents one at a time (constant memory)."""
    code = (
        "import resource, sys, itertools; sys.path.insert(0, sys.argv[2]);"
        "import extractor; from bench import CORPUS;"
        "paths = sorted(CORPUS.glob('*.txt')); total = 0; limit = float(sys.argv[1]) * 1e6;"
        "it = itertools.cycle(paths)\n"
        "while total < limit:\n"
        "    data = next(it).read_bytes(); extractor.extract(data); total += len(data)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(megabytes), str(ROOT / "scripts")],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip()) / 1024


def import_time(repeats: int = 5) -> float:
    def run(code: str) -> float:
        return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))

    base = statistics.median(run("pass") for _ in range(repeats))
    full = statistics.median(run("import extractor") for _ in range(repeats))
    return full - base


def rows(results: dict[str, float]) -> Iterator[str]:
    yield f"{'measure':38s} {'value':>10s}  target"
    for name, value, target in (
        ("pipeline MB/s (1 process)", results["pipeline_mbps"], ">= 2"),
        ("pipeline documents/s", results["pipeline_docs_per_s"], ""),
        ("floor pass MB/s (read + decode + NFC)", results["floor_mbps"], ""),
        ("floor / pipeline time ratio", results["floor_ratio"], "<= 50"),
        ("underthesea word_tokenize MB/s", results["word_tokenize_mbps"], ""),
        ("underthesea ner MB/s", results["ner_mbps"], ""),
        ("pipeline / underthesea ner speed", results["ner_ratio"], ">= 200"),
        ("pipeline / word_tokenize speed", results["word_tokenize_ratio"], ""),
        ("--jobs 2 speed-up over 1 job", results["jobs2_speedup"], ">= 1.8"),
        (f"peak RSS MB at 1x ({results['rss_small_mb']:.0f} MB in)", results["rss_1x"], ""),
        (f"peak RSS MB at 10x ({results['rss_large_mb']:.0f} MB in)", results["rss_10x"], "flat"),
        ("import extractor (s)", results["import_s"], "< 0.3"),
    ):
        yield f"{name:38s} {value:10.2f}  {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the repeated corpus")
    parser.add_argument("--sample-kb", type=float, default=200.0, help="underthesea sample")
    parser.add_argument("--rss-mb", type=float, default=2.0, help="1x input of the RSS check")
    parser.add_argument("--repeats", type=int, default=3, help="timings to take the best of")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    paths = corpus_paths(int(args.mb * MB))
    size = sum(path.stat().st_size for path in paths) / MB
    import extractor  # noqa: F401 - warm the caches before timing

    pipeline(paths[:11])
    floor_s = timed(lambda: floor_pass(paths), args.repeats)
    pipeline_s = timed(lambda: pipeline(paths), args.repeats)
    jobs2_s = pipeline_jobs_seconds(paths, 2, args.repeats)
    nlp = underthesea_rate(corpus_documents(1), int(args.sample_kb * 1000), args.repeats)
    stages = stage_rates(corpus_documents(1), max(args.repeats, 5))  # one pass of the corpus
    pipeline_mbps = size / pipeline_s
    results = {
        "input_mb": size,
        "documents": float(len(paths)),
        "pipeline_mbps": pipeline_mbps,
        "pipeline_docs_per_s": len(paths) / pipeline_s,
        "floor_mbps": size / floor_s,
        "floor_ratio": pipeline_s / floor_s,
        "word_tokenize_mbps": nlp["word_tokenize"],
        "ner_mbps": nlp["ner"],
        "ner_ratio": pipeline_mbps / nlp["ner"],
        "word_tokenize_ratio": pipeline_mbps / nlp["word_tokenize"],
        "jobs2_speedup": pipeline_s / jobs2_s,
        "rss_small_mb": args.rss_mb,
        "rss_large_mb": args.rss_mb * 10,
        "rss_1x": streaming_peak_rss(args.rss_mb),
        "rss_10x": streaming_peak_rss(args.rss_mb * 10),
        "import_s": import_time(),
    }
    results.update({f"stage_{name}_mbps": rate for name, rate in stages.items()})
    print(
        f"input: {size:.1f} MB in {len(paths)} documents; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    for row in rows(results):
        print(row)
    print("stage MB/s (each alone): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
