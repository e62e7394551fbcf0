"""A varied retry is a different motion in real physics: the grasp turns by a face, the block is still held
and stacked, and the placement offset shows in where it lands."""

from __future__ import annotations

import math

import numpy as np

from embodia.control import SimRobot
from embodia.control.ik import tool_yaw
from embodia.sim.world import World
from embodia.skills import run_skill
from embodia.skills.place import resting_on
from embodia.skills.variation import Variation, varied
from embodia.types import SkillCall


def _pick(world: World, variation: Variation) -> tuple[SimRobot, float]:
    """Pick red_block from a fresh scene; the robot and the hand's yaw after it."""
    world.reseed(0)
    robot = SimRobot(world)
    with varied(variation):
        res = run_skill(SkillCall.parse("pick(red_block)"), robot)
    assert res.ok and world.held_object() == "red_block", res.detail
    return robot, tool_yaw(world.tcp()[1])


def test_turned_grasp_and_offset_placement(playground_world: World) -> None:
    world = playground_world
    _, plain = _pick(world, Variation())
    turn = Variation(1, grasp_turn=1, place_offset=(0.006, 0.0), lower_speed=0.6)
    robot, turned = _pick(world, turn)
    diff = abs((turned - plain + math.pi / 2) % math.pi - math.pi / 2)  # mod 180 deg: the fingers are symmetric
    assert abs(diff - math.pi / 2) < 0.15, (plain, turned)
    with varied(turn):
        res = run_skill(SkillCall.parse("place_on(red_block, green_block)"), robot)
    assert res.ok, res.detail
    assert resting_on(world, "red_block", "green_block")
    top, base = world.object_state("red_block").pos, world.object_state("green_block").pos
    assert np.linalg.norm(top[:2] - base[:2]) > 0.002  # placed off centre by the variation's offset


def test_a_block_gripped_across_its_corners_is_held_and_placed(playground_world: World) -> None:
    world = playground_world
    _, plain = _pick(world, Variation())
    diagonal = Variation(2, grasp_turn=-1, diagonal=True, lower_speed=0.6)
    robot, turned = _pick(world, diagonal)
    diff = abs((turned - plain + math.pi / 4) % (math.pi / 2) - math.pi / 4)  # mod 90 deg: a cube's faces
    assert diff > 0.3, (plain, turned)  # the hand closed about 45 deg off the faces
    res = run_skill(SkillCall.parse("place_on(red_block, table)"), robot)
    assert res.ok and world.held_object() is None, res.detail
