"""Shared fixtures. Everything runs headless with real physics and rendering."""

from __future__ import annotations

import pytest

from embodia.sim.scene import playground  # importing embodia chose the GL backend (MUJOCO_GL) already
from embodia.sim.world import World


@pytest.fixture(scope="module")
def playground_world() -> World:
    return World(playground(), seed=0)
