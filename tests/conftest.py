"""Shared fixtures: the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DOCS = ROOT / "corpus" / "docs"
CORPUS_GOLD = ROOT / "corpus" / "gold"


def corpus_paths() -> list[Path]:
    return sorted(CORPUS_DOCS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    """Every corpus document, decoded as the extractor decodes it (BOM dropped, CRLF kept)."""
    return {path.name: path.read_bytes().decode("utf-8-sig") for path in corpus_paths()}
