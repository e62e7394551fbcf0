"""Gripper open/close with grasp detection from the finger gap and finger contacts."""

from __future__ import annotations

from embodia.control.motion import ArmController


def open_gripper(ctrl: ArmController, finger: float | None = None, max_s: float = 0.6) -> None:
    """Open to `finger` per side (default fully) and wait until the fingers stop moving."""
    target = ctrl.robot.finger_max if finger is None else finger
    _wait_fingers(ctrl, target, max_s)


def close_gripper(ctrl: ArmController, max_s: float = 0.8, squeeze_s: float = 0.15) -> str | None:
    """Close until the fingers stall (on an object or each other), squeeze briefly, return what is held."""
    _wait_fingers(ctrl, 0.0, max_s)
    ctrl.wait(squeeze_s)
    return ctrl.robot.held_object()


def _wait_fingers(ctrl: ArmController, target: float, max_s: float) -> None:
    dt = ctrl.robot.control_dt
    last = ctrl.robot.observe().finger_gap
    still = 0
    for _ in range(int(max_s / dt)):
        ctrl.tick(finger=target)
        gap = ctrl.robot.observe().finger_gap
        if abs(gap - 2 * target) < 0.001:
            return
        still = still + 1 if abs(gap - last) < 2e-4 else 0
        if still >= 2:  # stalled on something
            return
        last = gap
