"""The simulated robots embodia knows, by name: the Franka Panda (the default) and the SO-101."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from embodia.sim import layout, panda, so101
from embodia.sim.robot_spec import RobotSpec
from embodia.types import unknown

# On the real SO-101 the jaw travels from about -10 deg (shut) to 100 deg; we open it to 1.2 rad at most.
SO101_MAX_GAP = so101.jaw_gap(1.2)


@lru_cache(maxsize=1)
def panda_robot() -> RobotSpec:
    return RobotSpec(
        name="panda", build=panda.panda_spec, arm_joints=panda.ARM_JOINTS, arm_actuators=panda.ARM_ACTUATORS,
        gripper_joints=panda.FINGER_JOINTS, gripper_actuators=panda.FINGER_ACTUATORS,
        contact_bodies=panda.FINGER_BODIES, hand_body=panda.HAND_BODY, tcp_site=panda.TCP_SITE,
        home_q=panda.HOME_QPOS, vmax=(0.7, 0.7, 0.7, 0.7, 1.0, 1.0, 1.0), max_opening=panda.FINGER_OPEN,
        gripper_ctrl=lambda opening: float(opening),  # metres per finger, as the model's finger actuators take
        opening_of_ctrl=lambda ctrl: float(ctrl), gap_of=lambda q: float(np.sum(q)),
        shoulder=layout.SHOULDER, reach=layout.REACH_RADIUS + 0.04, reach_min=0.0, reach_max=np.inf,
        workspace=layout.WORKSPACE,
        safe_box=layout.SAFE_BOX, table_center=layout.TABLE_CENTER, table_half=layout.TABLE_HALF,
        cameras={"front": ((1.45, 0.0, 0.75), (0, 1, 0, -0.45, 0, 0.9), 45),
                 "top": ((0.5, 0.0, 1.35), (0, 1, 0, -1, 0, 0), 50),
                 "wrist": ((0.045, 0.045, 0.13), (0.0, 0.924, 0.383, 0.0), 80)},
        gravity_compensation=True,
        safe_z=0.22, max_transit_z=0.45, fingertip_drop=0.05, grasp_above_bottom=0.058, palm_above_bottom=0.065,
        finger_thick=0.018, hand_half_len=0.11, hand_half_thick=0.035, approach=0.07, grasp_clearance=0.014,
        closed_gap=panda.FINGERS_MET_GAP, transit_clearance=0.035,
    )


@lru_cache(maxsize=1)
def so101_robot() -> RobotSpec:
    return RobotSpec(
        name="so101", build=so101.so101_spec, arm_joints=so101.ARM_JOINTS, arm_actuators=so101.ARM_JOINTS,
        gripper_joints=(so101.JAW_JOINT,), gripper_actuators=(so101.JAW_JOINT,), contact_bodies=so101.JAW_BODIES,
        hand_body=so101.HAND_BODY, tcp_site=so101.TCP_SITE, home_q=so101.HOME_QPOS,
        vmax=(1.5, 1.5, 1.5, 1.5, 2.0), max_opening=SO101_MAX_GAP / 2,
        gripper_ctrl=lambda opening: so101.jaw_angle(2 * opening),  # half gap (m) -> jaw angle (rad)
        opening_of_ctrl=lambda ctrl: so101.jaw_gap(ctrl) / 2, gap_of=lambda q: so101.jaw_gap(float(q[0])),
        # The hand points straight down only in a ring around the pan axis, 12-20.5 cm out at every height up
        # to about 8 cm (wider near the table; mink from the home pose, benchmarks/so101_reach.py).
        shoulder=(0.0388, 0.0, 0.0), reach=0.3, reach_min=0.12, reach_max=0.205, workspace=((0.03, 0.27), (-0.2, 0.2)),
        safe_box=((-0.05, 0.32), (-0.28, 0.28), (-0.005, 0.20)), table_center=(0.15, 0.0),
        table_half=(0.35, 0.4, 0.375),
        cameras={"front": ((0.62, 0.0, 0.36), (0, 1, 0, -0.65, 0, 0.76), 45),
                 "top": ((0.19, 0.0, 0.62), (0, 1, 0, -1, 0, 0), 45),
                 "wrist": ((0.0, 0.035, -0.035), (1.0, 0.0, 0.0, 0.0), 80)},
        gravity_compensation=False,  # the real servos hold the arm against gravity themselves, and sag
        safe_z=0.05, max_transit_z=0.08, fingertip_drop=0.012, grasp_above_bottom=0.016, palm_above_bottom=0.03,
        finger_thick=0.01, hand_half_len=0.04, hand_half_thick=0.025, approach=0.025, grasp_clearance=0.01,
        closed_gap=0.004, transit_clearance=0.012,
    )


ROBOTS = {"panda": panda_robot, "so101": so101_robot}


def robot_spec(name: str) -> RobotSpec:
    """The spec of a simulated robot by name."""
    if name not in ROBOTS:
        raise unknown("robot", name, list(ROBOTS))
    return ROBOTS[name]()
