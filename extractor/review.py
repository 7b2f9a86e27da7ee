"""A review page for one document: ``extractor review FILE -o review.html``.

The text is rendered with displaCy (``style="ent"``, ``manual=True``): reference mentions and
school mentions highlighted, each stretch of text shaded by the kind of the innermost section
that has one (sub-sections without a kind inherit their parent's), with the section heading's
number and kind in the margin; a side table lists the document's fields, references, schools,
sections and warnings. Needs spaCy (the ``spacy`` extra) for displaCy; nothing is downloaded.
"""

from __future__ import annotations

import html
from itertools import pairwise

from extractor.schema import Document, Section

REFERENCE_COLOR = "#7aecec"
SCHOOL_COLOR = "#feca74"
SECTION_COLORS = {
    "strengths": "#e6f4ea",
    "weaknesses": "#fde7e9",
    "recommendations": "#fff4d6",
    "tasks": "#e8f0fe",
    "findings": "#f1e8fd",
    "basis": "#eceff1",
    "objectives": "#e0f7f4",
    "implementation": "#fbe9e7",
    "conclusion": "#f0f4c3",
}
REFERENCE_LABEL = "REF"
SCHOOL_LABEL = "SCHOOL"


def _segments(length: int, sections: tuple[Section, ...]) -> list[tuple[int, int, Section | None]]:
    """Cut ``[0, length)`` into stretches, each with the innermost section that has a kind."""
    bounds = {0, length}
    marked: list[Section] = []

    def mark(nodes: tuple[Section, ...], inherited: Section | None) -> None:
        for node in nodes:
            owner = node if node.kind else inherited
            if owner is not None:
                marked.append(node.model_copy(update={"kind": owner.kind}))
            mark(node.children, owner)

    mark(sections, None)
    for node in marked:
        bounds.update((max(0, min(node.start, length)), max(0, min(node.end, length))))
    cuts = sorted(bounds)
    segments: list[tuple[int, int, Section | None]] = []
    for start, end in pairwise(cuts):
        owner = None
        for node in marked:  # innermost = last in pre-order that covers the stretch
            if node.start <= start and end <= node.end:
                owner = node
        if segments and segments[-1][2] is owner:
            segments[-1] = (segments[-1][0], end, owner)
        else:
            segments.append((start, end, owner))
    return segments


def _mentions(document: Document) -> list[tuple[int, int, str, str]]:
    spans = [
        (m.start, m.end, REFERENCE_LABEL, ref.canonical)
        for ref in document.references
        for m in ref.mentions
    ]
    spans += [
        (m.start, m.end, SCHOOL_LABEL, school.name)
        for school in document.schools
        for m in school.mentions
    ]
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:  # displaCy's ent style cannot overlap
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def render_review(text: str, document: Document) -> str:
    """The review page (a complete HTML document) for ``document`` extracted from ``text``."""
    from spacy import displacy

    options = {"colors": {REFERENCE_LABEL: REFERENCE_COLOR, SCHOOL_LABEL: SCHOOL_COLOR}}
    mentions = _mentions(document)
    blocks: list[str] = []
    for start, end, section in _segments(len(text), document.sections):
        ents = [
            {"start": max(s, start) - start, "end": min(e, end) - start, "label": label}
            for s, e, label, _ in mentions
            if s < end and e > start
        ]
        rendered = displacy.render(
            {"text": text[start:end], "ents": ents, "title": None},
            style="ent",
            manual=True,
            page=False,
            jupyter=False,
            options=options,
        )
        if section is None:
            blocks.append(f'<div class="segment">{rendered}</div>')
        else:
            kind = section.kind or "section"
            color = SECTION_COLORS.get(kind, "#f5f5f5")
            heading = " ".join(x for x in (section.number, section.title) if x)
            blocks.append(
                f'<div class="segment section section-{kind}" data-kind="{kind}" '
                f'style="background:{color}"><span class="kind">{html.escape(kind)}'
                f" · {html.escape(heading[:80])}</span>{rendered}</div>"
            )
    return _PAGE.format(
        title=html.escape(document.source or "document"),
        body="\n".join(blocks),
        side=_side_table(document),
        ref=REFERENCE_COLOR,
        school=SCHOOL_COLOR,
    )


def _side_table(document: Document) -> str:
    esc = html.escape
    rows = [
        ("source", document.source),
        ("doc_type", document.doc_type),
        ("number", document.number),
        ("issuer", document.issuer),
        ("date", document.date),
        ("title", document.title),
        ("encoding", document.encoding),
    ]
    parts = ['<table class="fields">']
    parts += [f"<tr><th>{k}</th><td>{esc(v or '—')}</td></tr>" for k, v in rows]
    parts.append("</table>")
    parts.append(f'<h2>References ({len(document.references)})</h2><table class="found refs">')
    parts.append("<tr><th>kind</th><th>canonical</th><th>date</th><th>mentions</th></tr>")
    for ref in document.references:
        first = ref.mentions[0].start if ref.mentions else ""
        parts.append(
            f'<tr><td>{esc(ref.kind)}</td><td><mark class="ref">{esc(ref.canonical)}</mark></td>'
            f"<td>{esc(ref.date or '')}</td><td>{len(ref.mentions)} (@{first})</td></tr>"
        )
    parts.append("</table>")
    parts.append(f'<h2>Schools ({len(document.schools)})</h2><table class="found schools">')
    parts.append("<tr><th>name</th><th>level</th><th>aliases</th><th>mentions</th></tr>")
    for school in document.schools:
        parts.append(
            f'<tr><td><mark class="school">{esc(school.name)}</mark></td>'
            f"<td>{esc(school.level or '')}</td><td>{esc(', '.join(school.aliases))}</td>"
            f"<td>{len(school.mentions)}</td></tr>"
        )
    parts.append("</table>")
    parts.append('<h2>Sections</h2><table class="found sections">')
    parts.append("<tr><th>number</th><th>title</th><th>kind</th><th>span</th></tr>")

    def walk(nodes: tuple[Section, ...]) -> None:
        for node in nodes:
            color = SECTION_COLORS.get(node.kind or "", "transparent")
            indent = "&nbsp;&nbsp;" * (node.level - 1)
            parts.append(
                f'<tr style="background:{color}"><td>{indent}{esc(node.number or "")}</td>'
                f"<td>{esc((node.title or '')[:60])}</td><td>{esc(node.kind or '')}</td>"
                f"<td>{node.start}–{node.end}</td></tr>"
            )
            walk(node.children)

    walk(document.sections)
    parts.append("</table>")
    if document.warnings:
        parts.append("<h2>Warnings</h2><ul>")
        parts += [f"<li>{esc(w)}</li>" for w in document.warnings]
        parts.append("</ul>")
    legend = "".join(
        f'<span class="legend" style="background:{c}">{k}</span>' for k, c in SECTION_COLORS.items()
    )
    parts.append(f"<h2>Section kinds</h2><p>{legend}</p>")
    return "\n".join(parts)


_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Review: {title}</title>
<style>
body {{ margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: #222; background: #fff; }}
header {{ padding: 8px 16px; background: #263238; color: #fff; }}
.layout {{ display: flex; align-items: flex-start; }}
main {{ flex: 3; padding: 8px 16px; min-width: 0; }}
aside {{ flex: 2; padding: 8px 16px; position: sticky; top: 0; max-height: 100vh;
        overflow: auto; font-size: 13px; border-left: 1px solid #ddd; }}
.segment {{ border-radius: 4px; margin: 2px 0; padding: 2px 6px; }}
.segment .entities {{ line-height: 2.2 !important; }}
.kind {{ float: right; font-size: 11px; color: #555; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 8px; }}
th, td {{ border: 1px solid #ddd; padding: 2px 4px; text-align: left; vertical-align: top; }}
mark.ref {{ background: {ref}; }}
mark.school {{ background: {school}; }}
.legend {{ display: inline-block; padding: 2px 6px; margin: 2px; border-radius: 3px; }}
</style>
</head>
<body>
<header><strong>vn-admin-extractor review</strong> — {title}</header>
<div class="layout">
<main>
{body}
</main>
<aside>
{side}
</aside>
</div>
</body>
</html>
"""


def page_css_colors() -> dict[str, str]:
    """The highlight colours used on the page (tests look for them in screenshots)."""
    return {"reference": REFERENCE_COLOR, "school": SCHOOL_COLOR, **SECTION_COLORS}


__all__ = ["page_css_colors", "render_review"]
