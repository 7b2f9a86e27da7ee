"""Write or check the golden outline files: ``python scripts/golden.py [--check]``.

``tests/golden/<doc>.outline.txt`` holds the section tree of each corpus document, one
heading a line (indent = level, then number, kind, title). They are regression snapshots,
reviewed by reading the document when written; ``tests/test_sections.py`` compares them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import extractor
from extractor.schema import Section

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpus" / "docs"
GOLDEN = ROOT / "tests" / "golden"


def render(sections: tuple[Section, ...], depth: int = 0) -> list[str]:
    lines = []
    for section in sections:
        lines.append(
            f"{'  ' * depth}{section.number or '-'} | {section.kind or '-'} | {section.title or ''}"
        )
        lines.extend(render(section.children, depth + 1))
    return lines


def outline_of(path: Path) -> str:
    return "\n".join(render(extractor.extract_file(path).sections)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="report differences, write nothing")
    args = parser.parse_args(argv)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    differing = []
    for path in sorted(DOCS.glob("*.txt")):
        target = GOLDEN / f"{path.stem}.outline.txt"
        outline = outline_of(path)
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != outline:
                differing.append(target.name)
        else:
            target.write_text(outline, encoding="utf-8")
    for name in differing:
        print(f"differs: {name}", file=sys.stderr)
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
