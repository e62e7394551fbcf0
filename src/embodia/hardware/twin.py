"""The simulated twin follows the real table: the real cameras' RGB-D frames, run through the rgbd perception
pipeline (segmentation from depth and colour, catalogue shape fits; no masks), set where the twin's objects are,
so the skills, which plan on the twin, aim at where the real objects are.

Each camera needs a registered depth image (LeRobot's observation key `<camera>_depth`, e.g. a RealSense with
`use_depth=True`) and its calibration from `embodia calibrate` (calibration/cameras.json: the camera's pose in the
robot's frame and its intrinsics). An object the cameras do not find keeps its last pose in the twin and the sync
says so; the item in the simulated hand stays where the hand holds it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embodia.perception.frames import GivenFrame, GivenFrames, intrinsics_of, pose_from_opencv
from embodia.perception.rgbd import RgbdProvider
from embodia.record.steps import Record
from embodia.sim.render import CameraIntrinsics
from embodia.sim.world import World
from embodia.types import EmbodiaError

SETTLE_S = 0.3  # simulated seconds the twin settles after its objects are moved (they come to rest)
MM = 0.001  # metres per depth unit unless the calibration says otherwise (LeRobot's RealSense: millimetres)
NEED_DEPTH = ("the real arm's perception needs a depth camera{}; connect an RGB-D camera and pass it, e.g. "
              "--camera front=realsense:SERIAL (a RealSense with depth on), calibrated with 'embodia calibrate'")


def need_depth(detail: str = "") -> EmbodiaError:
    return EmbodiaError(NEED_DEPTH.format(f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class RealCamera:
    """One calibrated physical camera: where it is in the robot's frame and how it projects."""

    name: str
    intrinsics: CameraIntrinsics
    position: np.ndarray
    rotation: np.ndarray  # columns: x right, y up, z backward (the renderer's axes)
    size: tuple[int, int] | None = None  # (width, height) the intrinsics are for, when the calibration says
    depth_unit: float = MM  # metres per unit of an integer depth image


def load_cameras(path: str | Path, names: tuple[str, ...]) -> dict[str, RealCamera]:
    """The named cameras' calibrations from an `embodia calibrate` JSON file."""
    path = Path(path)
    if not path.is_file():
        raise EmbodiaError(f"no camera calibration at '{path}'; run 'embodia calibrate --camera NAME=...' for each "
                           "camera first (or pass --extrinsics FILE)")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise EmbodiaError(f"cannot read the camera calibration '{path}': {exc}") from None
    out = {}
    for name in names:
        entry = data.get(name) if isinstance(data, dict) else None
        if not isinstance(entry, dict) or "camera_in_robot" not in entry or "intrinsics" not in entry:
            raise EmbodiaError(f"camera '{name}' has no calibration in '{path}'; run 'embodia calibrate --camera "
                               f"{name}=...' first")
        try:
            pos, rot = pose_from_opencv(entry["camera_in_robot"])
            k = intrinsics_of(entry["intrinsics"])
        except (ValueError, IndexError, TypeError):
            raise EmbodiaError(f"camera '{name}' in '{path}': camera_in_robot must be 4x4 and intrinsics 3x3") from None
        size = tuple(entry["size"]) if "size" in entry else None
        out[name] = RealCamera(name, k, pos, rot, size, float(entry.get("depth_unit", MM)))
    return out


def depth_metres(raw: np.ndarray, unit: float = MM) -> np.ndarray:
    """A depth image (H, W) or (H, W, 1) in metres: integer images are in `unit`, float ones already metres."""
    d = np.asarray(raw)
    if d.ndim == 3:
        d = d[..., 0]
    return d.astype(np.float32) * unit if np.issubdtype(d.dtype, np.integer) else d.astype(np.float32)


def frames_of(images: dict, cameras: dict[str, RealCamera]) -> dict[str, GivenFrame]:
    """Each calibrated camera's colour and depth from a LeRobot observation (`<name>` and `<name>_depth`)."""
    out = {}
    for name, cam in cameras.items():
        rgb, depth = images.get(name), images.get(f"{name}_depth")
        if depth is None:
            raise need_depth(f"camera '{name}' sends no depth image")
        if rgb is None:
            raise EmbodiaError(f"no colour frame from camera '{name}'; the rgbd perception needs colour and depth")
        rgb = np.asarray(rgb)
        if rgb.ndim != 3 or rgb.shape[2] != 3:
            raise EmbodiaError(f"camera '{name}' sent a {rgb.shape} image; expected height x width x 3 RGB")
        if cam.size is not None and tuple(cam.size) != (rgb.shape[1], rgb.shape[0]):
            raise EmbodiaError(f"camera '{name}' was calibrated at {cam.size[0]}x{cam.size[1]} but sends "
                               f"{rgb.shape[1]}x{rgb.shape[0]}; calibrate it again at this size")
        out[name] = GivenFrame(rgb, depth_metres(depth, cam.depth_unit), cam.intrinsics, cam.position, cam.rotation)
    return out


@dataclass(frozen=True)
class TwinSynced(Record):
    """One sync of the twin from the real cameras (a trace line of a physical run)."""

    moved: dict[str, list[float]]  # object -> [x, y, z, yaw] it was set to
    missing: list[str]  # not found by the cameras: kept their last pose
    held: str | None  # in the simulated hand: left there


class Twin:
    """Sets a simulated world's objects to the poses the real cameras see."""

    def __init__(self, cameras: dict[str, RealCamera], settle_s: float = SETTLE_S) -> None:
        if not cameras:
            raise need_depth("none given")
        self.cameras = cameras
        self.settle_s = settle_s
        self._source: GivenFrames | None = None
        self._eyes: RgbdProvider | None = None
        self._t0, self._sim0 = time.monotonic(), 0.0  # the first sync's times: the records count from there

    def _eyes_for(self, world: World) -> tuple[GivenFrames, RgbdProvider]:
        if self._source is None or self._source.world is not world:
            self._t0, self._sim0 = time.monotonic(), world.time
            self._source = GivenFrames(world)
            self._eyes = RgbdProvider(tuple(self.cameras), frames=self._source, seed=world.seed)
        return self._source, self._eyes

    def check(self, images: dict) -> None:
        """Every camera sends colour and depth at its calibrated size (one line saying what is wrong if not)."""
        frames_of(images, self.cameras)

    def sync(self, world: World, images: dict) -> TwinSynced:
        """Perceive the real frames and move the twin's objects there; then let the twin settle."""
        source, eyes = self._eyes_for(world)
        wall_s, sim_s = round(time.monotonic() - self._t0, 3), round(world.time - self._sim0, 3)  # when it looked
        source.update(frames_of(images, self.cameras))
        graph = eyes.observe(world)
        held = world.held_object()
        moved: dict[str, list[float]] = {}
        missing: list[str] = []
        for node in graph.objects:
            if node.kind == "drawer" or node.name == held:
                continue
            if not node.observed or node.pos is None:
                missing.append(node.name)
                continue
            world.set_object_pose(node.name, node.pos, node.yaw)
            moved[node.name] = [round(float(v), 4) for v in (*node.pos, node.yaw)]
        if moved:
            world.settle(self.settle_s)
        return TwinSynced(wall_s=wall_s, sim_s=sim_s, moved=moved, missing=sorted(missing), held=held)
