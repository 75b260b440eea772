"""The readers' fast paths must give what the plain library calls give.

* extract.pdf.reader._page_codes reads a page's character codes in one
  FPDFText_GetText call; it must equal FPDFText_GetUnicode asked per character.
* extract.docx_reader._prop walks children instead of lxml's ElementPath; it must find
  the element el.find(path) finds, including with repeated and out-of-order elements.
"""

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from lxml import etree

from extract.docx_reader import _NS, _prop
from extract.pdf.reader import _page_codes

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "samples").glob("*.pdf")) + sorted((ROOT.parent / "shared" / "real").glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_page_codes_equal_per_character_unicode(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            tp = textpage.raw
            n = pdfium_c.FPDFText_CountChars(tp)
            assert list(_page_codes(tp, n)) == [pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n)]
            textpage.close()
            page.close()
    finally:
        pdf.close()


W = _NS["w"]
XML = f"""<w:tbl xmlns:w="{W}">
  <w:tr>
    <w:tc>
      <w:p/>
      <w:tcPr><w:shd/></w:tcPr>
      <w:tcPr><w:vMerge w:val="restart"/><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr>
    </w:tc>
    <w:tc><w:tcPr/><w:p><w:tcPr><w:gridSpan w:val="9"/></w:tcPr></w:p></w:tc>
  </w:tr>
  <w:tr><w:trPr><w:gridBefore w:val="1"/><w:del/></w:trPr></w:tr>
</w:tbl>"""


@pytest.mark.parametrize("path", ["w:tcPr/w:vMerge", "w:tcPr/w:gridSpan", "w:tcPr/w:hMerge", "w:tcPr",
                                  "w:trPr/w:del", "w:trPr/w:gridBefore", "w:p", "w:tc/w:tcPr/w:vMerge"])
def test_prop_finds_what_elementpath_finds(path):
    tbl = etree.fromstring(XML)
    for el in tbl.iter():
        assert _prop(el, path) is el.find(path, namespaces=_NS), (el.tag, path)
