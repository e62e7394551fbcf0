"""Control layer in real physics: IK accuracy and limits, streamed motions, gripper and grasp detection."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.control import ArmController, ArmIK, SimRobot, close_gripper, down_rot, open_gripper, tool_yaw
from embodia.sim.panda import HOME_QPOS
from embodia.sim.world import World


@pytest.fixture(scope="module")
def ik() -> ArmIK:
    return ArmIK()


@pytest.fixture()
def rig(playground_world: World) -> tuple[World, SimRobot, ArmController]:
    playground_world.reseed(0)
    robot = SimRobot(playground_world)
    return playground_world, robot, ArmController(robot)


def test_ik_reaches_downward_poses_within_limits(ik: ArmIK) -> None:
    lo, hi = ik.model.jnt_range[:7, 0], ik.model.jnt_range[:7, 1]
    for pos, yaw in [((0.5, -0.2, 0.1), 0.4), ((0.35, 0.1, 0.3), -0.7), ((0.65, -0.35, 0.06), 0.0)]:
        res = ik.solve(np.array(HOME_QPOS), np.array(pos), down_rot(yaw))
        assert res.ok, (pos, yaw, res)
        p, r = ik.fk(res.q)
        assert np.linalg.norm(p - pos) < 0.003
        assert abs(tool_yaw(r) - yaw) < 0.03 and r[2, 2] < -0.99  # pointing down
        assert np.all(res.q >= lo - 1e-6) and np.all(res.q <= hi + 1e-6)


def test_ik_reports_unreachable(ik: ArmIK) -> None:
    assert not ik.solve(np.array(HOME_QPOS), np.array([1.4, 0.0, 0.1]), down_rot(0.0)).ok


def test_tool_moves_straight_to_target(rig) -> None:
    world, robot, ctrl = rig
    goal = np.array([0.55, -0.15, 0.18])
    res = ctrl.move_to(goal, 0.5, speed=0.5)
    assert res.reached
    pos, rot = world.tcp()
    assert np.linalg.norm(pos - goal) < 0.005 and abs(tool_yaw(rot) - 0.5) < 0.05
    ctrl.move_joints(np.array(HOME_QPOS))
    assert np.allclose(world.arm_q(), HOME_QPOS, atol=0.02)


def test_robot_observation_matches_world(rig) -> None:
    world, robot, _ = rig
    st = robot.observe()
    assert np.allclose(st.q, world.arm_q()) and st.finger_gap == pytest.approx(world.finger_gap())
    assert np.allclose(st.tcp_pos, world.tcp()[0]) and st.time == world.time


def test_gripper_closes_on_nothing_and_on_a_block(rig) -> None:
    world, robot, ctrl = rig
    assert close_gripper(ctrl) is None and world.finger_gap() < 0.004
    open_gripper(ctrl)
    assert world.finger_gap() > 0.07
    p = world.object_state("red_block").pos
    yaw = float(2 * np.arctan2(world.object_state("red_block").quat[3], world.object_state("red_block").quat[0]))
    ctrl.move_to(np.array([p[0], p[1], 0.15]), yaw, speed=0.5)
    ctrl.move_to(np.array([p[0], p[1], 0.058]), yaw, speed=0.15)
    assert close_gripper(ctrl) == "red_block"
    assert 0.035 < world.finger_gap() < 0.042  # stalled on the 4 cm block
    ctrl.move_to(np.array([p[0], p[1], 0.16]), None, speed=0.3)
    assert world.held_object() == "red_block" and world.object_state("red_block").pos[2] > 0.08
