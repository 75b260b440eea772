"""Page images for OCR: loading with bounded memory, and the clean-up before tesseract.

Loading checks the pixel count from the file header before anything is decoded:
an image over Pillow's decompression-bomb limit (``PIL.Image.MAX_IMAGE_PIXELS``,
89 MP by default; raise it deliberately to read larger files) is refused with a
ReadError, and one over MAX_OCR_PIXELS is shrunk, for JPEG already while decoding.

prepare_page turns a grey page into what tesseract reads, in this order:

    scale to the OCR resolution -> even out the background (uneven light, grey paper)
    -> blank page?  -> photo of a sheet on a desk? flatten its outline to a rectangle
    -> deskew (angle from text lines and table rules)
    -> sideways? (ink banded across columns, not rows) upside down? (ascenders and tone
       marks above the x-height band outnumber the descenders and dots below it);
       tesseract OSD only when the page is sideways or that is unclear
    -> ruling masks (extract/ocr/grid.py) -> rules erased, edges sharpened, specks
       removed = OCR image

Every step keeps the (projective) map back to the loaded image, so a box found in the OCR
image can be reported on the page as stored (see PreparedPage.to_source).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..model import ReadError, os_error
from .grid import ink_below, rule_masks

MAX_OCR_PIXELS = 40_000_000  # larger pages are shrunk before OCR (A4 at 600 dpi is 35 MP)
MIN_DPI, MAX_DPI = 50.0, 2400.0  # a declared resolution outside this is not believed
A4_LONG_INCHES = 11.69
MAX_SKEW = 15.0  # degrees searched when deskewing
BLANK_INK_SHARE = 0.0003  # less ink than this (after despeckling) is a blank page
SURROUND_CONTRAST = 40  # grey levels a photographed sheet must stand out from its surround
FLIP_MARGIN = 0.08  # how far the above/below share must be from 1/2 to decide without OSD


# ------------------------------------------------------------------ loading


@dataclass
class PageImage:
    """One page as loaded: 8-bit grey, and its resolution (declared, else estimated)."""

    gray: np.ndarray
    dpi: float


def count_frames(path: Path) -> int:
    """Pages in an image file (a multi-page TIFF has several)."""
    with _open(path) as im:
        return getattr(im, "n_frames", 1)


def load_frame(path: Path, index: int = 0, max_pixels: int = MAX_OCR_PIXELS) -> PageImage:
    """Decode one page of an image file as grey, shrunk to at most max_pixels."""
    with _open(path) as im:
        if index:
            try:
                im.seek(index)
            except EOFError as e:
                raise ReadError("corrupt", f"image has no page {index + 1}") from e
        w, h = im.size
        _check_size(w, h)
        dpi = _resolution(im.info.get("dpi"), w, h)
        scale = min(1.0, math.sqrt(max_pixels / (w * h)))
        if scale < 1.0 and im.format == "JPEG":
            # the JPEG decoder shrinks by 1/2, 1/4 or 1/8 while decoding: the full image never exists
            im.draft("L", (max(1, int(w * scale)), max(1, int(h * scale))))
            dpi *= im.size[0] / w
        try:
            gray = to_gray(ImageOps.exif_transpose(im) if im.format == "JPEG" else im)
        except (OSError, ValueError, SyntaxError) as e:
            raise ReadError("corrupt", f"corrupt or truncated image: {e}") from e
    h2, w2 = gray.shape
    if h2 * w2 > max_pixels:
        s = math.sqrt(max_pixels / (h2 * w2))
        gray = cv2.resize(gray, (max(1, int(w2 * s)), max(1, int(h2 * s))), interpolation=cv2.INTER_AREA)
        dpi *= s
    return PageImage(gray, dpi)


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # between the limit and twice the limit Pillow only warns; _check_size refuses those too
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as e:
        m = re.search(r"\((\d+) pixels\)", str(e))
        size = f"{int(m.group(1)) / 1e6:.0f} MP" if m else "too many pixels"
        raise ReadError("too_large", f"image too large to decode safely: {size}, over the limit of "
                        f"{(Image.MAX_IMAGE_PIXELS or 0) / 1e6:.0f} MP (PIL.Image.MAX_IMAGE_PIXELS)") from e
    except UnidentifiedImageError as e:
        raise ReadError("corrupt", "not a readable image (unknown or corrupt format)") from e
    except OSError as e:
        raise os_error(e, "image") from e


def _check_size(w: int, h: int) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and w * h > limit:
        raise ReadError("too_large", f"image too large to decode safely: {w}×{h} px ({w * h / 1e6:.0f} MP), over the limit "
                        f"of {limit / 1e6:.0f} MP (PIL.Image.MAX_IMAGE_PIXELS)")
    if w < 16 or h < 16:
        raise ReadError("empty", f"image too small to hold text: {w}×{h} px")


def _resolution(declared: object, w: int, h: int) -> float:
    """The declared dpi when it gives a plausible page, else one estimated from an A4 page."""
    try:
        dpi = float(declared[0])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if MIN_DPI <= dpi <= MAX_DPI and 3.0 <= max(w, h) / dpi <= 50.0:
        return dpi
    return max(MIN_DPI, max(w, h) / A4_LONG_INCHES)


def to_gray(im: Image.Image) -> np.ndarray:
    """8-bit grey from any Pillow mode: transparency over white, 16-bit scaled, not clipped."""
    mode = im.mode
    if mode in ("L", "1", "P", "RGB", "CMYK", "YCbCr", "LAB", "HSV") and "transparency" not in im.info:
        return np.asarray(im.convert("L"))
    if mode in ("RGBA", "LA", "PA", "P", "RGBa", "La"):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("L"))
    arr = np.asarray(im)
    if arr.ndim == 3:
        arr = arr[..., :3].mean(axis=2)
    arr = arr.astype(np.float64)
    top = float(arr.max()) or 1.0
    return np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8)


# ------------------------------------------------------------------ clean-up


@dataclass
class PreparedPage:
    """The OCR image and how it relates to the loaded page image.

    `to_source` maps a box of the OCR image to the loaded page (flattening, deskew and
    quarter turns undone) at the OCR resolution: pixels of the page as stored, scaled
    by `scale`.
    """

    ocr: np.ndarray  # what tesseract reads: grey, background evened, rules erased
    binary: np.ndarray  # ink = 255, same frame as `ocr` (rules kept)
    dpi: float  # resolution of `ocr`
    scale: float  # ocr pixels per loaded-image pixel
    angle: float  # degrees the page was turned back (deskew), counter-clockwise positive
    blank: bool
    source_size: tuple[int, int]  # (width, height) of the loaded page at the OCR resolution
    inverse: np.ndarray | None = None  # 3x3 projective map: OCR image -> source frame
    rules_h: np.ndarray | None = None  # ruling masks (255), same frame as `ocr`
    rules_v: np.ndarray | None = None
    quarters: int = 0  # clockwise quarter turns applied to make the text upright
    flattened: bool = False  # a photographed sheet's outline was mapped back to a rectangle

    def to_source(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        if self.inverse is None:
            return box
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64) @ self.inverse.T
        pts = pts[:, :2] / pts[:, 2:3]
        w, h = self.source_size
        return (max(0.0, float(pts[:, 0].min())), max(0.0, float(pts[:, 1].min())),
                min(float(w), float(pts[:, 0].max())), min(float(h), float(pts[:, 1].max())))


def even_background(gray: np.ndarray) -> np.ndarray:
    """Divide by the paper's brightness (estimated at 1/4 size): white paper, dark ink,
    whatever the lighting. Text strokes vanish in the 15 px closing at 1/4 size."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    bg = cv2.medianBlur(bg, 9)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(bg, 1), scale=255)


def binarize(norm: np.ndarray) -> np.ndarray:
    """Ink = 255. Otsu on the evened image, but never lighter than mid-grey paper noise."""
    t, _ = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, 100.0), 200.0)
    return ink_below(norm, t)


def is_blank(binary: np.ndarray) -> bool:
    clean = cv2.medianBlur(binary, 3)  # specks and grain go, strokes stay
    return cv2.countNonZero(clean) < BLANK_INK_SHARE * binary.size


def _ink_points(binary: np.ndarray, limit: int = 150_000) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of ink pixels; a random sample of them on a dense page (a regular
    grid sample would favour the angle 0, where its rows line up)."""
    ys, xs = np.nonzero(binary)
    if len(xs) > limit:
        pick = np.random.default_rng(0).choice(len(xs), limit, replace=False)
        xs, ys = xs[pick], ys[pick]
    return xs.astype(np.float64), ys.astype(np.float64)


def estimate_skew(binary: np.ndarray, max_angle: float = MAX_SKEW) -> float:
    """Angle (degrees, counter-clockwise positive in image coordinates) that makes text
    lines and rules horizontal: the one whose row profile of ink is the most peaked."""
    xs, ys = _ink_points(binary)
    if len(xs) < 200:
        return 0.0

    def sharpness(deg: float) -> float:
        t = math.radians(deg)
        y = ys * math.cos(t) - xs * math.sin(t)
        hist = np.bincount((y - y.min()).astype(np.int64))
        return float(np.dot(hist, hist))

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.02), key=sharpness)
    return float(best)


def rotation(shape: tuple[int, int], angle: float) -> tuple[np.ndarray, tuple[int, int]]:
    """Affine map turning an image by `angle` degrees about its centre, with the canvas
    grown so no corner is cut off, and the new (width, height)."""
    h, w = shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(math.ceil(h * sin + w * cos)), int(math.ceil(h * cos + w * sin))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return m, (nw, nh)


def _line_segments(profile: np.ndarray, floor: float) -> list[tuple[int, int]]:
    on = profile > floor
    out, y, n = [], 0, len(profile)
    while y < n:
        if on[y]:
            start = y
            while y < n and on[y]:
                y += 1
            out.append((start, y))
        y += 1
    return out


def upside_down_vote(binary: np.ndarray) -> float | None:
    """Share of the ink outside the x-height band that lies above it (upright Latin or
    Vietnamese text: ascenders and tone marks above outweigh descenders and dots below,
    well over 1/2). Measured per text line in vertical strips of the page, so cells of
    one table row set at different heights do not blur into one line. None when there
    are too few lines to tell."""
    h, w = binary.shape
    n_strips = max(1, min(6, w // 200))
    bounds = np.linspace(0, w, n_strips + 1).astype(int)
    found = []  # (height, above, below)
    for x0, x1 in zip(bounds, bounds[1:]):
        profile = binary[:, x0:x1].sum(axis=1, dtype=np.float64) / 255.0
        for a, b in _line_segments(profile, 1.0):
            prof = profile[a:b]
            if b - a < 6:
                continue
            core = np.nonzero(prof >= 0.5 * prof.max())[0]
            lo, hi = int(core[0]), int(core[-1])
            found.append((b - a, float(prof[:lo].sum()), float(prof[hi + 1:].sum())))
    if not found:
        return None
    typical = float(np.median([f[0] for f in found]))
    lines = [f for f in found if 0.6 * typical <= f[0] <= 1.6 * typical]  # one text line, not a block
    above = sum(f[1] for f in lines)
    below = sum(f[2] for f in lines)
    if len(lines) < 3 or above + below == 0:
        return None
    return above / (above + below)


def _peakiness(profile: np.ndarray) -> float:
    p = profile.astype(np.float64)
    total = float(p.sum())
    return float((p * p).sum()) * len(p) / (total * total) if total else 1.0


def looks_sideways(text: np.ndarray) -> bool:
    """Text lines run up or down the page: ink is more banded across the columns than
    across the rows (upright pages of the samples: rows at least 1.04 times as banded,
    pages turned by 90 degrees: at most 0.95)."""
    return _peakiness(text.sum(axis=1)) < _peakiness(text.sum(axis=0))


def find_page_quad(gray: np.ndarray) -> np.ndarray | None:
    """Corners (top-left, top-right, bottom-right, bottom-left; pixels) of a bright sheet
    photographed on a clearly darker surface, or None: a scan (the page fills the image,
    or there is no dark surround) is left alone."""
    h, w = gray.shape
    f = min(1.0, 800.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))  # text holes
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = cv2.convexHull(max(contours, key=cv2.contourArea))
    area = cv2.contourArea(sheet)
    if not 0.3 * mask.size <= area <= 0.97 * mask.size:
        return None
    corners = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(corners) != 4:
        return None
    inside = np.zeros_like(mask)
    cv2.fillConvexPoly(inside, corners, 255)
    if float(blur[inside > 0].mean()) - float(blur[inside == 0].mean()) < SURROUND_CONTRAST:
        return None
    pts = corners.reshape(4, 2).astype(np.float64) / f
    by_sum, by_diff = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[by_sum.argmin()], pts[by_diff.argmin()], pts[by_sum.argmax()], pts[by_diff.argmax()]],
                    dtype=np.float32)


def flatten(quad: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """Projective map taking the sheet's corners to an upright rectangle of its size."""
    tl, tr, br, bl = quad
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    return cv2.getPerspectiveTransform(quad, target), (width, height)


def upright_strokes(ocr: np.ndarray, box: tuple[float, float, float, float]) -> int | None:
    """Separate strokes in a band across the upper middle of the capitals in `box` (a
    Roman numeral: I gives one, V and X two each; below the serifs, which may touch, and
    above a trailing dash). None when no capitals are found."""
    h, w = ocr.shape
    x0, y0, x1, y1 = max(0, int(box[0])), max(0, int(box[1])), min(w, int(box[2])), min(h, int(box[3]))
    if x1 - x0 < 3 or y1 - y0 < 6:
        return None
    ink = binarize(ocr[y0:y1, x0:x1])
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    parts = [st for st in stats[1:n] if st[4] > 10]
    if not parts:
        return None
    tallest = max(st[3] for st in parts)
    caps = [st for st in parts if st[3] >= 0.6 * tallest]
    top, bottom = min(st[1] for st in caps), max(st[1] + st[3] for st in caps)
    right = max(st[0] + st[2] for st in caps)
    height = bottom - top
    band = ink[top + int(0.25 * height): top + int(0.45 * height), :right]
    if band.size == 0:
        return None
    cols = band.max(axis=0) > 0
    return int(cols[0]) + int(np.sum(cols[1:] & ~cols[:-1]))


def remove_rules(image: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Paint the ruling lines (and a pixel around them) white."""
    if not cv2.countNonZero(rules):
        return image
    grown = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    out = image.copy()
    out[grown > 0] = 255
    return out


def despeckle(gray: np.ndarray) -> np.ndarray:
    """White paper wherever no real stroke is near: grain and specks around a short
    isolated snippet ("2.1.") otherwise turn its dots into colons."""
    ink = binarize(gray)
    strokes = cv2.dilate(cv2.medianBlur(ink, 3), np.ones((3, 3), np.uint8))
    return cv2.max(gray, cv2.bitwise_not(strokes))  # strokes are 0 or 255: paper turns white, ink stays


def sharpen(gray: np.ndarray, amount: float = 1.0) -> np.ndarray:
    """Unsharp mask: scanner blur softens the dots and tone marks tesseract needs."""
    blur = cv2.GaussianBlur(gray, (0, 0), 1.0)
    return cv2.addWeighted(gray, 1.0 + amount, blur, -amount, 0)


def scale_to(gray: np.ndarray, dpi: float, target_dpi: float | None, max_pixels: int = MAX_OCR_PIXELS) -> tuple[np.ndarray, float]:
    """Resample to the OCR resolution (within 5 % is left alone); the factor applied."""
    h, w = gray.shape
    s = target_dpi / dpi if target_dpi else 1.0
    s = min(s, math.sqrt(max_pixels / (w * h)))
    if abs(s - 1.0) < 0.05:
        return gray, 1.0
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    out = cv2.resize(gray, (max(1, round(w * s)), max(1, round(h * s))), interpolation=interp)
    return out, out.shape[1] / w


def _affine3(m: np.ndarray) -> np.ndarray:
    return np.vstack([m, [0.0, 0.0, 1.0]])


def _turn(images: list[np.ndarray], quarters: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Turn images clockwise by quarter turns; the affine map of that turn."""
    h, w = images[0].shape
    code = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}[quarters]
    m = {1: [[0, -1, h - 1], [1, 0, 0]], 2: [[-1, 0, w - 1], [0, -1, h - 1]], 3: [[0, 1, 0], [-1, 0, w - 1]]}[quarters]
    return [cv2.rotate(im, code) for im in images], np.array(m, dtype=np.float64)



def _deskew(norm: np.ndarray, binary: np.ndarray,
            forward: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Rotate the page level when its lines lean; the binary image and the page transform
    follow. Returns them with the measured angle."""
    angle = estimate_skew(binary)
    if abs(angle) < 0.05:
        return norm, binary, forward, angle
    m, size = rotation(norm.shape, angle)
    norm = cv2.warpAffine(norm, m, size, flags=cv2.INTER_LINEAR, borderValue=255)
    return norm, binarize(norm), _affine3(m) @ forward, angle

def prepare_page(page: PageImage, target_dpi: float | None = None, sharpen_amount: float = 1.0,
                 osd: Callable[[np.ndarray], int | None] | None = None) -> PreparedPage:
    """The OCR image of one page at `target_dpi` (None: as loaded), with its rule masks.

    `osd` is asked for the clockwise turn (0/90/180/270) that makes the text upright,
    only when the cheap upside-down vote cannot decide.
    """
    gray, s = scale_to(page.gray, page.dpi, target_dpi)
    dpi = page.dpi * s
    source_size = (gray.shape[1], gray.shape[0])
    norm = even_background(gray)
    binary = binarize(norm)
    prepared = PreparedPage(norm, binary, dpi, s, 0.0, False, source_size)
    if is_blank(binary):
        prepared.blank = True
        return prepared
    forward = np.eye(3)
    quad = find_page_quad(gray)
    if quad is not None:  # a photo of a sheet on a desk: flatten the sheet first
        m, size = flatten(quad)
        gray = cv2.warpPerspective(gray, m, size, flags=cv2.INTER_LINEAR, borderValue=255)
        norm = even_background(gray)
        binary = binarize(norm)
        forward = m @ forward
        prepared.flattened = True
    norm, binary, forward, angle = _deskew(norm, binary, forward)
    rules_h, rules_v = rule_masks(norm, dpi)
    text = cv2.bitwise_and(binary, cv2.bitwise_not(cv2.dilate(rules_h | rules_v, np.ones((3, 3), np.uint8))))
    vote = upside_down_vote(text) if not looks_sideways(text) else None
    quarters = 0
    if vote is not None and abs(vote - 0.5) >= FLIP_MARGIN:
        quarters = 2 if vote < 0.5 else 0
    elif osd is not None:
        quarters = ((osd(norm) or 0) // 90) % 4
    if quarters:
        (norm, binary, rules_h, rules_v), m = _turn([norm, binary, rules_h, rules_v], quarters)
        forward = _affine3(m) @ forward
        if quarters % 2:  # text was sideways: its lines were not what the deskew measured
            norm, binary, forward, angle = _deskew(norm, binary, forward)
            rules_h, rules_v = rule_masks(norm, dpi)  # a quarter turn swaps horizontal and vertical
    ocr = sharpen(norm, sharpen_amount) if sharpen_amount else norm
    ocr = despeckle(remove_rules(ocr, rules_h | rules_v))
    prepared.ocr, prepared.binary = ocr, binary
    prepared.rules_h, prepared.rules_v = rules_h, rules_v
    prepared.angle, prepared.quarters = angle, quarters
    if not np.allclose(forward, np.eye(3)):
        prepared.inverse = np.linalg.inv(forward)
    return prepared
