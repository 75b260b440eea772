"""extract/docx_package.py takes the main part and its styles from the zip itself: they must be
the parts python-docx's package layer finds, and a broken package must still be refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart
from lxml import etree

from extract.docx_package import PackageError, open_word_package
from extract.docx_reader import read_docx
from extract.model import ReadError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").rglob("*.docx"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_same_parts_as_python_docx(path):
    part = docx.Document(str(path)).part
    with zipfile.ZipFile(path) as archive:
        package = open_word_package(archive)
    assert etree.tostring(package.document) == etree.tostring(part.element)
    assert etree.tostring(package.styles) == etree.tostring(part._styles_part.element)


def _without(source: Path, target: Path, member: str, rels: bytes | None = None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename == member:
                continue
            data = src.read(info)
            if rels is not None and info.filename == "word/_rels/document.xml.rels":
                data = rels
            dst.writestr(info, data)
    return target


def test_no_styles_part_takes_the_default_styles(tmp_path):
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    root = etree.fromstring(rels)
    for rel in list(root):
        if rel.get("Type", "").endswith("/styles"):
            root.remove(rel)
    bare = _without(good, tmp_path / "bare.docx", "word/styles.xml", etree.tostring(root))
    with zipfile.ZipFile(bare) as archive:
        package = open_word_package(archive)
    assert etree.tostring(package.styles) == etree.tostring(parse_xml(StylesPart._default_styles_xml()))
    assert read_docx(bare).blocks == read_docx(good).blocks


def test_missing_styles_target_is_damaged(tmp_path):
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    bad = _without(good, tmp_path / "bad.docx", "word/styles.xml")
    with zipfile.ZipFile(bad) as archive, pytest.raises(PackageError):
        open_word_package(archive)
    with pytest.raises(ReadError, match="damaged .docx package") as err:
        read_docx(bad)
    assert err.value.code == "corrupt"


def test_missing_package_relationships_is_damaged(tmp_path):
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    bad = _without(good, tmp_path / "bad.docx", "_rels/.rels")
    with pytest.raises(ReadError, match="damaged .docx package"):
        read_docx(bad)


def test_main_part_of_another_type_is_unsupported(tmp_path):
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    bad = tmp_path / "macro.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    with pytest.raises(ReadError, match="not a Word document") as err:
        read_docx(bad)
    assert err.value.code == "unsupported"
