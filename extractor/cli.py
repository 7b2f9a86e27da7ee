"""Command-line interface: ``extractor extract``, ``export``, ``review``, ``schema``.

Exit status: 0 when every input was processed, 1 when some input gave an error record,
2 for a usage error (bad option, no input).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import click

from extractor import __version__
from extractor.bulk import STDIN, JsonlJournal, Outcome, RecordSink, Stats, expand_inputs
from extractor.decode import DEFAULT_MAX_BYTES
from extractor.schema import Document, json_schema

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
FORMATS = ("jsonl", "sqlite", "parquet")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def main() -> None:
    """Turn Vietnamese administrative texts into structured, offset-true JSON."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(writable=True),
    default=None,
    help="File to write (default: standard output); a directory with --engine dask.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from the -o suffix: .db/.sqlite → sqlite, "
    ".parquet → parquet, else jsonl).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Skip inputs already in OUT (same source and sha256) and append the rest.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Inputs larger than this get a 'too_large' error record.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress, no summary.")
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="local: a process pool here; dask: a dask.bag on a Dask cluster.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler address (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Inputs per output partition with --engine dask.",
)
def extract(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str | None,
    jobs: int | None,
    resume: bool,
    max_bytes: int,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    partition_size: int,
) -> None:
    """Extract every PATH: files (.txt, .pdf, .html), directories (searched recursively for
    those), globs ('corpus/**/*.pdf'), '-' for stdin.

    Writes one JSON line per input, failed or not, with `source` set to the path.
    """
    if fmt is None:
        from extractor.export import format_for_path

        fmt = format_for_path(output) if output and engine == "local" else "jsonl"
    jobs = jobs or os.cpu_count() or 1
    if engine == "dask":
        _extract_dask(paths, output, fmt, jobs, resume, max_bytes, quiet, scheduler, partition_size)
        return
    if scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    if fmt != "jsonl" and not output:
        raise click.UsageError(f"--format {fmt} needs -o OUT")
    if resume and fmt != "jsonl":
        raise click.UsageError(
            "--resume works with JSON Lines: extract to .jsonl, then `extractor export`"
        )
    if resume and not output:
        raise click.UsageError("--resume needs -o OUT")

    from extractor.bulk import iter_tasks, run_local

    stats = Stats()
    sink = JsonlJournal(output, resume=resume) if fmt == "jsonl" else RecordSink(output or "", fmt)
    stats.failed_before = sink.failed_before
    progress = _progress(quiet, lambda: sum(1 for _ in expand_inputs(paths)))
    tasks = iter_tasks(paths, max_bytes=max_bytes, done=sink.done, stats=stats)
    try:
        run_local(tasks, sink, jobs=jobs, stats=stats, on_result=progress.advance)
    except BaseException:
        progress.close()
        sink.abort()
        raise
    sink.close()
    progress.close()
    _finish(stats, quiet)


def _extract_dask(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    jobs: int,
    resume: bool,
    max_bytes: int,
    quiet: bool,
    scheduler: str | None,
    partition_size: int,
) -> None:
    if not output:
        raise click.UsageError("--engine dask needs -o DIRECTORY for the partitioned output")
    if fmt == "sqlite":
        raise click.UsageError("--engine dask writes jsonl or parquet partitions, not sqlite")
    if STDIN in paths:
        raise click.UsageError("--engine dask cannot read standard input")
    if os.path.isfile(output):
        raise click.UsageError(f"{output} is a file; --engine dask writes into a directory")
    from extractor.distributed import run_dask

    stats = Stats()

    def report(result: dict[str, Any]) -> None:
        if not quiet:
            click.echo(
                f"partition {result['index']:05d} done: {stats.documents} documents", err=True
            )

    run_dask(
        expand_inputs(paths),
        output,
        fmt=fmt,
        scheduler=scheduler,
        jobs=jobs,
        partition_size=partition_size,
        max_bytes=max_bytes,
        resume=resume,
        stats=stats,
        on_partition=report,
    )
    _finish(stats, quiet)


def _finish(stats: Stats, quiet: bool) -> None:
    if not quiet:
        click.echo(stats.summary(), err=True)
    sys.exit(EXIT_SOME_FAILED if stats.any_failed else EXIT_OK)


@main.command("export")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Default: from the -o suffix (.db/.sqlite → sqlite, .parquet → parquet).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
def export_command(source: str, output: str, fmt: str | None, quiet: bool) -> None:
    """Convert SOURCE (JSON Lines from `extractor extract`) to SQLite or Parquet.

    SQLite: tables documents, sections, references, reference_mentions, schools,
    school_mentions, with foreign keys, indexes and full-text search (`datasette out.db`).
    """
    from extractor.export import export_jsonl, format_for_path

    fmt = fmt or format_for_path(output)
    started = time.monotonic()
    try:
        count = export_jsonl(source, output, fmt)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{source}: not extractor JSON Lines ({exc})") from exc
    if not quiet:
        click.echo(
            f"{count} documents → {output} ({fmt}) in {time.monotonic() - started:.1f} s",
            err=True,
        )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default="review.html", show_default=True
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True
)
def review(file: str, output: str, max_bytes: int) -> None:
    """Write an HTML page showing what was found in FILE (references, schools, sections)."""
    from extractor.errors import ExtractorError
    from extractor.inputs import read_text
    from extractor.review import render_review

    try:
        text, document = read_text(file, max_bytes=max_bytes)
    except ExtractorError as exc:
        click.echo(f"{file}: {exc.code}: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(render_review(text, document))
    click.echo(
        f"{output}: {len(document.references)} references, {len(document.schools)} schools,"
        f" {len(document.sections)} top-level sections",
        err=True,
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- progress


class _NoProgress:
    def advance(self, result: Outcome) -> None:
        pass

    def close(self) -> None:
        pass


class _PlainProgress:
    """A line on stderr every ``every`` seconds: for logs, not terminals."""

    def __init__(self, every: float = 30.0) -> None:
        self._every = every
        self._stats = Stats()
        self._last = time.monotonic()

    def advance(self, result: Outcome) -> None:
        self._stats.add(result)
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            s = self._stats
            click.echo(
                f"{s.documents} documents, {s.failed} failed,"
                f" {s.bytes / 1e6 / max(s.elapsed, 1e-9):.2f} MB/s",
                err=True,
            )

    def close(self) -> None:
        pass


class _RichProgress:
    """documents / total, MB/s, errors, ETA — on a terminal."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._stats = Stats()
        self._progress = Progress(
            TextColumn("[bold]extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[mbps]:.2f} MB/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("extract", total=total, mbps=0.0, errors=0)
        self._progress.start()

    def advance(self, result: Outcome) -> None:
        self._stats.add(result)
        s = self._stats
        self._progress.update(
            self._task,
            advance=1,
            mbps=s.bytes / 1e6 / max(s.elapsed, 1e-9),
            errors=s.failed,
        )

    def close(self) -> None:
        self._progress.stop()


def _progress(quiet: bool, count: Any) -> _NoProgress | _PlainProgress | _RichProgress:
    if quiet:
        return _NoProgress()
    if sys.stderr.isatty():
        try:
            return _RichProgress(count())
        except ImportError:  # rich is the `progress` extra
            pass
    return _PlainProgress()


__all__ = ["Document", "main"]
