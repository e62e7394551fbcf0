"""Shared fixtures. Everything runs headless with real physics and rendering."""

from __future__ import annotations

import os

os.environ.setdefault("MUJOCO_GL", "egl")

import pytest  # noqa: E402

from embodia.sim.scene import playground  # noqa: E402
from embodia.sim.world import World  # noqa: E402


@pytest.fixture(scope="module")
def playground_world() -> World:
    return World(playground(), seed=0)
