"""The Franka Panda with its hand, loaded from the files gymnasium-robotics ships.

We locate the package on disk and include its MJCF files by absolute path: nothing is copied into
the repo, nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mujoco

from embodia.types import EmbodiaError

ARM_JOINTS = tuple(f"robot:panda0_joint{i}" for i in range(1, 8))
FINGER_JOINTS = ("robot:panda0_finger_joint1", "robot:panda0_finger_joint2")
ARM_ACTUATORS = tuple(f"panda0_joint{i}" for i in range(1, 8))
FINGER_ACTUATORS = ("r_gripper_finger_joint", "l_gripper_finger_joint")
HAND_BODY = "panda0_link7"
FINGER_BODIES = ("panda0_leftfinger", "panda0_rightfinger")
TCP_SITE = "end_effector"  # between the fingertips
FINGER_OPEN = 0.04  # m per finger
FINGERS_MET_GAP = 0.004  # m, finger gap below which the fingers met each other (closed on nothing)
# A comfortable ready pose: hand above the table centre, pointing down.
HOME_QPOS = (0.0, -0.4, 0.0, -2.3, 0.0, 0.329, 0.0)  # TCP ~(0.42, 0, 0.40), fingers along y

_WRAPPER = """
<mujoco model="panda">
  <include file="{base}/franka_assets/assets.xml"/>
  <compiler angle="radian" meshdir="{base}/franka_assets/meshes"/>
  <worldbody>
    <body name="panda_base" pos="0 0 0">
      <include file="{base}/franka_assets/chain.xml"/>
    </body>
  </worldbody>
  <include file="{base}/franka_assets/actuator.xml"/>
</mujoco>
"""


def assets_dir() -> Path:
    """Folder of the Panda MJCF files inside the installed gymnasium-robotics package."""
    spec = importlib.util.find_spec("gymnasium_robotics")
    if spec is None or not spec.submodule_search_locations:
        raise EmbodiaError("gymnasium-robotics is not installed; run 'make demo' or pip install gymnasium-robotics")
    root = Path(list(spec.submodule_search_locations)[0])
    path = root / "envs" / "assets" / "kitchen_franka"
    if not (path / "franka_assets" / "chain.xml").is_file():
        raise EmbodiaError(f"Panda model files not found under {path}; reinstall gymnasium-robotics==1.4.2")
    return path


def panda_spec() -> mujoco.MjSpec:
    """A fresh MjSpec holding only the arm and hand (base at the world origin)."""
    spec = mujoco.MjSpec.from_string(_WRAPPER.format(base=assets_dir().as_posix()))
    links = [body.name for body in spec.bodies if body.name.startswith("panda0_")]
    for body in spec.bodies:
        if body.name in links:
            body.gravcomp = 1.0  # the real arm's controller compensates gravity too
    # The arm never folds onto itself with the hand pointing down: its mesh links are not collided with each
    # other (about half of the narrow phase while manipulating). The two fingers still collide.
    for i, a in enumerate(links):
        for b in links[i + 1:]:
            if {a, b} != {"panda0_leftfinger", "panda0_rightfinger"}:
                spec.add_exclude(bodyname1=a, bodyname2=b)
    return spec
