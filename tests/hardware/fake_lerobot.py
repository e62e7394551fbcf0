"""Test doubles with the API of LeRobot's SO-101 follower (dicts of `<motor>.pos` in degrees, gripper 0..100)
and of an OpenCV capture. They stand in for hardware this machine does not have; they prove the bridge's
arithmetic and stop path, not that a physical arm moves as the simulated one does."""

from __future__ import annotations

import numpy as np

MOTORS = ("shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper")


class FakeBus:
    def __init__(self, follower: FakeFollower) -> None:
        self.follower = follower
        self.motors = {m: i + 1 for i, m in enumerate(MOTORS)}
        self.connected = False
        self.torque_changes = 0

    def connect(self) -> None:
        self.connected = True

    def disconnect(self, disable_torque: bool = True) -> None:
        self.connected = False
        self.torque_changes += int(disable_torque)

    def sync_read(self, name: str) -> dict[str, float]:
        assert name == "Present_Position"
        return dict(self.follower.present)


class FakeFollower:
    """Moves instantly to what it is sent (optionally clipped by max_relative_target, as LeRobot does)."""

    def __init__(self, present: dict[str, float] | None = None, calibrated: bool = True,
                 max_relative_target: float | None = None, images=None) -> None:
        self.present = dict(present or {m: 0.0 for m in MOTORS})
        self.present.setdefault("gripper", 50.0)
        self.sent: list[dict[str, float]] = []
        self.is_calibrated = calibrated
        self.max_relative_target = max_relative_target
        self.connected = False
        self.bus = FakeBus(self)
        self.images = images or (lambda: {"front": np.zeros((48, 64, 3), np.uint8)})  # camera frames per look

    def connect(self, calibrate: bool = True) -> None:
        assert not calibrate, "embodia must never start LeRobot's interactive calibration"
        self.connected = True

    def disconnect(self) -> None:
        self.connected = False

    def get_observation(self) -> dict:
        obs = {f"{m}.pos": v for m, v in self.present.items()}
        obs.update(self.images())
        return obs

    def send_action(self, action: dict[str, float]) -> dict[str, float]:
        goal = {k.removesuffix(".pos"): float(v) for k, v in action.items()}
        if self.max_relative_target is not None:
            cap = self.max_relative_target
            goal = {m: self.present[m] + float(np.clip(v - self.present[m], -cap, cap)) for m, v in goal.items()}
        self.present.update(goal)
        self.sent.append({f"{m}.pos": v for m, v in goal.items()})
        return self.sent[-1]


class FakeCapture:
    def __init__(self, frame: np.ndarray | None) -> None:
        self.frame = frame
        self.released = False

    def isOpened(self) -> bool:
        return self.frame is not None

    def read(self):
        return (self.frame is not None), self.frame

    def release(self) -> None:
        self.released = True


class FakeDepthCamera:
    """An RGB-D camera looking at a simulated "real" scene: LeRobot's observation keys `<name>` (RGB uint8) and
    `<name>_depth` (uint16 millimetres, H x W x 1, as LeRobot's RealSense sends it), rendered from `world`'s
    cameras; `calibration()` is what `embodia calibrate` would save for them (OpenCV axes)."""

    def __init__(self, world, names: tuple[str, ...] = ("front", "top"), height: int = 240, width: int = 320,
                 depth: bool = True) -> None:
        from embodia.sim.render import Cameras

        self.world, self.names, self.depth = world, names, depth
        self.cams = Cameras(world, height, width)

    def __call__(self) -> dict:
        out = {}
        for n in self.names:
            out[n] = self.cams.rgb(n)
            if self.depth:
                out[f"{n}_depth"] = np.round(self.cams.depth(n) * 1000).astype(np.uint16)[..., None]
        return out

    def calibration(self, path) -> None:
        from embodia.hardware import extrinsics

        for n in self.names:
            pos, rot = self.cams.extrinsics(n)
            pose = np.eye(4)
            pose[:3, :3], pose[:3, 3] = rot @ np.diag([1.0, -1.0, -1.0]), pos  # y up, z back -> OpenCV axes
            k = self.cams.intrinsics(n)
            K = np.array([[k.fx, 0, k.cx], [0, k.fy, k.cy], [0, 0, 1.0]])
            extrinsics.save(path, n, pose, K, corners=24, size=(self.cams.width, self.cams.height))

    def close(self) -> None:
        self.cams.close()


def install_fake_lerobot(monkeypatch, follower: FakeFollower) -> None:
    """Stand-ins for the LeRobot modules embodia imports (follower and camera configs); every follower made is
    `follower`, with the cameras' configs kept on it."""
    import sys
    import types
    from dataclasses import dataclass, field

    @dataclass
    class FollowerConfig:
        port: str
        id: str
        use_degrees: bool = True
        disable_torque_on_disconnect: bool = True
        cameras: dict = field(default_factory=dict)

    @dataclass
    class OpenCVCameraConfig:
        index_or_path: object
        fps: int = 30
        width: int = 640
        height: int = 480

    @dataclass
    class RealSenseCameraConfig:
        serial_number_or_name: str
        fps: int = 30
        width: int = 640
        height: int = 480
        use_depth: bool = False

    def make(config: FollowerConfig) -> FakeFollower:
        follower.config = config
        return follower

    modules = {"lerobot": {}, "lerobot.robots": {}, "lerobot.cameras": {},
               "lerobot.robots.so_follower": {"SO101Follower": make, "SO101FollowerConfig": FollowerConfig},
               "lerobot.cameras.opencv": {"OpenCVCameraConfig": OpenCVCameraConfig},
               "lerobot.cameras.realsense": {"RealSenseCameraConfig": RealSenseCameraConfig}}
    for name, attrs in modules.items():
        mod = types.ModuleType(name)
        mod.__dict__.update(attrs)
        monkeypatch.setitem(sys.modules, name, mod)
