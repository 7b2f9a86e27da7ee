"""The same bulk work as a ``dask.bag`` on a Dask cluster (``extractor extract --engine dask``).

Inputs are cut into partitions of ``partition_size`` paths in input order; partition ``i``
is written by a worker as ``OUT/part-iiiii.jsonl`` (and ``OUT/parquet/part-iiiii.parquet``
with ``fmt="parquet"``: that folder reads as one Parquet dataset), each under a temporary
name renamed when complete. The client submits partitions in waves, so neither it nor the
scheduler ever holds the whole input list; with ``resume=True`` a partition whose file is
already there is not computed again (same inputs, same partition size). Workers must see
the input paths and ``OUT`` at the same paths as the client (a shared file system).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extractor.bulk import Outcome, Stats, Task, process_task

#: Partitions submitted per wave: enough to keep a large cluster busy, bounded for the client.
WAVE = 256


def partition_name(index: int) -> str:
    return f"part-{index:05d}"


def partitions(paths: Iterable[str], size: int) -> Iterator[tuple[int, list[str]]]:
    """``(index, paths)`` for consecutive slices of ``size`` inputs."""
    batch: list[str] = []
    index = 0
    for path in paths:
        batch.append(path)
        if len(batch) >= size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


def run_partition(spec: tuple[int, list[str], str, str, int, bool]) -> dict[str, Any]:
    """Extract one partition on a worker and write its files; returns its statistics."""
    index, paths, outdir, fmt, max_bytes, resume = spec
    base = os.path.join(outdir, partition_name(index))
    parquet_path = os.path.join(outdir, "parquet", partition_name(index) + ".parquet")
    targets = [base + ".jsonl"] + ([parquet_path] if fmt == "parquet" else [])
    if resume and all(os.path.exists(t) for t in targets):
        return {"index": index, "skipped": len(paths)}
    stats = Stats()
    parquet = None
    if fmt == "parquet":
        from extractor.export import ParquetWriter

        os.makedirs(os.path.dirname(parquet_path), exist_ok=True)
        parquet = ParquetWriter(parquet_path)
    import json

    part = base + ".jsonl.part"
    with open(part, "w", encoding="utf-8") as handle:
        for path in paths:
            result: Outcome = process_task(Task(path, max_bytes))
            handle.write(result.line + "\n")
            if parquet is not None:
                parquet.add(json.loads(result.line))
            stats.add(result)
    if parquet is not None:
        parquet.close()
    os.replace(part, base + ".jsonl")
    return {
        "index": index,
        "skipped": 0,
        "codes": dict(stats.codes),
        "references": stats.references,
        "schools": stats.schools,
        "sections": stats.sections,
        "bytes": stats.bytes,
    }


def run_dask(
    paths: Iterable[str],
    outdir: str,
    *,
    fmt: str = "jsonl",
    scheduler: str | None = None,
    jobs: int | None = None,
    partition_size: int = 1000,
    max_bytes: int,
    resume: bool = False,
    stats: Stats | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
) -> Stats:
    """Run the extraction as dask.bag waves on ``scheduler`` (or a local cluster of ``jobs``
    single-threaded worker processes when none is given)."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    stats = stats or Stats()
    os.makedirs(outdir, exist_ok=True)
    cluster = None
    if scheduler:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=jobs or os.cpu_count() or 1,
            threads_per_worker=1,
            dashboard_address=None,
            worker_dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
            host="127.0.0.1",
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        wave: list[tuple[int, list[str], str, str, int, bool]] = []

        def flush() -> None:
            bag = db.from_sequence(wave, npartitions=len(wave))  # type: ignore[no-untyped-call]
            for result in bag.map(run_partition).compute():
                _merge(stats, result)
                if on_partition is not None:
                    on_partition(result)
            wave.clear()

        for index, batch in partitions(paths, partition_size):
            wave.append((index, batch, os.path.abspath(outdir), fmt, max_bytes, resume))
            if len(wave) >= WAVE:
                flush()
        if wave:
            flush()
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
    return stats


def _merge(stats: Stats, result: dict[str, Any]) -> None:
    stats.skipped += int(result.get("skipped", 0))
    for code, n in (result.get("codes") or {}).items():
        stats.codes[code] += n
    stats.references += int(result.get("references", 0))
    stats.schools += int(result.get("schools", 0))
    stats.sections += int(result.get("sections", 0))
    stats.bytes += int(result.get("bytes", 0))


__all__ = ["partition_name", "partitions", "run_dask", "run_partition"]
