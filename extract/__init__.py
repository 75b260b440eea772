"""Readers: each file format becomes one `Document` (see model.py)."""

from .model import Cell, Document, Paragraph, Provenance, ReadError, ReadWarning, Table
from .dispatch import read_document, SUPPORTED_SUFFIXES, is_document

__all__ = ["Cell", "Document", "Paragraph", "Provenance", "ReadError", "ReadWarning", "Table", "read_document",
           "SUPPORTED_SUFFIXES", "is_document"]
