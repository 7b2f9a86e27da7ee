"""Bulk extraction: input expansion, a process pool, streaming output, resume, statistics.

Memory stays constant however many inputs there are: inputs are expanded lazily (a sorted
walk, one directory listing at a time), at most ``jobs * WINDOW`` chunks of inputs are in
flight, every result is written as soon as it is the next one in input order, and no
Document outlives its line.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import IO, NamedTuple

from extractor.inputs import INPUT_SUFFIXES, extract_any_or_error, extract_bytes_or_error
from extractor.pipeline import error_document
from extractor.schema import Document, Section

STDIN = "-"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CHUNK = 8
WINDOW = 4
_GLOB_CHARS = frozenset("*?[")


# --------------------------------------------------------------------------- inputs


def expand_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Inputs in order: ``-`` and files as given, directories as their inputs, globs expanded.

    A directory yields its ``*.txt``, ``*.pdf``, ``*.html`` and ``*.htm`` files recursively,
    in a sorted walk (entries sorted by name at each level, symlinked directories not
    followed). A glob (``*``, ``?``, ``[``; ``**`` recursive) yields its matches sorted; a glob
    matching nothing is yielded as given, so it gets an ``unreadable`` record.
    """
    for path in paths:
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif _GLOB_CHARS & set(path) and not os.path.exists(path):
            matches = sorted(glob.iglob(path, recursive=True))
            if not matches:
                yield path
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield match
        else:
            yield path


def _walk(directory: str) -> Iterator[str]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif Path(entry.name).suffix.lower() in INPUT_SUFFIXES and entry.is_file():
            yield entry.path


# --------------------------------------------------------------------------- work


class Outcome(NamedTuple):
    """What a worker sends back for one input: its JSON line and what the summary counts."""

    line: str
    code: str
    references: int
    schools: int
    sections: int
    size: int


class Task(NamedTuple):
    source: str
    max_bytes: int
    data: bytes | None = None  # stdin, read by the parent


def count_sections(sections: Iterable[Section]) -> int:
    return sum(1 + count_sections(s.children) for s in sections)


def outcome(document: Document, size: int) -> Outcome:
    return Outcome(
        line=document.to_json_line(),
        code=document.error.code if document.error else "ok",
        references=len(document.references),
        schools=len(document.schools),
        sections=count_sections(document.sections),
        size=size,
    )


def process_task(task: Task) -> Outcome:
    """Extract one input; never raises (a failure is an error record)."""
    try:
        if task.data is not None:
            document = extract_bytes_or_error(
                task.data, source=task.source, max_bytes=task.max_bytes
            )
            return outcome(document, len(task.data))
        document = extract_any_or_error(task.source, max_bytes=task.max_bytes)
        try:
            size = os.path.getsize(task.source)
        except OSError:
            size = 0
        return outcome(document, size)
    except Exception as exc:  # a bug in a stage: still one record for the input
        return outcome(error_document(exc, source=task.source), 0)


def process_chunk(tasks: list[Task]) -> list[Outcome]:
    return [process_task(task) for task in tasks]


# --------------------------------------------------------------------------- statistics


@dataclass
class Stats:
    """What the summary line reports."""

    codes: Counter[str] = field(default_factory=Counter)
    references: int = 0
    schools: int = 0
    sections: int = 0
    bytes: int = 0
    skipped: int = 0
    failed_before: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def add(self, result: Outcome) -> None:
        self.codes[result.code] += 1
        self.references += result.references
        self.schools += result.schools
        self.sections += result.sections
        self.bytes += result.size

    @property
    def documents(self) -> int:
        return sum(self.codes.values())

    @property
    def failed(self) -> int:
        return sum(n for code, n in self.codes.items() if code != "ok")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        detail = ", ".join(f"{c}: {n}" for c, n in sorted(self.codes.items()) if c != "ok")
        text = (
            f"{self.documents} documents, {self.failed} failed"
            + (f" ({detail})" if detail else "")
            + f", {self.references} references, {self.schools} schools,"
            f" {self.sections} sections in {self.elapsed:.1f} s"
        )
        if self.skipped:
            text += f"; {self.skipped} inputs already done, skipped"
        if self.failed_before:
            before = ", ".join(f"{c}: {n}" for c, n in sorted(self.failed_before.items()))
            text += f" ({sum(self.failed_before.values())} failed earlier: {before})"
        return text

    @property
    def any_failed(self) -> bool:
        """Whether the output holds an error record, from this run or a resumed one."""
        return bool(self.failed or self.failed_before)


# --------------------------------------------------------------------------- resume


def load_done(path: str, failed: Counter[str] | None = None) -> dict[str, str]:
    """``{source: sha256}`` of the records in a JSON Lines file, truncating a torn last line.

    A line is torn when the file does not end with a newline after it, or when it is not a
    JSON object (a kill in the middle of a write); the file is cut back to the last whole line.
    Error records are counted by code into ``failed`` when given.
    """
    done: dict[str, str] = {}
    good_end = 0
    with open(path, "rb+") as handle:
        for raw in handle:
            try:
                if not raw.endswith(b"\n"):
                    raise ValueError("no newline")
                record = json.loads(raw)
                done[str(record["source"])] = str(record["sha256"])
                if failed is not None and record.get("error"):
                    failed[str(record["error"].get("code"))] += 1
            except (ValueError, KeyError, TypeError):
                break
            good_end += len(raw)
        handle.seek(0, os.SEEK_END)
        if handle.tell() != good_end:
            handle.truncate(good_end)
    return done


def already_done(source: str, done: dict[str, str], max_bytes: int) -> bool:
    """Whether ``source`` has a record for its current content in the resumed output.

    A record whose sha256 is that of no bytes (an error found before reading the file: missing,
    too large, empty) counts as done without hashing the file again.
    """
    recorded = done.get(source)
    if recorded is None:
        return False
    if recorded == EMPTY_SHA256 or source == STDIN:
        return True
    try:
        if os.path.getsize(source) > max_bytes:
            return False
        digest = hashlib.sha256()
        with open(source, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return True
    return digest.hexdigest() == recorded


# --------------------------------------------------------------------------- sinks


class JsonlJournal:
    """JSON Lines to ``OUT.part``, whole lines flushed per chunk, renamed to ``OUT`` at the end.

    Killed midway, ``OUT.part`` holds whole lines (at worst a torn last one): ``resume=True``
    continues it (or a finished ``OUT``) instead of starting over.
    """

    def __init__(self, output: str | None, *, resume: bool = False) -> None:
        self.output = output
        self.done: dict[str, str] = {}
        self.failed_before: Counter[str] = Counter()
        self._handle: IO[str]
        if output is None:
            self._handle = sys.stdout
            self._part = None
            return
        self._part = output + ".part"
        if resume and not os.path.exists(self._part) and os.path.exists(output):
            os.replace(output, self._part)
        if resume and os.path.exists(self._part):
            self.done = load_done(self._part, self.failed_before)
            self._handle = open(self._part, "a", encoding="utf-8")  # noqa: SIM115
        else:
            self._handle = open(self._part, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, line: str) -> None:
        self._handle.write(line + "\n")

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        self._handle.flush()
        if self._part is not None and self.output is not None:
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self._part, self.output)

    def abort(self) -> None:
        """Stop, keeping whole lines in ``OUT.part`` for ``--resume``."""
        self._handle.flush()
        if self._part is not None:
            self._handle.close()


class RecordSink:
    """SQLite or Parquet export fed with JSON lines."""

    def __init__(self, output: str, fmt: str) -> None:
        from extractor.export import open_writer

        self.done: dict[str, str] = {}
        self.failed_before: Counter[str] = Counter()
        self._writer = open_writer(output, fmt)

    def write(self, line: str) -> None:
        self._writer.add(json.loads(line))

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._writer.close()

    def abort(self) -> None:
        self._writer.abort()


Sink = JsonlJournal | RecordSink


# --------------------------------------------------------------------------- the run


def iter_tasks(
    paths: Iterable[str],
    *,
    max_bytes: int,
    done: dict[str, str],
    stats: Stats,
    stdin: Callable[[], bytes] | None = None,
) -> Iterator[Task]:
    """Tasks for every input not already done; stdin is read here, in the parent."""
    for source in expand_inputs(paths):
        if done and already_done(source, done, max_bytes):
            stats.skipped += 1
            continue
        if source == STDIN:
            data = stdin() if stdin else sys.stdin.buffer.read()
            yield Task(source, max_bytes, data)
        else:
            yield Task(source, max_bytes)


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(
    tasks: Iterable[Task],
    sink: Sink,
    *,
    jobs: int,
    stats: Stats,
    on_result: Callable[[Outcome], None] | None = None,
    chunk_size: int = CHUNK,
) -> None:
    """Process ``tasks`` on ``jobs`` processes (in this one when ``jobs == 1``), in order."""

    def emit(results: list[Outcome]) -> None:
        for result in results:
            sink.write(result.line)
            stats.add(result)
            if on_result is not None:
                on_result(result)
        sink.flush()

    if jobs <= 1:
        for chunk in _chunks(tasks, chunk_size):
            emit(process_chunk(chunk))
        return
    pool = _new_pool(jobs)
    pending: deque[tuple[list[Task], Future[list[Outcome]]]] = deque()
    try:
        for chunk in _chunks(tasks, chunk_size):
            pending.append((chunk, pool.submit(process_chunk, chunk)))
            while len(pending) >= jobs * WINDOW:
                pool = _drain_one(pending, pool, jobs, emit)
        while pending:
            pool = _drain_one(pending, pool, jobs, emit)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    if sys.platform == "win32":
        return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))
    context = get_context("forkserver")
    context.set_forkserver_preload(["extractor._prefork"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _drain_one(
    pending: deque[tuple[list[Task], Future[list[Outcome]]]],
    pool: ProcessPoolExecutor,
    jobs: int,
    emit: Callable[[list[Outcome]], None],
) -> ProcessPoolExecutor:
    """Write the oldest chunk's results; rebuild the pool if a worker died (a crash in a PDF
    library, the OOM killer), giving the input that kills a worker an ``internal`` record."""
    chunk, future = pending[0]
    try:
        results = future.result()
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        pool = _new_pool(jobs)
        results = []
        for task in chunk:
            try:
                results.append(pool.submit(process_task, task).result())
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(jobs)
                crash = RuntimeError("the worker process died on this input")
                results.append(outcome(error_document(crash, source=task.source), 0))
        # Everything else in flight went down with the old pool: submit it again.
        for index in range(1, len(pending)):
            again = pending[index][0]
            pending[index] = (again, pool.submit(process_chunk, again))
    pending.popleft()
    emit(results)
    return pool


__all__ = [
    "STDIN",
    "JsonlJournal",
    "Outcome",
    "RecordSink",
    "Stats",
    "Task",
    "already_done",
    "expand_inputs",
    "iter_tasks",
    "load_done",
    "process_task",
    "run_local",
]
