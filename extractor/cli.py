"""Command-line interface: ``extractor extract``, ``extractor schema``.

Exit status: 0 when every input was processed, 1 when some input gave an error record,
2 for a usage error (bad option, no input).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from extractor import __version__
from extractor.decode import DEFAULT_MAX_BYTES
from extractor.pipeline import extract_or_error, extract_path_or_error
from extractor.schema import Document, json_schema

EXIT_OK = 0
EXIT_SOME_FAILED = 1
STDIN = "-"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def main() -> None:
    """Turn Vietnamese administrative texts into structured, offset-true JSON."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="JSON Lines file to write (default: standard output).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Inputs larger than this get a 'too_large' error record.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
def extract(paths: tuple[str, ...], output: str | None, max_bytes: int, quiet: bool) -> None:
    """Extract every PATH (files, directories searched for *.txt, '-' for stdin).

    Writes one JSON line per input, failed or not, with `source` set to the path.
    """
    counts: Counter[str] = Counter()
    references = 0
    with _output_stream(output) as sink:
        for source in _expand(paths):
            if source == STDIN:
                document = extract_or_error(
                    sys.stdin.buffer.read(), source=STDIN, max_bytes=max_bytes
                )
            else:
                document = extract_path_or_error(source, max_bytes=max_bytes)
            sink.write(document.to_json_line() + "\n")
            counts[document.error.code if document.error else "ok"] += 1
            references += len(document.references)
    failed = sum(n for code, n in counts.items() if code != "ok")
    if not quiet:
        detail = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()) if code != "ok")
        click.echo(
            f"{sum(counts.values())} documents, {failed} failed"
            + (f" ({detail})" if detail else "")
            + f", {references} references",
            err=True,
        )
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _expand(paths: tuple[str, ...]) -> Iterator[str]:
    """Inputs in order: files as given, directories as their *.txt files, sorted."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found = sorted(str(p) for p in Path(path).rglob("*") if p.suffix.lower() == ".txt")
            yield from found
        else:
            yield path


class _output_stream:
    """Standard output, or a file written under a temporary name and renamed when complete."""

    def __init__(self, output: str | None) -> None:
        self._output = output
        self._temporary = f"{output}.part" if output else None

    def __enter__(self) -> _Writer:
        if self._temporary is None:
            return _Writer(sys.stdout)
        self._handle = open(self._temporary, "w", encoding="utf-8")
        return _Writer(self._handle)

    def __exit__(self, *exc_info: object) -> None:
        if self._temporary is None or self._output is None:
            sys.stdout.flush()
            return
        self._handle.close()
        os.replace(self._temporary, self._output)


class _Writer:
    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, line: str) -> None:
        self._stream.write(line)  # type: ignore[attr-defined]


__all__ = ["Document", "main"]
