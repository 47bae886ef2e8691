"""Exceptions that carry the pipeline stage where a document failed.

Every failure that should end as an error entry (rather than stop a batch) is raised as
a `DocumentError`; the batch turns it into an `ErrorEntry` with the same stage.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class of the project's exceptions."""


class DocumentError(ExtractorError):
    """One document could not be turned into a record."""

    stage: str = "load"

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        if stage is not None:
            self.stage = stage


class LoadError(DocumentError):
    """The file could not be read (missing, unreadable, too large, a loop of links)."""

    stage = "load"


class DecodeError(DocumentError):
    """The bytes could not be decoded to text (binary, unknown encoding, empty)."""

    stage = "decode"


class ParseError(DocumentError):
    """The content could not be parsed (malformed JSON line, broken PDF, no text layer)."""

    stage = "parse"


class ConfigError(ExtractorError):
    """A setting or command-line argument is invalid."""
