"""Perception modes: what the agent may sense, by name.

- `camera` (default): RGB-D of the scene's cameras plus proprioception; the simulator's rendered instance
  masks stand in for a perfect segmenter. No simulator poses.
- `rgbd`: the same without masks: segmentation from RGB-D alone (table plane, clusters, colour and shape).
- `privileged`: the simulator's state, exactly; a labelled shortcut for fast iteration.
"""

from __future__ import annotations

from typing import Any

from embodia.perception.provider import PerceptionProvider, PrivilegedProvider
from embodia.sim.world import World
from embodia.types import EmbodiaError

MODES = ("camera", "rgbd", "privileged")
DEFAULT_MODE = "camera"

__all__ = ["MODES", "DEFAULT_MODE", "check_mode", "make_provider"]


def check_mode(mode: str) -> str:
    """The mode, or one line naming the valid ones."""
    if mode not in MODES:
        raise EmbodiaError(f"unknown perception mode '{mode}'; valid: {', '.join(MODES)}")
    return mode


def make_provider(mode: str = DEFAULT_MODE, world: World | None = None, **options: Any) -> PerceptionProvider:
    """A fresh provider for `mode` (options go to the camera providers: cameras, height, width, depth_noise,
    pose_jitter, seed, frames). `world`, when given, is the world it will observe (its seed seeds the noise)."""
    check_mode(mode)
    if mode == "privileged":
        return PrivilegedProvider()
    if world is not None:
        options.setdefault("seed", world.seed)
    if mode == "camera":
        from embodia.perception.camera import CameraProvider

        return CameraProvider(**options)
    from embodia.perception.rgbd import RgbdProvider

    return RgbdProvider(**options)
