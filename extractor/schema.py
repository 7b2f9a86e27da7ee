"""Output models: the JSON contract of ``../shared/spec/output-contract.md`` (schema version 1).

Every model is frozen; lists are tuples so a Document cannot be changed after the pipeline
built it. ``Document.model_dump(mode="json")`` is exactly one JSON Lines record.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal["1"] = "1"

DocType = Literal[
    "thong_bao",
    "ke_hoach",
    "ket_luan",
    "bao_cao",
    "quyet_dinh",
    "cong_van",
    "huong_dan",
    "to_trinh",
    "bien_ban",
    "chi_thi",
    "nghi_quyet",
    "other",
]

ReferenceKind = Literal[
    "luat",
    "bo_luat",
    "phap_lenh",
    "nghi_quyet",
    "nghi_dinh",
    "quyet_dinh",
    "chi_thi",
    "thong_tu",
    "thong_tu_lien_tich",
    "ke_hoach",
    "cong_van",
    "thong_bao",
    "huong_dan",
    "bao_cao",
    "ket_luan",
    "de_an",
    "chuong_trinh",
    "quy_che",
    "quy_dinh",
    "to_trinh",
    "bien_ban",
    "giay_phep",
    "cong_dien",
    "phuong_an",
    "other",
]

SectionKind = Literal[
    "strengths",
    "weaknesses",
    "recommendations",
    "tasks",
    "findings",
    "basis",
    "objectives",
    "implementation",
    "conclusion",
]

ErrorCode = Literal[
    "empty",
    "not_text",
    "too_large",
    "decode",
    "pdf_no_text",
    "unreadable",
    "internal",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Frozen):
    """One place in the input that cites something: ``input[start:end] == text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end < self.start:
            raise ValueError(f"mention end {self.end} before start {self.start}")
        return self


class Reference(_Frozen):
    """A cited document, with every mention of it (short forms included)."""

    kind: ReferenceKind
    number: str | None = None
    year: int | None = None
    code: str | None = None
    date: str | None = None
    name: str | None = None
    canonical: str
    mentions: tuple[Mention, ...] = ()


class School(_Frozen):
    """A named school, one entry per distinct school."""

    name: str
    level: str | None = None
    locality: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


class Section(_Frozen):
    """A part of the document's outline: heading plus body, nested."""

    number: str | None = None
    title: str | None = None
    kind: SectionKind | None = None
    level: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    children: tuple[Section, ...] = ()


class Signer(_Frozen):
    """Who signed: ``{name, title, authority}`` (authority like ``KT. GIÁM ĐỐC``)."""

    name: str | None = None
    title: str | None = None
    authority: str | None = None


class ErrorInfo(_Frozen):
    """Why an input could not be processed; every other Document field then stays empty."""

    code: ErrorCode
    message: str


class Document(_Frozen):
    """The extractor's result for one input."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: str | None = None
    sha256: str
    doc_type: DocType | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    references: tuple[Reference, ...] = ()
    schools: tuple[School, ...] = ()
    clean_text: str = ""
    warnings: tuple[str, ...] = ()
    encoding: str | None = None
    error: ErrorInfo | None = None

    def to_json_line(self) -> str:
        """The document as one JSON Lines record (no trailing newline)."""
        return self.model_dump_json()


def json_schema() -> dict[str, object]:
    """The JSON Schema of a Document record (what ``extractor schema`` prints)."""
    return Document.model_json_schema()
