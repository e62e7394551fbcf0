"""The grounding adapter on rendered images with known object masks, for each family's convention."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.models.grounding import (
    CONVENTIONS,
    model_frame,
    object_at_point,
    object_in_box,
    smart_resize,
)
from embodia.sim.render import Cameras
from embodia.sim.world import World
from embodia.tasks.registry import get_task
from embodia.types import EmbodiaError

H = W = 448  # rendered (and mask) size
SENT = 336  # the image as sent to the model (image_px)


@pytest.fixture(scope="module")
def rendered() -> tuple[np.ndarray, list[str]]:
    inst = get_task("sort-3").make(0)
    with Cameras(World(inst.scene, seed=0), H, W) as cams:
        return cams.segmentation("front"), cams.names


def encode(convention: str, x: float, y: float) -> list[float]:
    """A pixel position (x, y fractions of the image) as the family would write it."""
    fw, fh = model_frame(convention, SENT, SENT)
    px, py = x * fw, y * fh
    return [py, px] if convention == "gemini" else [px, py]


def visible(mask: np.ndarray, names: list[str]) -> list[str]:
    return [n for i, n in enumerate(names) if (mask == i + 1).sum() > 30]


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_points_and_boxes_land_on_their_objects(rendered: tuple[np.ndarray, list[str]], convention: str) -> None:
    mask, names = rendered
    seen = visible(mask, names)
    assert len(seen) >= 3
    for name in seen:
        rows, cols = np.nonzero(mask == names.index(name) + 1)
        i = int(np.argmin((rows - rows.mean()) ** 2 + (cols - cols.mean()) ** 2))
        point = encode(convention, (cols[i] + 0.5) / W, (rows[i] + 0.5) / H)
        assert object_at_point(point, convention, mask, names, SENT, SENT) == name
        x0, y0 = encode(convention, cols.min() / W, rows.min() / H)
        x1, y1 = encode(convention, (cols.max() + 1) / W, (rows.max() + 1) / H)
        assert object_in_box([x0, y0, x1, y1], convention, mask, names, SENT, SENT) == name


def test_conventions_differ_and_background_is_an_error(rendered: tuple[np.ndarray, list[str]]) -> None:
    mask, names = rendered
    assert smart_resize(336, 336) == (336, 336) and smart_resize(448, 300) == (448, 308)
    assert model_frame("qwen2.5", 336, 336) == (336.0, 336.0) and model_frame("qwen3", 336, 336) == (1000, 1000)
    with pytest.raises(EmbodiaError, match="hits no object"):
        object_at_point([2, 2], "qwen3", mask, names, SENT, SENT)  # the top-left corner is background
    with pytest.raises(EmbodiaError, match="outside the image"):
        object_at_point([1500, 10], "qwen3", mask, names, SENT, SENT)
    with pytest.raises(EmbodiaError, match="unknown grounding convention 'yolo'"):
        object_at_point([1, 1], "yolo", mask, names, SENT, SENT)
