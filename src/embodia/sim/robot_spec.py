"""What a robot is, for everything above the simulator: its joints, its gripper and how a gripper opening in
metres maps to the gripper's own command, its reach, and the hand's dimensions the skills plan around.

Nothing above `sim/` assumes seven joints or fingers that slide: an arm has `len(arm_joints)` joints, a gripper
is commanded by an opening (half the gap between the jaws, m) that `gripper_ctrl` turns into the actuator's
unit (metres per finger for the Panda, a jaw angle for the SO-101) and `gap_of` reads back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import mujoco
import numpy as np

Box = tuple[tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class RobotSpec:
    name: str
    build: Callable[[], mujoco.MjSpec] = field(repr=False)  # the arm alone, base at the world origin
    arm_joints: tuple[str, ...]
    arm_actuators: tuple[str, ...]
    gripper_joints: tuple[str, ...]
    gripper_actuators: tuple[str, ...]
    contact_bodies: tuple[str, str]  # the two sides of the gripper that pinch an item
    hand_body: str  # carries the wrist camera
    tcp_site: str
    home_q: tuple[float, ...]
    vmax: tuple[float, ...]  # rad/s per arm joint the servos can follow
    max_opening: float  # half the widest jaw gap (m)
    gripper_ctrl: Callable[[float], float] = field(repr=False)  # opening (m, half gap) -> actuator command
    opening_of_ctrl: Callable[[float], float] = field(repr=False)  # inverse of gripper_ctrl
    gap_of: Callable[[np.ndarray], float] = field(repr=False)  # gripper joint positions -> jaw gap (m)
    shoulder: tuple[float, float, float]  # reach is measured from here
    reach: float  # m from the shoulder where placing is safe
    reach_min: float  # m, horizontal from the shoulder: closer than this the hand cannot point down
    reach_max: float  # m, horizontal from the shoulder at every height up to max_transit_z (inf: the sphere rules)
    workspace: tuple[tuple[float, float], tuple[float, float]]  # where objects are placed (x, y ranges)
    safe_box: Box  # the tool centre point never leaves it
    table_center: tuple[float, float]
    table_half: tuple[float, float, float]
    cameras: dict = field(repr=False)  # name -> (pos, xyaxes, fovy); "wrist" -> (pos, quat, fovy) in the hand
    gravity_compensation: bool
    # The hand, as the skills see it (m).
    safe_z: float  # lowest tool height for transit
    max_transit_z: float  # highest tool height the hand reaches pointing down
    fingertip_drop: float  # lowest point of the hand below the tool centre point
    grasp_above_bottom: float  # tool height above an item's bottom when grasping
    palm_above_bottom: float  # the hand body's underside above a grasped item's bottom
    finger_thick: float  # a jaw's thickness along the closing axis
    hand_half_len: float  # the hand's half length along the finger axis
    hand_half_thick: float  # the hand's half size across it
    approach: float  # hover height above an item's top before descending to it
    grasp_clearance: float  # opening beyond an item's half width when descending onto it
    closed_gap: float  # below this jaw gap the gripper closed on nothing
    transit_clearance: float  # gap kept between the lowest point of the hand (or held item) and any top

    @property
    def dof(self) -> int:
        return len(self.arm_joints)

    def in_reach(self, x: float, y: float, z: float = 0.05, margin: float = 0.0) -> bool:
        """The point lies in the shell the hand reaches pointing down (margin widens it)."""
        r = float(np.hypot(x - self.shoulder[0], y - self.shoulder[1]))
        return (self.reach_min - margin <= r <= self.reach_max + margin
                and float(np.linalg.norm(np.subtract((x, y, z), self.shoulder))) <= self.reach + margin)

