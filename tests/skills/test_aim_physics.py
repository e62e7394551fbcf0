"""Skills aim at the perceived poses when given them (skills.aim), in real physics: a grasp follows a block
perceived 1 cm and 0.25 rad off its true pose, a placement follows a target perceived 8 mm off, and the held item
sits where the grasp model says. Without `aiming` (privileged perception) the skills aim at the simulator's."""

from __future__ import annotations

import math

import numpy as np

from embodia.agent.parts import aim_at
from embodia.control import SimRobot
from embodia.control.ik import tool_yaw
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.world import World, yaw_of
from embodia.skills import run_skill
from embodia.skills.aim import aiming, in_hand, perceived, pose
from embodia.skills.place import resting_on
from embodia.types import SkillCall

OFF = np.array([0.01, 0.0, 0.0])  # perception's error on the block's centre in these tests


def _poses(world: World) -> dict[str, tuple[np.ndarray, float]]:
    return {n: (world.object_state(n).pos, yaw_of(world.object_state(n).quat)) for n in world.objects
            if n != "drawer"}


def _face_diff(a: float, b: float) -> float:
    """Angle between two yaws mod 90 deg (a block's faces)."""
    return abs((a - b + math.pi / 4) % (math.pi / 2) - math.pi / 4)


def _pick(world: World, poses: dict | None) -> tuple[np.ndarray, np.ndarray, float, SimRobot]:
    """Pick red_block from a fresh scene (aiming at `poses` when given): its true centre before, the hand's
    position and yaw after, the robot."""
    world.reseed(0)
    robot = SimRobot(world)
    true = world.object_state("red_block").pos
    if poses is None:
        res = run_skill(SkillCall.parse("pick(red_block)"), robot)
    else:
        with aiming(poses):
            res = run_skill(SkillCall.parse("pick(red_block)"), robot)
    assert res.ok and world.held_object() == "red_block", res.detail
    tcp, rot = world.tcp()
    return true, tcp, tool_yaw(rot), robot


def test_pick_aims_at_the_perceived_pose(playground_world: World) -> None:
    world = playground_world
    true, hand, _, _ = _pick(world, None)
    assert np.linalg.norm(hand[:2] - true[:2]) < 0.004  # privileged: the simulator's pose
    world.reseed(0)
    poses = _poses(world)
    p, yaw = poses["red_block"]
    poses["red_block"] = (p + OFF, yaw + 0.25)
    true, hand, hand_yaw, _ = _pick(world, poses)
    aimed = true + OFF
    assert np.linalg.norm(hand[:2] - aimed[:2]) < 0.004, (hand, aimed)
    assert np.linalg.norm(hand[:2] - true[:2]) > 0.006
    assert _face_diff(hand_yaw, yaw + 0.25) < 0.05  # the hand turned to the perceived faces
    held = world.object_state("red_block")
    model = in_hand(world, "red_block")  # where the robot believes the held block is: centred, faces squared
    assert abs(model.pos[2] - held.pos[2]) < 0.006
    assert _face_diff(yaw_of(model.quat), yaw_of(held.quat)) < 0.1


def test_place_aims_at_the_perceived_target(playground_world: World) -> None:
    world = playground_world
    robot = _pick(world, None)[3]
    poses = _poses(world)
    base = world.object_state("green_block").pos
    poses["green_block"] = (base + 0.8 * OFF, poses["green_block"][1])
    with aiming(poses):
        assert perceived()
        assert np.allclose(pose(world, "green_block").pos, base + 0.8 * OFF)
        res = run_skill(SkillCall.parse("place_on(red_block, green_block)"), robot)
    assert res.ok, res.detail
    assert resting_on(world, "red_block", "green_block")
    top = world.object_state("red_block").pos
    assert np.linalg.norm(top[:2] - (base + 0.8 * OFF)[:2]) < 0.004, (top, base)


def test_privileged_mode_aims_at_the_simulator(playground_world: World) -> None:
    world = playground_world
    world.reseed(0)
    scene = PrivilegedProvider().observe(world)
    with aim_at(scene, "privileged"):
        assert not perceived()
        assert np.array_equal(pose(world, "red_block").pos, world.object_state("red_block").pos)
    with aim_at(scene, "camera"):
        assert perceived()
        assert np.allclose(pose(world, "red_block").pos, scene.object("red_block").pos)
    assert not perceived()
