"""Grounding adapter: a model's 2D point or box -> the object whose segmentation mask holds it.

Coordinate conventions by model family (documented by each family):
- `qwen2.5`: Qwen2.5-VL answers in absolute pixels of its own resized input: the image as sent, resized by
  the processor's smart_resize (sides rounded to multiples of 28, total pixels in [3136, 12845056]); (x, y).
- `qwen2`, `qwen3`: Qwen2-VL and Qwen3-VL answer in coordinates normalised to 0-1000; (x, y).
- `gemini`: Gemini answers [y, x] normalised to 0-1000; boxes as [ymin, xmin, ymax, xmax].
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from embodia.types import EmbodiaError

CONVENTIONS = ("qwen2.5", "qwen2", "qwen3", "gemini")
DESCRIBE = {
    "qwen2.5": "absolute pixels (x, y) of the image as you see it",
    "qwen2": "coordinates (x, y) normalised to 0-1000",
    "qwen3": "coordinates (x, y) normalised to 0-1000",
    "gemini": "coordinates [y, x] normalised to 0-1000",
}
PATCH, MIN_PIXELS, MAX_PIXELS = 28, 56 * 56, 14 * 14 * 4 * 16384


def check_convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise EmbodiaError(f"unknown grounding convention '{convention}'; valid: {', '.join(CONVENTIONS)}")
    return convention


def smart_resize(height: int, width: int, factor: int = PATCH, min_pixels: int = MIN_PIXELS,
                 max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """(height, width) a Qwen2.5-VL processor feeds the model for an image of this size."""
    h = max(factor, round(height / factor) * factor)
    w = max(factor, round(width / factor) * factor)
    if h * w > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h = max(factor, math.floor(height / beta / factor) * factor)
        w = max(factor, math.floor(width / beta / factor) * factor)
    elif h * w < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h = math.ceil(height * beta / factor) * factor
        w = math.ceil(width * beta / factor) * factor
    return h, w


def model_frame(convention: str, sent_w: int, sent_h: int) -> tuple[float, float]:
    """(width, height) of the coordinate frame a family answers in, for an image sent at sent_w x sent_h."""
    if check_convention(convention) == "qwen2.5":
        h, w = smart_resize(sent_h, sent_w)
        return float(w), float(h)
    return 1000.0, 1000.0


def to_fraction(point: Sequence[float], convention: str, sent_w: int, sent_h: int) -> tuple[float, float]:
    """A model point as (x, y) fractions of the image width and height."""
    if len(point) != 2:
        raise EmbodiaError(f"a point has 2 coordinates, got {len(point)}: {list(point)}")
    a, b = float(point[0]), float(point[1])
    x, y = (b, a) if convention == "gemini" else (a, b)
    fw, fh = model_frame(convention, sent_w, sent_h)
    return x / fw, y / fh


def box_fractions(box: Sequence[float], convention: str, sent_w: int, sent_h: int) -> tuple[float, ...]:
    """A model box as (x0, y0, x1, y1) fractions."""
    if len(box) != 4:
        raise EmbodiaError(f"a box has 4 coordinates, got {len(box)}: {list(box)}")
    x0, y0 = to_fraction(box[:2], convention, sent_w, sent_h)
    x1, y1 = to_fraction(box[2:], convention, sent_w, sent_h)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _named(ids: np.ndarray, names: Sequence[str]) -> str | None:
    ids = ids[(ids > 0) & (ids <= len(names))]
    if ids.size == 0:
        return None
    return names[int(np.bincount(ids).argmax()) - 1]


def object_at_point(point: Sequence[float], convention: str, mask: np.ndarray, names: Sequence[str],
                    sent_w: int, sent_h: int, radius: int = 2) -> str:
    """The object under a model point (or, if none, the commonest within `radius` pixels of it)."""
    fx, fy = to_fraction(point, convention, sent_w, sent_h)
    h, w = mask.shape
    col, row = int(min(w - 1, max(0, fx * w))), int(min(h - 1, max(0, fy * h)))
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise EmbodiaError(f"point {list(point)} lies outside the image in {convention} coordinates")
    hit = _named(mask[row:row + 1, col:col + 1], names) or _named(
        mask[max(0, row - radius):row + radius + 1, max(0, col - radius):col + radius + 1], names)
    if hit is None:
        raise EmbodiaError(f"point {list(point)} ({convention}) hits no object; point at an object or use "
                           f"its name: {', '.join(names)}")
    return hit


def object_in_box(box: Sequence[float], convention: str, mask: np.ndarray, names: Sequence[str],
                  sent_w: int, sent_h: int) -> str:
    """The object covering most of a model box."""
    x0, y0, x1, y1 = box_fractions(box, convention, sent_w, sent_h)
    h, w = mask.shape
    c0, c1 = int(max(0, x0 * w)), int(min(w, math.ceil(x1 * w)))
    r0, r1 = int(max(0, y0 * h)), int(min(h, math.ceil(y1 * h)))
    hit = _named(mask[r0:max(r1, r0 + 1), c0:max(c1, c0 + 1)], names)
    if hit is None:
        raise EmbodiaError(f"box {list(box)} ({convention}) holds no object; use a name: {', '.join(names)}")
    return hit
