"""The one place where embodia's units meet LeRobot's, for the SO-101.

LeRobot's `SO101Follower` (with `use_degrees=True`, its default) takes and returns
`{"shoulder_pan.pos": deg, "shoulder_lift.pos": deg, "elbow_flex.pos": deg, "wrist_flex.pos": deg,
"wrist_roll.pos": deg, "gripper.pos": 0..100}`. Its calibration puts 0 deg at the middle of each joint's range,
which is also where the MJCF (`sim/so101.py`) has its joint zero, so a joint angle is

    q [rad] = SIGN[joint] * radians(deg) + OFFSET[joint]

and the jaw's 0..100 maps linearly onto the model's jaw range (0 = shut at -10 deg, 100 = open at 100 deg):

    jaw [rad] = JAW_RANGE[0] + (pos / 100) * (JAW_RANGE[1] - JAW_RANGE[0])

An opening in metres (half the gap between the pads, what the skills command) goes through the model's jaw
geometry (`so101.jaw_angle` / `jaw_gap`). SIGN, OFFSET and the jaw direction were NOT checked on a physical
arm here: they assume the model and LeRobot's calibration agree. Check them first (docs/so101.md).
"""

from __future__ import annotations

import math

import numpy as np

from embodia.sim import so101

JOINTS = so101.ARM_JOINTS  # LeRobot's motor names are the model's joint names
GRIPPER = "gripper"
SIGN = {j: 1.0 for j in JOINTS}  # +1: LeRobot's positive degrees turn the model's joint positively
OFFSET = {j: 0.0 for j in JOINTS}  # rad added after the sign (0: both put zero mid-range)
JAW_RANGE = so101.JAW_RANGE  # rad at gripper.pos 0 and 100
JAW_CLOSED_AT_ZERO = True  # gripper.pos 0 is the shut jaw


def joints_to_action(q: np.ndarray, jaw: float) -> dict[str, float]:
    """Arm angles (rad, model order) and the jaw angle (rad) -> a LeRobot action dict."""
    out = {f"{j}.pos": math.degrees((float(v) - OFFSET[j]) * SIGN[j]) for j, v in zip(JOINTS, q)}
    out[f"{GRIPPER}.pos"] = jaw_to_percent(jaw)
    return out


def observation_to_joints(obs: dict) -> tuple[np.ndarray, float]:
    """A LeRobot observation (or action) dict -> (arm angles in rad, jaw angle in rad)."""
    try:
        q = np.array([SIGN[j] * math.radians(float(obs[f"{j}.pos"])) + OFFSET[j] for j in JOINTS])
        return q, percent_to_jaw(float(obs[f"{GRIPPER}.pos"]))
    except KeyError as e:
        raise KeyError(f"LeRobot observation lacks {e.args[0]}; expected keys: "
                       f"{', '.join(f'{j}.pos' for j in (*JOINTS, GRIPPER))}") from None


def jaw_to_percent(jaw: float) -> float:
    lo, hi = JAW_RANGE
    frac = (jaw - lo) / (hi - lo)
    return float(np.clip(100.0 * (frac if JAW_CLOSED_AT_ZERO else 1.0 - frac), 0.0, 100.0))


def percent_to_jaw(pos: float) -> float:
    lo, hi = JAW_RANGE
    frac = float(np.clip(pos, 0.0, 100.0)) / 100.0
    return lo + (frac if JAW_CLOSED_AT_ZERO else 1.0 - frac) * (hi - lo)


def opening_to_percent(opening: float) -> float:
    """Half the pad gap (m) -> gripper.pos."""
    return jaw_to_percent(so101.jaw_angle(2.0 * opening))


def percent_to_gap(pos: float) -> float:
    """gripper.pos -> the gap between the pads (m), from the model's jaw geometry."""
    return so101.jaw_gap(percent_to_jaw(pos))
