"""Where a camera provider's images come from. By default they are rendered from the simulated world
(`sim.render.Cameras`); `GivenFrames` holds frames taken elsewhere (a physical RGB-D camera) with their
calibration, behind the same methods, so the rgbd pipeline runs on them unchanged.

A frame source has `world` (the world whose catalogue names the objects and whose robot model is the
self-filter), `names`, and per camera `rgb`, `depth` (metres along the optical axis), `intrinsics` and
`extrinsics` (position and rotation, columns x right, y up, z backward, in the world frame).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embodia.sim.render import CameraIntrinsics
from embodia.sim.world import World
from embodia.types import EmbodiaError

OPENCV_TO_GL = np.diag([1.0, -1.0, -1.0])  # OpenCV camera axes (y down, z forward) -> y up, z backward

__all__ = ["GivenFrame", "GivenFrames", "intrinsics_of", "pose_from_opencv"]


def intrinsics_of(K) -> CameraIntrinsics:
    """A 3x3 camera matrix as intrinsics."""
    K = np.asarray(K, dtype=float)
    return CameraIntrinsics(float(K[0, 0]), float(K[1, 1]), float(K[0, 2]), float(K[1, 2]))


def pose_from_opencv(camera_in_world) -> tuple[np.ndarray, np.ndarray]:
    """A 4x4 camera pose with OpenCV axes (as `embodia calibrate` saves it) as (position, rotation) with the
    renderer's axes."""
    T = np.asarray(camera_in_world, dtype=float)
    return T[:3, 3].copy(), T[:3, :3] @ OPENCV_TO_GL


@dataclass(frozen=True)
class GivenFrame:
    """One camera's RGB (H, W, 3 uint8) and registered depth (H, W metres; 0 or non-finite = no reading)."""

    rgb: np.ndarray
    depth: np.ndarray
    intrinsics: CameraIntrinsics
    position: np.ndarray
    rotation: np.ndarray


class GivenFrames:
    """Frames supplied from outside, one look's worth; `update` swaps in the next look's."""

    def __init__(self, world: World, frames: dict[str, GivenFrame] | None = None) -> None:
        self.world = world
        self.names = sorted(world.objects)
        self.frames: dict[str, GivenFrame] = {}
        self.update(frames or {})

    def update(self, frames: dict[str, GivenFrame]) -> None:
        for cam, f in frames.items():
            if f.rgb.shape[:2] != f.depth.shape[:2]:
                raise EmbodiaError(f"camera '{cam}': colour {f.rgb.shape[1]}x{f.rgb.shape[0]} and depth "
                                   f"{f.depth.shape[1]}x{f.depth.shape[0]} differ; the depth must be registered "
                                   "to the colour image")
        self.frames = dict(frames)

    def _frame(self, camera: str) -> GivenFrame:
        if camera not in self.frames:
            raise EmbodiaError(f"no frame from camera '{camera}'; have: {', '.join(sorted(self.frames)) or 'none'}")
        return self.frames[camera]

    def rgb(self, camera: str) -> np.ndarray:
        return self._frame(camera).rgb

    def depth(self, camera: str) -> np.ndarray:
        """Metres; pixels with no reading are NaN, so they fall outside every volume the pipeline keeps."""
        d = np.asarray(self._frame(camera).depth, dtype=np.float32)
        return np.where(np.isfinite(d) & (d > 0), d, np.nan).astype(np.float32)

    def segmentation(self, camera: str) -> np.ndarray:
        raise EmbodiaError("frames from real cameras carry no instance masks; use the rgbd perception mode")

    def intrinsics(self, camera: str) -> CameraIntrinsics:
        return self._frame(camera).intrinsics

    def extrinsics(self, camera: str) -> tuple[np.ndarray, np.ndarray]:
        f = self._frame(camera)
        return np.asarray(f.position, float).copy(), np.asarray(f.rotation, float).copy()

    def close(self) -> None:
        pass
