"""The two parts of a .docx the reader needs, taken straight from the zip.

A Word file is an OPC package: [Content_Types].xml names each part's type, and
relationship parts (_rels/*.rels) say which part is the main document and which part
holds its styles. python-docx's package layer loads and parses every part the
relationships reach (settings, theme, fonts, thumbnails) before the reader can ask for
one; here the relationships are followed to the main part and its styles part only,
with the same part names and content types python-docx resolves (`PackURI.from_rel_ref`,
overrides before extension defaults, both case-insensitive). Styles are still resolved
by python-docx's Styles over the parsed styles part, so names and defaults are its own.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart
from lxml import etree

_PKG_NS = "http://schemas.openxmlformats.org/package/2006/"
_OVERRIDE, _DEFAULT = f"{{{_PKG_NS}content-types}}Override", f"{{{_PKG_NS}content-types}}Default"
_RELATIONSHIP = f"{{{_PKG_NS}relationships}}Relationship"

# The main part with python-docx's parser options but without its element classes: the body
# is read with plain lxml calls, and a plain element is several times cheaper to reach from
# Python than one of python-docx's classes (the same tree, the same entity handling).
PLAIN_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class PackageError(Exception):
    """The package's structure is broken (a part or a relationship missing, two main parts)."""


@dataclass(frozen=True)
class WordPackage:
    content_type: str  # of the main part
    document: etree._Element  # the main part, plain lxml elements (PLAIN_PARSER)
    styles: etree._Element  # python-docx's CT_Styles; its default template when the file has none


def open_word_package(archive: zipfile.ZipFile) -> WordPackage:
    """The main document part and its styles. Raises PackageError, lxml's XMLSyntaxError or
    the zip module's errors; the document part is parsed only when it is a Word document."""
    types = _content_types(archive)
    main = _target(archive, "/", RT.OFFICE_DOCUMENT)
    if main is None:
        raise PackageError(f"no relationship of type '{RT.OFFICE_DOCUMENT}' in collection")
    content_type = types(main)
    if content_type != CT.WML_DOCUMENT_MAIN:
        return WordPackage(content_type, etree.Element("none"), styles_element(StylesPart._default_styles_xml()))
    document = etree.fromstring(_blob(archive, main), PLAIN_PARSER)
    styles = _target(archive, main, RT.STYLES)
    if styles is not None and types(styles) == CT.WML_STYLES:
        styles_el = styles_element(_blob(archive, styles))
    else:  # as python-docx: a document without a styles part takes its default styles
        styles_el = styles_element(StylesPart._default_styles_xml())
    return WordPackage(content_type, document, styles_el)


def _blob(archive: zipfile.ZipFile, partname: str) -> bytes:
    try:
        return archive.read(partname[1:])
    except KeyError:
        raise PackageError(f"there is no item named '{partname[1:]}' in the archive") from None


def _content_types(archive: zipfile.ZipFile):
    """partname -> content type, as python-docx's _ContentTypeMap looks it up."""
    root = etree.fromstring(_blob(archive, "/[Content_Types].xml"), PLAIN_PARSER)
    overrides = {el.get("PartName", "").lower(): el.get("ContentType") for el in root.iter(_OVERRIDE)}
    defaults = {el.get("Extension", "").lower(): el.get("ContentType") for el in root.iter(_DEFAULT)}

    def lookup(partname: str) -> str:
        if partname.lower() in overrides:
            return overrides[partname.lower()]
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        if ext.lower() in defaults:
            return defaults[ext.lower()]
        raise PackageError(f"no content type for partname '{partname}' in [Content_Types].xml")

    return lookup


def _target(archive: zipfile.ZipFile, source: str, reltype: str) -> str | None:
    """The part name `source`'s one relationship of `reltype` points at, None without one."""
    base, name = posixpath.split(source)
    rels_name = posixpath.join(base, "_rels", f"{name}.rels")[1:]
    try:
        rels = archive.read(rels_name)
    except KeyError:
        return None
    found = [el for el in etree.fromstring(rels, PLAIN_PARSER).iter(_RELATIONSHIP) if el.get("Type") == reltype]
    if not found:
        return None
    if len(found) > 1:
        raise PackageError(f"multiple relationships of type '{reltype}' in collection")
    if found[0].get("TargetMode", RTM.INTERNAL) == RTM.EXTERNAL:
        raise PackageError(f"the relationship of type '{reltype}' points outside the package")
    return posixpath.abspath(posixpath.join(base, found[0].get("Target", "")))


# Parsed styles parts by their bytes. Reports of one office share their styles.xml, and
# python-docx's template styles are ~350 KB, parsed in about the time the whole body takes:
# the tree is only read (styles are resolved, never changed), so one copy serves all.
_STYLES: dict[bytes, etree._Element] = {}
KEPT = 8  # styles parts remembered (one office's reports share one; a batch meets a few)


def remembered(cache: dict, key, make):
    """cache[key], made by make() the first time it is asked; the oldest of KEPT goes first."""
    hit = cache.get(key)
    if hit is None:
        hit = make()
        if len(cache) >= KEPT:
            cache.pop(next(iter(cache)))
        cache[key] = hit
    return hit


def styles_element(blob: bytes) -> etree._Element:
    return remembered(_STYLES, blob, lambda: parse_xml(blob))
