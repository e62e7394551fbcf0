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
                 max_relative_target: float | None = None) -> None:
        self.present = dict(present or {m: 0.0 for m in MOTORS})
        self.present.setdefault("gripper", 50.0)
        self.sent: list[dict[str, float]] = []
        self.is_calibrated = calibrated
        self.max_relative_target = max_relative_target
        self.connected = False
        self.bus = FakeBus(self)

    def connect(self, calibrate: bool = True) -> None:
        assert not calibrate, "embodia must never start LeRobot's interactive calibration"
        self.connected = True

    def disconnect(self) -> None:
        self.connected = False

    def get_observation(self) -> dict:
        obs = {f"{m}.pos": v for m, v in self.present.items()}
        obs["front"] = np.zeros((48, 64, 3), np.uint8)
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
