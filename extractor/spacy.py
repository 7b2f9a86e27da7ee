"""A spaCy pipeline component: ``import extractor.spacy`` then ``nlp.add_pipe("vn_admin")``.

The component runs the extractor on ``doc.text`` and puts what it finds on the Doc:

* ``doc._.vn_admin`` — the :class:`extractor.Document` (offsets index ``doc.text``);
* ``doc.spans["references"]`` — every reference mention, label = reference kind
  (``nghi_dinh``…), ``kb_id_`` = canonical identifier;
* ``doc.spans["schools"]`` — every school mention, label ``SCHOOL``, ``kb_id_`` = school name;
* ``doc.spans["sections"]`` — every section (nested ones too), label = its kind or
  ``section``;
* ``doc.ents`` — reference mentions (``LEGAL_REF``) and school mentions (``SCHOOL``) merged
  with entities already there (longest spans win where they overlap); ``set_ents=False`` to
  leave ``doc.ents`` alone.

Character offsets are aligned to tokens with ``alignment_mode="expand"``: a span that starts
or ends inside a token grows to cover it. Works with ``spacy.blank("vi")`` (needs pyvi) and
``spacy.blank("xx")``; nothing is downloaded. Only this module imports spaCy.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.decode import DEFAULT_MAX_BYTES
from extractor.pipeline import extract_or_error
from extractor.schema import Document, Section

COMPONENT = "vn_admin"
REFERENCE_LABEL = "LEGAL_REF"
SCHOOL_LABEL = "SCHOOL"

if not Doc.has_extension(COMPONENT):
    Doc.set_extension(COMPONENT, default=None)


class VnAdminComponent:
    """Adds the extractor's references, schools and sections to each Doc."""

    def __init__(self, nlp: Language, name: str, set_ents: bool, max_bytes: int) -> None:
        self.name = name
        self.set_ents = set_ents
        self.max_bytes = max_bytes

    def __call__(self, doc: Doc) -> Doc:
        document = extract_or_error(
            doc.text, source=doc.user_data.get("source"), max_bytes=self.max_bytes
        )
        doc._.set(COMPONENT, document)
        references: list[Span] = []
        for reference in document.references:
            for mention in reference.mentions:
                span = _span(doc, mention.start, mention.end, reference.kind, reference.canonical)
                if span is not None:
                    references.append(span)
        schools: list[Span] = []
        for school in document.schools:
            for mention in school.mentions:
                span = _span(doc, mention.start, mention.end, SCHOOL_LABEL, school.name)
                if span is not None:
                    schools.append(span)
        sections: list[Span] = []
        for section in _walk(document.sections):
            span = _span(doc, section.start, section.end, section.kind or "section", section.number)
            if span is not None:
                sections.append(span)
        doc.spans["references"] = references
        doc.spans["schools"] = schools
        doc.spans["sections"] = sections
        if self.set_ents:
            ours = [
                Span(doc, s.start, s.end, label=REFERENCE_LABEL, kb_id=s.kb_id_) for s in references
            ]
            ours += [Span(doc, s.start, s.end, label=SCHOOL_LABEL, kb_id=s.kb_id_) for s in schools]
            doc.ents = filter_spans([*doc.ents, *ours])
        return doc


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str | None) -> Span | None:
    span = doc.char_span(start, end, label=label, kb_id=kb_id or "", alignment_mode="expand")
    return span if span is not None and len(span) else None


def _walk(sections: tuple[Section, ...]) -> list[Section]:
    found: list[Section] = []
    for section in sections:
        found.append(section)
        found.extend(_walk(section.children))
    return found


@Language.factory(
    COMPONENT,
    default_config={"set_ents": True, "max_bytes": DEFAULT_MAX_BYTES},
    assigns=["doc.ents", "doc.spans", f"doc._.{COMPONENT}"],
)
def make_vn_admin(nlp: Language, name: str, set_ents: bool, max_bytes: int) -> VnAdminComponent:
    """The ``vn_admin`` factory."""
    return VnAdminComponent(nlp, name, set_ents, max_bytes)


def blank(lang: str | None = None) -> Language:
    """A blank pipeline with ``vn_admin`` added: ``vi`` when pyvi is installed, else ``xx``."""
    import spacy

    if lang is None:
        try:
            import pyvi  # noqa: F401
        except ImportError:
            lang = "xx"
        else:
            lang = "vi"
    nlp = spacy.blank(lang)
    nlp.add_pipe(COMPONENT)
    return nlp


def document(doc: Doc) -> Document | None:
    """The extractor's Document stored on ``doc`` (``doc._.vn_admin``)."""
    value: Any = doc._.get(COMPONENT)
    return value if isinstance(value, Document) else None


__all__ = ["COMPONENT", "VnAdminComponent", "blank", "document", "make_vn_admin"]
