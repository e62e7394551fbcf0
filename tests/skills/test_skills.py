"""Every skill in real physics on fixed seeds; effects checked on the simulator state itself."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.control import SimRobot
from embodia.sim.world import World
from embodia.skills import SKILLS, run_skill
from embodia.skills.geometry import REGIONS, container_inside
from embodia.skills.place import on_table, resting_on
from embodia.types import SkillCall


@pytest.fixture(scope="module")
def robot(playground_world: World) -> SimRobot:
    return SimRobot(playground_world)


def run(robot: SimRobot, text: str):
    res = run_skill(SkillCall.parse(text), robot)
    assert res.ok, f"{text}: {res.reason}: {res.detail}"
    assert res.reason is None and res.sim_seconds > 0
    return res


@pytest.mark.parametrize("seed,obj", [(0, "red_block"), (1, "orange_cylinder"), (2, "purple_block"), (3, "blue_block")])
def test_pick_lifts_the_item(robot: SimRobot, seed: int, obj: str) -> None:
    world = robot.world
    world.reseed(seed)
    z0 = world.object_state(obj).pos[2]
    res = run(robot, f"pick({obj})")
    assert world.held_object() == obj
    assert world.object_state(obj).pos[2] > z0 + 0.1
    assert res.sim_seconds < 8


def test_place_on_table_regions(robot: SimRobot) -> None:
    world = robot.world
    world.reseed(4)
    for obj, region in (("green_block", "left"), ("orange_cylinder", "front")):
        run(robot, f"pick({obj})")
        run(robot, f"place_on({obj}, table:{region})")
        (x0, x1), (y0, y1) = REGIONS[region]
        p = world.object_state(obj).pos
        assert world.held_object() is None and on_table(world, obj)
        assert x0 <= p[0] <= x1 and y0 <= p[1] <= y1


def test_three_block_tower_stands(robot: SimRobot) -> None:
    world = robot.world
    world.reseed(5)
    run(robot, "pick(red_block)")
    run(robot, "place_on(red_block, blue_block)")
    run(robot, "pick(green_block)")
    run(robot, "place_on(green_block, red_block)")
    run(robot, "home()")
    world.settle(2.0)
    assert resting_on(world, "red_block", "blue_block") and resting_on(world, "green_block", "red_block")
    assert world.object_state("green_block").pos[2] == pytest.approx(0.10, abs=0.005)


def test_drawer_open_put_in_close(robot: SimRobot) -> None:
    world = robot.world
    world.reseed(6)
    run(robot, "open(drawer)")
    assert world.drawer_state() == "open"
    run(robot, "pick(yellow_block)")
    run(robot, "place_in(yellow_block, drawer)")
    run(robot, "close(drawer)")
    world.settle(0.5)
    assert world.drawer_state() == "closed" and world.held_object() is None
    assert container_inside(world, "yellow_block", "drawer")


@pytest.mark.parametrize("seed,obj,container", [(7, "red_block", "blue_bowl"), (8, "orange_cylinder", "green_bin")])
def test_place_in_container(robot: SimRobot, seed: int, obj: str, container: str) -> None:
    world = robot.world
    world.reseed(seed)
    run(robot, f"pick({obj})")
    run(robot, f"place_in({obj}, {container})")
    assert world.held_object() is None and container_inside(world, obj, container)


def test_push_and_home(robot: SimRobot) -> None:
    world = robot.world
    world.reseed(9)
    p0 = world.object_state("purple_block").pos.copy()
    direction = "left" if p0[1] < 0 else "right"
    run(robot, f"push(purple_block, {direction}, 0.08)")
    moved = world.object_state("purple_block").pos - p0
    assert abs(moved[1]) > 0.05 and np.sign(moved[1]) == (1 if direction == "left" else -1) and abs(moved[0]) < 0.03
    run(robot, "home()")
    assert np.allclose(world.arm_q(), robot.home_q, atol=0.03)


def test_symbolic_contract_comes_from_the_schemas() -> None:
    from embodia.types import Literal as L
    facts = {L("on", ("a", "b")), L("clear", ("a",)), L("hand_empty")}
    pick = SKILLS["pick"]
    assert L("on", ("a", "b")) in pick.preconditions(("a",), facts)
    eff = pick.effects(("a",), facts)
    assert L("holding", ("a",)) in eff and L("clear", ("b",)) in eff and L("on", ("a", "b"), False) in eff
    assert pick.unmet(("a",), facts) == []
    table = {L("on_table", ("a",)), L("hand_empty")}
    assert L("clear", ("a",)) in pick.unmet(("a",), table)
    place = SKILLS["place_on"]
    assert L("on", ("a", "b")) in place.effects(("a", "b"), {L("holding", ("a",)), L("clear", ("b",))})
    assert L("on_table", ("a",)) in place.effects(("a", "table"), {L("holding", ("a",))})
    assert SKILLS["push"].preconditions(("a", "left", "0.1"), facts) == []
