"""Exports of JSON Lines records: SQLite (sqlite-utils, for Datasette) and Parquet (pyarrow).

Both writers stream: records are added one at a time and written in batches, so memory does
not grow with the number of documents. Both write ``OUT.part`` and rename it to ``OUT`` when
closed, so a reader never sees half a file.

SQLite tables (``datasette out.db`` browses them): ``documents`` (one row per record, the
signer flattened to ``signer_*``, lists as JSON text, ``error_code``/``error_message``),
``sections`` (the outline flattened, ``parent_id`` pointing at the enclosing section),
``references`` and ``reference_mentions``, ``schools`` and ``school_mentions``; foreign keys
and indexes on every link, full-text search on ``documents.title``/``clean_text``,
``references.canonical``/``name`` and ``schools.name``/``aliases``.

Parquet: one row per record with nested types (``references`` is a list of structs whose
``mentions`` is a list of structs, and so on). Arrow has no recursive types, so ``sections``
is the outline flattened in document order, each section with its ``index`` in that list
and the ``parent`` index (null at the top level).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any]

FORMATS = ("jsonl", "sqlite", "parquet")
_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def format_for_path(path: str) -> str:
    """The export format a file name asks for: ``sqlite``, ``parquet`` or ``jsonl``."""
    suffix = Path(path).suffix.lower()
    if suffix in _SQLITE_SUFFIXES:
        return "sqlite"
    if suffix == ".parquet":
        return "parquet"
    return "jsonl"


def flatten_sections(sections: Iterable[Record]) -> Iterator[tuple[int, int | None, Record]]:
    """``(index, parent index, section)`` for every section, in document (pre-)order."""
    counter = 0

    def walk(
        nodes: Iterable[Record], parent: int | None
    ) -> Iterator[tuple[int, int | None, Record]]:
        nonlocal counter
        for node in nodes:
            index = counter
            counter += 1
            yield index, parent, node
            yield from walk(node.get("children") or (), index)

    return walk(sections, None)


class _PartFile:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.part = self.path + ".part"
        if os.path.exists(self.part):
            os.remove(self.part)

    def commit(self) -> None:
        os.replace(self.part, self.path)


class SqliteWriter:
    """Stream records into a SQLite database laid out for Datasette."""

    BATCH = 500

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import sqlite_utils  # optional dependency: the `export` extra

        self._file = _PartFile(path)
        self._db = sqlite_utils.Database(self._file.part)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._ids = dict.fromkeys(
            ("documents", "sections", "references", "reference_mentions", "schools"), 0
        )
        self._ids["school_mentions"] = 0
        self._rows: dict[str, list[Record]] = {name: [] for name in self._ids}
        self._pending = 0
        self._create()

    def _create(self) -> None:
        db = self._db
        db.table("documents").create(
            {
                "id": int,
                "source": str,
                "sha256": str,
                "schema_version": str,
                "doc_type": str,
                "number": str,
                "issuer": str,
                "place": str,
                "date": str,
                "title": str,
                "signer_name": str,
                "signer_title": str,
                "signer_authority": str,
                "recipients": str,
                "reference_count": int,
                "school_count": int,
                "section_count": int,
                "warnings": str,
                "encoding": str,
                "error_code": str,
                "error_message": str,
                "clean_text": str,
            },
            pk="id",
        )
        db.table("sections").create(
            {
                "id": int,
                "document_id": int,
                "parent_id": int,
                "position": int,
                "number": str,
                "title": str,
                "kind": str,
                "level": int,
                "start": int,
                "end": int,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id"), ("parent_id", "sections", "id")],
        )
        db.table("references").create(
            {
                "id": int,
                "document_id": int,
                "position": int,
                "kind": str,
                "canonical": str,
                "number": str,
                "year": int,
                "code": str,
                "date": str,
                "name": str,
                "mention_count": int,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id")],
        )
        db.table("reference_mentions").create(
            {
                "id": int,
                "reference_id": int,
                "document_id": int,
                "start": int,
                "end": int,
                "text": str,
            },
            pk="id",
            foreign_keys=[("reference_id", "references", "id"), ("document_id", "documents", "id")],
        )
        db.table("schools").create(
            {
                "id": int,
                "document_id": int,
                "position": int,
                "name": str,
                "level": str,
                "locality": str,
                "aliases": str,
                "mention_count": int,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id")],
        )
        db.table("school_mentions").create(
            {
                "id": int,
                "school_id": int,
                "document_id": int,
                "start": int,
                "end": int,
                "text": str,
            },
            pk="id",
            foreign_keys=[("school_id", "schools", "id"), ("document_id", "documents", "id")],
        )

    def _next(self, table: str) -> int:
        self._ids[table] += 1
        return self._ids[table]

    def add(self, record: Record) -> None:
        """Add one JSON Lines record (``Document.model_dump(mode="json")``)."""
        rows = self._rows
        doc_id = self._next("documents")
        signer = record.get("signer") or {}
        error = record.get("error") or {}
        sections = list(flatten_sections(record.get("sections") or ()))
        rows["documents"].append(
            {
                "id": doc_id,
                "source": record.get("source"),
                "sha256": record.get("sha256"),
                "schema_version": record.get("schema_version"),
                "doc_type": record.get("doc_type"),
                "number": record.get("number"),
                "issuer": record.get("issuer"),
                "place": record.get("place"),
                "date": record.get("date"),
                "title": record.get("title"),
                "signer_name": signer.get("name"),
                "signer_title": signer.get("title"),
                "signer_authority": signer.get("authority"),
                "recipients": json.dumps(record.get("recipients") or [], ensure_ascii=False),
                "reference_count": len(record.get("references") or ()),
                "school_count": len(record.get("schools") or ()),
                "section_count": len(sections),
                "warnings": json.dumps(record.get("warnings") or [], ensure_ascii=False),
                "encoding": record.get("encoding"),
                "error_code": error.get("code"),
                "error_message": error.get("message"),
                "clean_text": record.get("clean_text") or "",
            }
        )
        section_ids: dict[int, int] = {}
        for index, parent, section in sections:
            section_ids[index] = self._next("sections")
            rows["sections"].append(
                {
                    "id": section_ids[index],
                    "document_id": doc_id,
                    "parent_id": None if parent is None else section_ids[parent],
                    "position": index,
                    "number": section.get("number"),
                    "title": section.get("title"),
                    "kind": section.get("kind"),
                    "level": section.get("level"),
                    "start": section.get("start"),
                    "end": section.get("end"),
                }
            )
        for position, reference in enumerate(record.get("references") or ()):
            ref_id = self._next("references")
            mentions = reference.get("mentions") or ()
            rows["references"].append(
                {
                    "id": ref_id,
                    "document_id": doc_id,
                    "position": position,
                    "kind": reference.get("kind"),
                    "canonical": reference.get("canonical"),
                    "number": reference.get("number"),
                    "year": reference.get("year"),
                    "code": reference.get("code"),
                    "date": reference.get("date"),
                    "name": reference.get("name"),
                    "mention_count": len(mentions),
                }
            )
            for mention in mentions:
                rows["reference_mentions"].append(
                    {
                        "id": self._next("reference_mentions"),
                        "reference_id": ref_id,
                        "document_id": doc_id,
                        **_span(mention),
                    }
                )
        for position, school in enumerate(record.get("schools") or ()):
            school_id = self._next("schools")
            mentions = school.get("mentions") or ()
            rows["schools"].append(
                {
                    "id": school_id,
                    "document_id": doc_id,
                    "position": position,
                    "name": school.get("name"),
                    "level": school.get("level"),
                    "locality": school.get("locality"),
                    "aliases": json.dumps(school.get("aliases") or [], ensure_ascii=False),
                    "mention_count": len(mentions),
                }
            )
            for mention in mentions:
                rows["school_mentions"].append(
                    {
                        "id": self._next("school_mentions"),
                        "school_id": school_id,
                        "document_id": doc_id,
                        **_span(mention),
                    }
                )
        self._pending += 1
        if self._pending >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        with self._db.conn:
            for table, rows in self._rows.items():
                if rows:
                    self._db.table(table).insert_all(rows, batch_size=1000)
                    rows.clear()
        self._pending = 0

    def close(self) -> None:
        """Write what is buffered, add indexes and full-text search, rename into place."""
        self._flush()
        db = self._db
        for table, columns in (
            ("documents", ["sha256"]),
            ("documents", ["source"]),
            ("documents", ["doc_type"]),
            ("documents", ["error_code"]),
            ("sections", ["document_id"]),
            ("sections", ["parent_id"]),
            ("sections", ["kind"]),
            ("references", ["document_id"]),
            ("references", ["canonical"]),
            ("references", ["kind", "year"]),
            ("reference_mentions", ["reference_id"]),
            ("reference_mentions", ["document_id"]),
            ("schools", ["document_id"]),
            ("schools", ["name"]),
            ("school_mentions", ["school_id"]),
            ("school_mentions", ["document_id"]),
        ):
            db.table(table).create_index(columns, if_not_exists=True)
        db.table("documents").enable_fts(["title", "clean_text"])
        db.table("references").enable_fts(["canonical", "name"])
        db.table("schools").enable_fts(["name", "aliases"])
        db.conn.commit()
        db.close()
        self._file.commit()

    def abort(self) -> None:
        """Drop the unfinished database."""
        self._db.close()
        if os.path.exists(self._file.part):
            os.remove(self._file.part)


def _span(mention: Record) -> Record:
    return {"start": mention.get("start"), "end": mention.get("end"), "text": mention.get("text")}


def parquet_schema() -> Any:
    """The Arrow schema of the Parquet export."""
    import pyarrow as pa  # optional dependency: the `export` extra

    text = pa.string()
    mention = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", text)])
    section = pa.struct(
        [
            ("index", pa.int32()),
            ("parent", pa.int32()),
            ("number", text),
            ("title", text),
            ("kind", text),
            ("level", pa.int32()),
            ("start", pa.int64()),
            ("end", pa.int64()),
        ]
    )
    reference = pa.struct(
        [
            ("kind", text),
            ("number", text),
            ("year", pa.int32()),
            ("code", text),
            ("date", text),
            ("name", text),
            ("canonical", text),
            ("mentions", pa.list_(mention)),
        ]
    )
    school = pa.struct(
        [
            ("name", text),
            ("level", text),
            ("locality", text),
            ("aliases", pa.list_(text)),
            ("mentions", pa.list_(mention)),
        ]
    )
    return pa.schema(
        [
            ("schema_version", text),
            ("source", text),
            ("sha256", text),
            ("doc_type", text),
            ("number", text),
            ("issuer", text),
            ("place", text),
            ("date", text),
            ("title", text),
            ("signer", pa.struct([("name", text), ("title", text), ("authority", text)])),
            ("recipients", pa.list_(text)),
            ("sections", pa.list_(section)),
            ("references", pa.list_(reference)),
            ("schools", pa.list_(school)),
            ("clean_text", text),
            ("warnings", pa.list_(text)),
            ("encoding", text),
            ("error", pa.struct([("code", text), ("message", text)])),
        ]
    )


def parquet_row(record: Record) -> Record:
    """A JSON Lines record shaped for :func:`parquet_schema` (sections flattened)."""
    row = dict(record)
    row["sections"] = [
        {
            "index": index,
            "parent": parent,
            **{k: section.get(k) for k in ("number", "title", "kind", "level", "start", "end")},
        }
        for index, parent, section in flatten_sections(record.get("sections") or ())
    ]
    return row


class ParquetWriter:
    """Stream records into one Parquet file, a row group per batch."""

    BATCH = 1000

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import pyarrow.parquet as pq  # optional dependency: the `export` extra

        self._file = _PartFile(path)
        self._schema = parquet_schema()
        self._writer = pq.ParquetWriter(self._file.part, self._schema, compression="zstd")
        self._rows: list[Record] = []

    def add(self, record: Record) -> None:
        self._rows.append(parquet_row(record))
        if len(self._rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows.clear()

    def close(self) -> None:
        self._flush()
        self._writer.close()
        self._file.commit()

    def abort(self) -> None:
        self._writer.close()
        if os.path.exists(self._file.part):
            os.remove(self._file.part)


class JsonlWriter:
    """JSON Lines into ``OUT.part``, renamed to ``OUT`` on close."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._file = _PartFile(path)
        self._handle = open(self._file.part, "w", encoding="utf-8")  # noqa: SIM115

    def add(self, record: Record) -> None:
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._handle.close()
        self._file.commit()

    def abort(self) -> None:
        self._handle.close()
        os.remove(self._file.part)


Writer = SqliteWriter | ParquetWriter | JsonlWriter


def open_writer(path: str | os.PathLike[str], fmt: str | None = None) -> Writer:
    """A streaming writer for ``fmt`` (by default: from the file name)."""
    fmt = fmt or format_for_path(os.fspath(path))
    if fmt == "sqlite":
        return SqliteWriter(path)
    if fmt == "parquet":
        return ParquetWriter(path)
    if fmt == "jsonl":
        return JsonlWriter(path)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Record]:
    """Records of a JSON Lines file, one at a time; a torn last line (no newline) is skipped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.endswith("\n"):
                break
            if line.strip():
                yield json.loads(line)


def export_jsonl(
    source: str | os.PathLike[str], target: str | os.PathLike[str], fmt: str | None = None
) -> int:
    """Convert a JSON Lines file to ``fmt``; returns the number of records."""
    writer = open_writer(target, fmt)
    count = 0
    try:
        for record in read_jsonl(source):
            writer.add(record)
            count += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return count


__all__ = [
    "FORMATS",
    "JsonlWriter",
    "ParquetWriter",
    "SqliteWriter",
    "export_jsonl",
    "flatten_sections",
    "format_for_path",
    "open_writer",
    "parquet_row",
    "parquet_schema",
    "read_jsonl",
]
