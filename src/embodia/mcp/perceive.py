"""The perception modes the server offers (`--perception`): the shared list of modes when the perception layer
has one (`perception.modes`), else the two providers it has always had."""

from __future__ import annotations

from typing import Any

try:  # the modes camera | rgbd | privileged, with their factory
    from embodia.perception import modes as _modes
except ImportError:  # an older perception layer: privileged and camera providers only
    _modes = None

MODES: tuple[str, ...] = tuple(_modes.MODES) if _modes else ("privileged", "camera")
DEFAULT: str = _modes.DEFAULT_MODE if _modes else "privileged"


def make_provider(mode: str, world: Any) -> Any:
    """A fresh perception provider for one scene (`world`'s seed seeds any sensor noise)."""
    from embodia.types import unknown

    if mode not in MODES:
        raise unknown("perception mode", mode, MODES)
    if _modes:
        return _modes.make_provider(mode, world)
    from embodia.perception.camera import CameraProvider
    from embodia.perception.provider import PrivilegedProvider

    return PrivilegedProvider() if mode == "privileged" else CameraProvider(seed=world.seed)
