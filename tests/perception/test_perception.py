"""Scene graphs from the simulator state and from cameras: predicates, agreement, occlusion, errors."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.perception import CameraProvider, PrivilegedProvider, SceneGraph
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.types import EmbodiaError, Literal

pytestmark = pytest.mark.xdist_group("perception")

SCENE = SceneRequest(
    objects=(ObjectSpec("block", "red"), ObjectSpec("block", "blue"), ObjectSpec("block", "green"),
             ObjectSpec("cylinder", "yellow"), ObjectSpec("bowl", "white", "large"), ObjectSpec("bin", "black"),
             ObjectSpec("drawer")),
    stacks=(("red_block", "blue_block"),),
    inside=(("green_block", "white_bowl"), ("yellow_cylinder", "drawer")),
    drawer_open=0.15,
)
EXPECTED = {
    "on(blue_block, red_block)", "on_table(red_block)", "in(green_block, white_bowl)",
    "in(yellow_cylinder, drawer)", "open(drawer)", "hand_empty()", "clear(blue_block)", "clear(green_block)",
    "clear(yellow_cylinder)", "clear(white_bowl)", "clear(black_bin)", "clear(drawer)",
}
DRAWER_SCENE = SceneRequest(objects=(ObjectSpec("block", "red"), ObjectSpec("cylinder", "orange"),
                                     ObjectSpec("drawer")),
                            inside=(("orange_cylinder", "drawer"),), drawer_open=0.15)


@pytest.fixture(scope="module")
def world() -> World:
    return World(SCENE, seed=1)


@pytest.fixture(scope="module")
def camera() -> CameraProvider:
    with CameraProvider() as provider:
        yield provider


def _facts(graph: SceneGraph) -> set[str]:
    return {str(f) for f in graph.facts()}


def test_privileged_predicates_on_a_constructed_scene(world: World) -> None:
    world.reseed(1)
    graph = PrivilegedProvider().observe(world)
    assert _facts(graph) == EXPECTED
    assert graph.holds(Literal("on", ("blue_block", "red_block")))
    assert graph.holds(Literal("on_table", ("blue_block",), positive=False))
    assert graph.holds("not closed(drawer)") and graph.holds("clear(white_bowl)")
    assert graph.names == sorted(world.objects) and graph.kinds()["white_bowl"] == "bowl"
    # only the drawer has open/closed; an ajar drawer has neither
    world.set_drawer_slide(0.07)
    ajar = PrivilegedProvider().observe(world)
    assert not ({"open(drawer)", "closed(drawer)"} & _facts(ajar)) and ajar.drawer.state == "ajar"


def test_an_item_resting_on_nothing_known_is_loose(world: World) -> None:
    world.reseed(1)
    bowl = world.object_state("white_bowl").pos
    rim = world.objects["white_bowl"].half_extents()[0]
    world.set_object_pose("green_block", (bowl[0] + rim, bowl[1], 0.06))  # balanced on the rim
    facts = _facts(PrivilegedProvider().observe(world))
    assert "loose(green_block)" in facts
    assert not [f for f in facts if f.startswith(("on_table(green", "in(green", "on(green"))]


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_camera_agrees_with_privileged(world: World, camera: CameraProvider, seed: int) -> None:
    world.reseed(seed)
    exact, seen = PrivilegedProvider().observe(world), camera.observe(world)
    assert _facts(seen) == _facts(exact) == EXPECTED
    for name in exact.names:
        a, b = exact.object(name), seen.object(name)
        assert b.observed and np.linalg.norm(np.subtract(a.pos, b.pos)) < 0.01, name
        assert b.colour == a.colour
    assert abs(seen.drawer.slide - world.drawer_slide()) < 0.005


def test_held_block_is_holding_not_on(world: World, camera: CameraProvider) -> None:
    world.reseed(2)
    tcp, rot = world.tcp()
    q = world.arm_q()
    for _ in range(8):  # hold the block between the open fingers while they close on it
        world.set_object_pose("green_block", tcp, float(np.arctan2(rot[1, 0], rot[0, 0])))
        world.step_control(q, 0.0)
    for _ in range(10):
        world.step_control(q, 0.0)
    assert world.held_object() == "green_block"
    for graph in (PrivilegedProvider().observe(world), camera.observe(world)):
        facts = _facts(graph)
        assert "holding(green_block)" in facts and "hand_empty()" not in facts, graph.source
        assert not [f for f in facts if "green_block" in f and not f.startswith(("holding", "clear"))]
        assert graph.gripper.holding == "green_block"


def test_item_in_closed_drawer_is_not_observed_and_memory_carries_it() -> None:
    w = World(DRAWER_SCENE, seed=0)
    with CameraProvider() as cam:
        first = cam.observe(w)
        assert first.object("orange_cylinder").observed
        assert "in(orange_cylinder, drawer)" in _facts(first)
        # close the drawer with the cylinder in it (teleport both)
        pos = w.object_state("orange_cylinder").pos
        w.set_drawer_slide(0.0)
        w.set_object_pose("orange_cylinder", pos + np.array([0.0, 0.15, 0.0]))
        exact, seen = PrivilegedProvider().observe(w), cam.observe(w)
        node = seen.object("orange_cylinder")
        assert not node.observed and node.last_seen == first.object("orange_cylinder").pos
        assert "in(orange_cylinder, drawer)" in _facts(exact) and "closed(drawer)" in _facts(seen)
        assert "in(orange_cylinder, drawer)" in _facts(seen)  # carried from the last sighting
    with CameraProvider() as fresh:  # never seen: no pose, no atoms
        graph = fresh.observe(w)
        node = graph.object("orange_cylinder")
        assert not node.observed and node.pos is None
        assert not [f for f in _facts(graph) if "orange_cylinder" in f]
        assert "orange_cylinder" in graph.to_prompt() and "not visible" in graph.to_prompt()


def test_noise_is_seeded_and_tolerated(world: World) -> None:
    world.reseed(4)
    graphs = []
    for _ in range(2):
        with CameraProvider(depth_noise=0.002, pose_jitter=0.002, seed=3) as cam:
            graphs.append(cam.observe(world))
    assert graphs[0].to_json() == graphs[1].to_json()
    assert _facts(graphs[0]) == EXPECTED


def test_prompt_and_json_are_deterministic(world: World) -> None:
    world.reseed(1)
    a, b = PrivilegedProvider().observe(world), PrivilegedProvider().observe(world)
    assert a.to_prompt() == b.to_prompt() and a.to_json() == b.to_json()
    lines = a.to_prompt().splitlines()
    listed = [ln[2:].split(":")[0] for ln in lines if ln.startswith("- ")]
    assert listed == sorted(listed) and "drawer: open" in a.to_prompt()
    assert a.to_json()["facts"] == sorted(a.to_json()["facts"])


def test_unknown_object_and_predicate_errors_name_the_valid_ones(world: World) -> None:
    graph = PrivilegedProvider().observe(world)
    with pytest.raises(EmbodiaError, match="unknown object 'red_cube'; known: black_bin, blue_block"):
        graph.object("red_cube")
    with pytest.raises(EmbodiaError, match="unknown object 'red_cube'"):
        graph.holds(Literal("on", ("red_cube", "blue_block")))
    with pytest.raises(EmbodiaError, match="known: clear, closed, hand_empty"):
        graph.holds(Literal("item", ("red_block",)))
    known = "clear, closed, hand_empty, holding, in, leans_on, loose, on"
    with pytest.raises(EmbodiaError, match=f"unknown predicate 'under'; known: {known}"):
        graph.holds("under(red_block, blue_block)")


def test_a_loose_item_leaning_on_a_block_covers_it() -> None:
    from embodia.perception.nodes import GripperState, ObjectNode
    from embodia.perception.relations import relations

    half = (0.02, 0.02, 0.02)
    base = ObjectNode("green_block", "block", "green", "medium", (0.5, 0.0, 0.02), 0.0, half)
    tipped = ObjectNode("red_block", "block", "red", "medium", (0.535, 0.0, 0.045), 0.3, half)  # tipped half onto green
    other = ObjectNode("blue_block", "block", "blue", "medium", (0.4, 0.2, 0.02), 0.0, half)
    facts = {str(f) for f in relations((base, tipped, other), GripperState(0.08), None)}
    assert {"loose(red_block)", "leans_on(red_block, green_block)", "clear(blue_block)"} <= facts
    assert "clear(green_block)" not in facts
