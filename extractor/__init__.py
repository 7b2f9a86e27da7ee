"""vn-admin-extractor: structured, offset-true JSON from Vietnamese administrative texts.

>>> import extractor
>>> doc = extractor.extract("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;")
>>> doc.references[0].canonical
'43/2011/NĐ-CP'
"""

from extractor.errors import (
    DecodeError,
    EmptyInputError,
    ExtractorError,
    InputTooLargeError,
    NotTextError,
    UnreadableInputError,
)
from extractor.pipeline import extract, extract_file, extract_or_error, extract_path_or_error
from extractor.schema import Document, Mention, Reference, School, Section, Signer

__version__ = "0.1.0"

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
