"""Bad skill calls end in typed failures with clear messages; nothing escapes, the world stays sane."""

from __future__ import annotations

import pytest

from embodia.control import SimRobot
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.skills import REASONS, run_skill
from embodia.types import SkillCall


@pytest.fixture(scope="module")
def robot(playground_world: World) -> SimRobot:
    return SimRobot(playground_world)


def call(robot: SimRobot, text: str):
    res = run_skill(SkillCall.parse(text), robot)
    assert not res.ok and res.reason in REASONS, res
    return res


@pytest.mark.parametrize("text,reason,words", [
    ("pick(red_cube)", "precondition_failed", ["unknown object 'red_cube'", "red_block"]),
    ("pick(drawer)", "precondition_failed", ["not a graspable item", "red_block"]),
    ("pick(blue_bowl)", "precondition_failed", ["bowl", "items:"]),
    ("pick(table)", "precondition_failed", ["unknown object 'table'"]),
    ("fly(red_block)", "precondition_failed", ["unknown skill 'fly'", "pick"]),
    ("pick(red_block, blue_block)", "precondition_failed", ["takes 1 argument"]),
    ("place_on(red_block, blue_block)", "precondition_failed", ["not holding 'red_block'"]),
    ("place_on(red_block, table:moon)", "precondition_failed", ["table:left"]),
    ("place_on(red_block, blue_bowl)", "precondition_failed", ["targets:", "table"]),
    ("place_in(red_block, drawer)", "precondition_failed", ["drawer is closed"]),
    ("place_in(red_block, red_block)", "precondition_failed", ["containers:"]),
    ("open(red_block)", "precondition_failed", ["drawers: drawer"]),
    ("push(red_block, up, 0.1)", "precondition_failed", ["known: left, right, forward, back"]),
    ("push(red_block, left, far)", "precondition_failed", ["not a number"]),
])
def test_bad_calls_fail_cleanly_without_moving(robot: SimRobot, text: str, reason: str, words: list[str]) -> None:
    world = robot.world
    world.reseed(0)
    q0, t0 = world.arm_q(), world.time
    res = call(robot, text)
    assert res.reason == reason
    for w in words:
        assert w in res.detail, res.detail
    assert world.time == t0 and (world.arm_q() == q0).all()


def test_closed_drawer_and_out_of_reach(robot: SimRobot) -> None:
    world = robot.world
    world.reseed(1)
    world.set_object_pose("red_block", (1.0, -0.6, 0.0205))
    assert call(robot, "pick(red_block)").reason == "unreachable"
    res = run_skill(SkillCall.parse("pick(green_block)"), robot)
    assert res.ok
    assert call(robot, "place_in(green_block, drawer)").reason == "precondition_failed"
    assert world.held_object() == "green_block"  # nothing dropped on purpose


def test_full_container_is_blocked() -> None:
    blocks = [ObjectSpec("block", c) for c in ("red", "green", "blue", "yellow")]
    req = SceneRequest(objects=(*blocks, ObjectSpec("bowl", "white", "large")),
                       inside=tuple((f"{c}_block", "white_bowl") for c in ("red", "green", "blue")))
    world = World(req, seed=2)
    robot = SimRobot(world)
    assert run_skill(SkillCall.parse("pick(yellow_block)"), robot).ok
    res = call(robot, "place_in(yellow_block, white_bowl)")
    assert res.reason == "blocked" and "full (3/3" in res.detail
    assert world.held_object() == "yellow_block"
