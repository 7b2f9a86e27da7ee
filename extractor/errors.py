"""Errors raised at the API edge. All are ``ValueError`` subclasses carrying a contract code."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # the schema (pydantic) loads only when a Document is built
    from extractor.schema import ErrorCode


class ExtractorError(ValueError):
    """Base class: the input could not be turned into a Document."""

    code: ClassVar[ErrorCode] = "internal"


class EmptyInputError(ExtractorError):
    """The input has no bytes, or only white space."""

    code = "empty"


class NotTextError(ExtractorError):
    """The input is binary (an image, NUL bytes), not text."""

    code = "not_text"


class InputTooLargeError(ExtractorError):
    """The input is larger than the configured ``max_bytes``."""

    code = "too_large"


class DecodeError(ExtractorError):
    """The bytes could not be decoded in any encoding the text layer knows."""

    code = "decode"


class UnreadableInputError(ExtractorError):
    """The file could not be read (missing, a directory, no permission)."""

    code = "unreadable"
