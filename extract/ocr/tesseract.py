"""The tesseract calls of the OCR reader: options, words of an image, orientation."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from ..model import ReadError
from .grid import OcrWord
from .image import MAX_OCR_PIXELS


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"
    dpi: float = 300.0  # resolution tesseract reads at: scans are resampled to it (measured best; see bench_ocr)
    psm: int = 6  # one block of text: keeps the trailing dots of row codes ("1.4.") that psm 11 drops
    sharpen: float = 1.0  # unsharp-mask amount (0: off)
    workers: int | None = None  # page processes; None: $BAOCAO_OCR_WORKERS or min(pages, CPUs)
    page_timeout: float = 120.0  # seconds per tesseract call on a page
    cell_timeout: float = 10.0  # seconds for a page's second look (one call) and for OSD
    second_look: bool = True
    digits_lang: str = "eng"  # second looks read digits only: the English model reads "5" where vie sees "S"
    max_pixels: int = MAX_OCR_PIXELS


DEFAULT_OPTIONS = OcrOptions()


# ------------------------------------------------------------------ tesseract


class OcrTimeout(Exception):
    pass


def _pytesseract():
    try:
        import pytesseract
    except ImportError as e:
        raise ReadError("ocr_unavailable", "OCR needs the pytesseract package (pip install pytesseract)") from e
    # tesseract's own OpenMP threads fight over the cores with the page processes
    # (4-5x slower on 2 cores); pages run in parallel instead. An explicit setting wins.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return pytesseract


_READY: dict[str, str] = {}  # lang -> "" when usable, else the reason


def check_tesseract(lang: str = "vie") -> None:
    """Raise ReadError saying what is missing when tesseract cannot read `lang`."""
    if lang not in _READY:
        reason = ""
        try:
            pt = _pytesseract()
            langs = set(pt.get_languages(config=""))
            missing = [x for x in lang.split("+") if x not in langs]
            if missing:
                reason = (f"tesseract has no language data for {', '.join(missing)} "
                          "(Debian: apt-get install tesseract-ocr-vie)")
        except ReadError as e:
            reason = str(e)
        except Exception as e:  # TesseractNotFoundError, or a broken install
            reason = f"OCR needs the tesseract program (Debian: apt-get install tesseract-ocr tesseract-ocr-vie): {e}"
        _READY[lang] = reason
    if _READY[lang]:
        raise ReadError("ocr_unavailable", _READY[lang])


def _digits_lang(opts: OcrOptions) -> str:
    return opts.digits_lang if opts.digits_lang and tesseract_ready(opts.digits_lang) else opts.lang


def tesseract_ready(lang: str = "vie") -> bool:
    try:
        check_tesseract(lang)
    except ReadError:
        return False
    return True


def _call(fn, image: np.ndarray, **kw):
    pt = _pytesseract()
    with tempfile.TemporaryDirectory(prefix="baocao-ocr-") as tmp:
        # uncompressed (PGM, or PPM for colour): 20x faster to write than PNG, and faster for
        # tesseract to read; the pixels are the same
        path = os.path.join(tmp, "page.pnm")
        cv2.imwrite(path, image)
        try:
            return getattr(pt, fn)(path, **kw)
        except RuntimeError as e:
            if "timeout" in str(e).lower():
                raise OcrTimeout(str(e)) from e
            raise


def ocr_words(image: np.ndarray, dpi: float, options: OcrOptions, psm: int | None = None, extra: str = "",
              timeout: float | None = None) -> list[OcrWord]:
    """Words tesseract reads in `image` (image_to_data), in its pixels."""
    pt = _pytesseract()
    config = f"--psm {psm or options.psm} --dpi {int(round(dpi))} {extra}".strip()
    data = _call("image_to_data", image, lang=options.lang, config=config, output_type=pt.Output.DICT,
                 timeout=timeout or options.page_timeout)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if int(data["level"][i]) != 5 or not text:
            continue
        conf = float(data["conf"][i])
        if conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(OcrWord(unicodedata.normalize("NFC", text), conf, x, y, x + w, y + h, key))
    return words


def osd_turn(image: np.ndarray, options: OcrOptions) -> int | None:
    """Clockwise turn (0/90/180/270) that tesseract's orientation detection asks for."""
    try:
        out = _call("image_to_osd", image, config="--psm 0 -c min_characters_to_try=20", timeout=options.cell_timeout * 3)
    except Exception:  # too little text for OSD, or no osd data: leave the page as it is
        return None
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rotate or not conf or float(conf.group(1)) < 1.0:
        return None
    return int(rotate.group(1)) % 360
