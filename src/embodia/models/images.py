"""Camera images to base64 data URLs at a configurable resolution."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from embodia.types import EmbodiaError

FORMATS = ("png", "jpeg")


def resized(pixels: np.ndarray, max_side: int) -> Image.Image:
    """The image scaled (aspect kept) so that its longer side is `max_side` pixels (never upscaled)."""
    if pixels.ndim != 3 or pixels.shape[2] != 3:
        raise EmbodiaError(f"image must be H x W x 3, got shape {pixels.shape}")
    img = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8))
    scale = max_side / max(img.size)
    if scale < 1.0:
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))),
                         Image.Resampling.BILINEAR)
    return img


def data_url(pixels: np.ndarray, max_side: int = 448, fmt: str = "jpeg", quality: int = 90) -> str:
    """`data:image/...;base64,...` for an RGB array, resized to `max_side` on its longer side."""
    if fmt not in FORMATS:
        raise EmbodiaError(f"unknown image format '{fmt}'; valid: {', '.join(FORMATS)}")
    buf = io.BytesIO()
    img = resized(pixels, max_side)
    if fmt == "jpeg":
        img.save(buf, format="JPEG", quality=quality)
    else:
        img.save(buf, format="PNG", compress_level=1)
    return f"data:image/{fmt};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def sent_size(pixels: np.ndarray, max_side: int) -> tuple[int, int]:
    """(width, height) of the image as sent for a given `max_side`."""
    h, w = pixels.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    return (max(1, round(w * scale)), max(1, round(h * scale))) if scale < 1.0 else (w, h)
