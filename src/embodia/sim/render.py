"""Headless camera rendering: RGB, depth (metres) and per-object segmentation."""

from __future__ import annotations

import atexit
import weakref
from dataclasses import dataclass

import numpy as np

from embodia.sim import gl
from embodia.sim.world import World, mujoco
from embodia.types import unknown

CAMERAS = ("front", "top", "wrist")
_OPEN: weakref.WeakSet = weakref.WeakSet()  # renderers still open, closed at exit before GL teardown
MODES = ("rgb", "depth", "segmentation")


@dataclass(frozen=True)
class CameraIntrinsics:
    fx: float
    fy: float
    cx: float
    cy: float


class Cameras:
    """Renders the world's cameras. Call close() (or use as a context manager) when done.

    `fast=True` (observation cameras) draws the robot with its coarse collision meshes (~1 % of the
    visual meshes' triangles), which is what makes software rendering reach control-loop rates;
    `fast=False` draws the detailed visual meshes for videos.
    """

    def __init__(self, world: World, height: int = 224, width: int = 224, fast: bool = True) -> None:
        self.world = world
        self._option = mujoco.MjvOption()
        self._option.geomgroup[:] = [0, 0, 1, 1, 0, 0] if fast else [1, 0, 1, 0, 0, 0]
        self.height, self.width = height, width
        try:
            self._renderer = mujoco.Renderer(world.model, height, width)
        except Exception as exc:
            raise gl.missing_backend_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        # Map geom id -> object index (0 = background/robot/table) for segmentation.
        self.names = sorted(world.objects)
        lookup = np.zeros(world.model.ngeom + 1, dtype=np.int32)
        for g, n in world.geom_owner.items():
            lookup[g] = self.names.index(n) + 1
        self._lookup = lookup
        if not _OPEN:  # registered after mujoco's EGL atexit hook, so it runs before it
            atexit.register(_close_all)
        _OPEN.add(self)

    def __enter__(self) -> Cameras:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "_renderer", None) is not None:
            self._renderer.close()
            self._renderer = None
            _OPEN.discard(self)

    def _scene(self, camera: str) -> None:
        if camera not in CAMERAS:
            raise unknown("camera", camera, CAMERAS)
        self._renderer.update_scene(self.world.data, camera, scene_option=self._option)

    def rgb(self, camera: str) -> np.ndarray:
        self._scene(camera)
        return self._renderer.render()

    def depth(self, camera: str) -> np.ndarray:
        self._renderer.enable_depth_rendering()
        try:
            self._scene(camera)
            return self._renderer.render().copy()
        finally:
            self._renderer.disable_depth_rendering()

    def segmentation(self, camera: str) -> np.ndarray:
        """Per pixel: 0 for no object, else 1 + index into `self.names`."""
        self._renderer.enable_segmentation_rendering()
        try:
            self._scene(camera)
            seg = self._renderer.render()
        finally:
            self._renderer.disable_segmentation_rendering()
        ids, types = seg[..., 0], seg[..., 1]
        geom = np.where((types == int(mujoco.mjtObj.mjOBJ_GEOM)) & (ids >= 0), ids, self.world.model.ngeom)
        return self._lookup[geom]

    def render(self, camera: str, mode: str = "rgb") -> np.ndarray:
        if mode not in MODES:
            raise unknown("render mode", mode, MODES)
        return {"rgb": self.rgb, "depth": self.depth, "segmentation": self.segmentation}[mode](camera)

    def intrinsics(self, camera: str) -> CameraIntrinsics:
        fovy = np.deg2rad(self.world.model.cam(camera).fovy[0])
        f = 0.5 * self.height / np.tan(fovy / 2)
        return CameraIntrinsics(f, f, (self.width - 1) / 2, (self.height - 1) / 2)

    def extrinsics(self, camera: str) -> tuple[np.ndarray, np.ndarray]:
        """Camera position and rotation (columns: x right, y up, z backward) in the world frame."""
        cam = self.world.model.cam(camera).id
        return self.world.data.cam_xpos[cam].copy(), self.world.data.cam_xmat[cam].reshape(3, 3).copy()


def _close_all() -> None:
    for cams in list(_OPEN):
        cams.close()
