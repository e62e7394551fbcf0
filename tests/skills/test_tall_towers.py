"""Working around a tall tower: the hand passes over it instead of through it."""

from __future__ import annotations

import pytest

from embodia.control import SimRobot
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.skills import run_skill
from embodia.skills.base import FINGERTIP_DROP, SAFE_Z, transit_z
from embodia.skills.place import resting_on
from embodia.types import SkillCall

TOWER = ("red_block", "green_block", "blue_block", "yellow_block", "orange_block")
LOOSE = ("purple_block", "white_block", "black_block")


@pytest.fixture(scope="module")
def world() -> World:
    objects = tuple(ObjectSpec("block", n.split("_")[0], "large", n) for n in TOWER)
    objects += tuple(ObjectSpec("block", n.split("_")[0], "small", n) for n in LOOSE)
    return World(SceneRequest(objects=objects, stacks=(TOWER,)), seed=3)


def test_transit_height_clears_the_tallest_stack(world: World) -> None:
    top = max(world.object_state(n).pos[2] + world.objects[n].half_extents()[2] for n in TOWER)
    assert top > SAFE_Z - FINGERTIP_DROP  # the fixed transit height would sweep through this tower
    assert transit_z(world) >= top + FINGERTIP_DROP + 0.03
    assert transit_z(world, held="orange_block") < transit_z(world)  # the held block is not an obstacle


def test_moving_items_around_a_five_block_tower_leaves_it_standing(world: World) -> None:
    robot = SimRobot(world)
    for obj, region in zip(LOOSE, ("right", "front", "back")):
        for call in (f"pick({obj})", f"place_on({obj}, table:{region})"):
            res = run_skill(SkillCall.parse(call), robot)
            assert res.ok, f"{call}: {res.reason}: {res.detail}"
    world.settle(1.0)
    assert all(resting_on(world, a, b) for b, a in zip(TOWER, TOWER[1:]))
