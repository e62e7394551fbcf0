"""The local transformers backend on tiny randomly initialised Qwen2.5-VL and Qwen3-VL models built here from
configs, with a tokenizer built here (no downloads): an image goes in, tokens come out, and the (random) text
is parsed and validated without crashing the brain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tiny_qwen  # needs embodia[local] (the test extra installs it): a missing install fails, never skips

from embodia.brains.base import Observation
from embodia.brains.factory import make_brain
from embodia.models import ImagePart, Message, make_backend
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.world import World
from embodia.tasks.registry import get_task
from embodia.types import EmbodiaError


@pytest.fixture(scope="module", params=["qwen2_5_vl", "qwen3_vl"])
def tiny(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_qwen.build(tmp_path_factory.mktemp(request.param) / request.param, request.param)


def test_image_in_tokens_out(tiny: Path) -> None:
    backend = make_backend(f"local:{tiny},max_tokens=8,image_px=112")
    img = np.zeros((448, 448, 3), np.uint8)
    img[100:200, 100:200] = (255, 0, 0)
    msgs = [Message.text("system", "answer in JSON"), Message("user", ("look:", ImagePart("front", img), "which?"))]
    enc = backend._encode(backend._chat(msgs))
    n_image_tokens = int((enc["input_ids"] == backend.tokenizer.convert_tokens_to_ids("<|image_pad|>")).sum())
    grid = enc["image_grid_thw"][0]
    assert n_image_tokens == int(grid.prod()) // backend.images.merge_size ** 2 > 0
    c = backend.complete(msgs, {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})
    assert c.completion_tokens >= 1 and c.prompt_tokens > enc["input_ids"].shape[1]  # + the schema text
    assert c.data is None and c.error  # random weights: not JSON, reported as an error, never raised
    assert c.request["messages"][1]["content"][1] == "<image front 448x448>"


def test_brain_on_random_model_fails_cleanly(tiny: Path) -> None:
    inst = get_task("stack-2").make(0)
    brain = make_brain(f"local:{tiny},max_tokens=6,repairs=1,image_px=112,grounding=none")
    assert brain.cameras == ("front",)
    world = World(inst.scene, seed=0)
    obs = Observation(PrivilegedProvider().observe(world), {"front": np.zeros((448, 448, 3), np.uint8)})
    with pytest.raises(EmbodiaError, match="gave no valid answer in 2 tries"):
        brain.ground(inst.instruction, obs)
    assert len(brain.model_calls) == 2 and all(c.completion_tokens > 0 for c in brain.model_calls)


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(EmbodiaError, match="holds no model"):
        make_backend(f"local:{tmp_path}")
