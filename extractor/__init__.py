"""vn-admin-extractor: structured, offset-true JSON from Vietnamese administrative texts.

>>> import extractor
>>> doc = extractor.extract("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;")
>>> doc.references[0].canonical
'43/2011/NĐ-CP'

The package imports lazily: ``import extractor`` is cheap, and the pipeline, its models and
pattern tables load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> module that defines it.
_EXPORTS = {
    "extract": "extractor.pipeline",
    "extract_file": "extractor.pipeline",
    "extract_or_error": "extractor.pipeline",
    "extract_path_or_error": "extractor.pipeline",
    "Document": "extractor.schema",
    "Mention": "extractor.schema",
    "Reference": "extractor.schema",
    "School": "extractor.schema",
    "Section": "extractor.schema",
    "Signer": "extractor.schema",
    "DecodeError": "extractor.errors",
    "EmptyInputError": "extractor.errors",
    "ExtractorError": "extractor.errors",
    "InputTooLargeError": "extractor.errors",
    "NotTextError": "extractor.errors",
    "UnreadableInputError": "extractor.errors",
}

__all__ = [
    "DecodeError",
    "Document",
    "EmptyInputError",
    "ExtractorError",
    "InputTooLargeError",
    "Mention",
    "NotTextError",
    "Reference",
    "School",
    "Section",
    "Signer",
    "UnreadableInputError",
    "__version__",
    "extract",
    "extract_file",
    "extract_or_error",
    "extract_path_or_error",
]

if TYPE_CHECKING:
    from extractor.errors import (
        DecodeError,
        EmptyInputError,
        ExtractorError,
        InputTooLargeError,
        NotTextError,
        UnreadableInputError,
    )
    from extractor.pipeline import (
        extract,
        extract_file,
        extract_or_error,
        extract_path_or_error,
    )
    from extractor.schema import Document, Mention, Reference, School, Section, Signer


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
