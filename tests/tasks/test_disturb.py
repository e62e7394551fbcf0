"""Disturbances fire on schedule and change the predicates they claim to (real physics)."""

from __future__ import annotations

from embodia.perception.provider import PrivilegedProvider
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.tasks.base import Disturbance
from embodia.tasks.disturb import DisturbanceSchedule, apply
from embodia.tasks.registry import get_task
from embodia.types import Goal, Literal

SCENE = SceneRequest(
    objects=(ObjectSpec("block", "red"), ObjectSpec("block", "green"), ObjectSpec("block", "blue"),
             ObjectSpec("bowl", "yellow", "large"), ObjectSpec("drawer")),
    stacks=(("red_block", "green_block"),), inside=(("blue_block", "yellow_bowl"),),
)
ON = Literal("on", ("green_block", "red_block"))
IN = Literal("in", ("blue_block", "yellow_bowl"))


def test_knock_tower_and_move_object_change_their_predicates() -> None:
    world, eyes = World(SCENE, seed=2), PrivilegedProvider()
    goal = Goal(((ON, IN),))
    scene = eyes.observe(world)
    assert scene.holds(ON) and scene.holds(IN)
    assert "tower knocked" in apply(world, scene, goal, Disturbance(1, "knock_tower", 5))
    scene = eyes.observe(world)
    assert not scene.holds(ON) and scene.holds(Literal("on_table", ("green_block",)))
    assert "moved" in apply(world, scene, goal, Disturbance(1, "move_object", 6))
    scene = eyes.observe(world)
    assert not scene.holds(IN) and scene.holds(Literal("on_table", ("blue_block",)))


def test_drawer_disturbance_flips_the_drawer() -> None:
    world, eyes = World(SCENE, seed=3), PrivilegedProvider()
    goal = Goal(((Literal("closed", ("drawer",)),),))
    assert eyes.observe(world).holds(Literal("closed", ("drawer",)))
    apply(world, eyes.observe(world), goal, Disturbance(1, "drawer", 1))
    assert eyes.observe(world).holds(Literal("open", ("drawer",)))
    apply(world, eyes.observe(world), goal, Disturbance(1, "drawer", 1))
    assert eyes.observe(world).holds(Literal("closed", ("drawer",)))


def test_slip_does_nothing_when_nothing_is_held() -> None:
    world, eyes = World(SCENE, seed=3), PrivilegedProvider()
    assert apply(world, eyes.observe(world), Goal(((ON,),)), Disturbance(1, "slip", 1)) is None


def test_schedule_fires_once_at_its_subgoal() -> None:
    inst = get_task("chain-10-disturbed-v0").make(4)
    sched = DisturbanceSchedule(inst.disturbances)
    first = min(d.after_subgoal for d in inst.disturbances)
    assert sched.due(first - 1) == []
    due = sched.due(first)
    assert due and all(d.after_subgoal <= first for d in due)
    for d in due:
        sched.fired(d)
    assert sched.due(first) == [] and len(sched.pending) == len(inst.disturbances) - len(due)
