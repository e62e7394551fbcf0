"""Perception modes: names, RGB-D without masks against the simulator, holding felt by the hand, and object
permanence with a confidence."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.perception.modes import DEFAULT_MODE, MODES, make_provider
from embodia.perception.proprio import grasping
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.types import EmbodiaError

pytestmark = pytest.mark.xdist_group("perception")

# a container and an item of the same colour, a stack, the drawer with an item inside
SCENE = SceneRequest(
    objects=(ObjectSpec("block", "red"), ObjectSpec("block", "blue"), ObjectSpec("block", "yellow"),
             ObjectSpec("cylinder", "white"), ObjectSpec("bin", "yellow"), ObjectSpec("bowl", "black"),
             ObjectSpec("drawer")),
    stacks=(("red_block", "blue_block"),), inside=(("yellow_block", "yellow_bin"), ("white_cylinder", "drawer")),
    drawer_open=0.15,
)


def _facts(graph) -> set[str]:
    return {str(f) for f in graph.facts()}


def test_modes_and_their_providers() -> None:
    assert MODES == ("camera", "rgbd", "privileged") and DEFAULT_MODE == "camera"
    assert [make_provider(m).name for m in MODES] == list(MODES)
    with pytest.raises(EmbodiaError, match="unknown perception mode 'lidar'; valid: camera, rgbd, privileged"):
        make_provider("lidar")


def test_rgbd_without_masks_agrees_with_the_simulator() -> None:
    world = World(SCENE, seed=3)
    exact = PrivilegedProvider().observe(world)
    with make_provider("rgbd", world) as rgbd:
        seen = rgbd.observe(world)
    assert seen.source == "rgbd"
    assert _facts(seen) == _facts(exact)
    assert {"in(yellow_block, yellow_bin)", "in(white_cylinder, drawer)", "on(blue_block, red_block)"} <= _facts(seen)
    for name in exact.names:
        assert np.linalg.norm(np.subtract(exact.object(name).pos, seen.object(name).pos)) < 0.02, name


def test_holding_is_felt_not_seen() -> None:
    world = World(SCENE, seed=3)
    assert not grasping(world)  # open hand, no contact
    tcp, rot = world.tcp()
    q = world.arm_q()
    for _ in range(8):  # the fingers close on the block held at the fingertips
        world.set_object_pose("red_block", tcp, float(np.arctan2(rot[1, 0], rot[0, 0])))
        world.step_control(q, 0.0)
    for _ in range(10):
        world.step_control(q, 0.0)
    assert grasping(world)
    for mode in ("camera", "rgbd"):
        with make_provider(mode, world) as eyes:
            graph = eyes.observe(world)
        assert graph.gripper.holding == "red_block" and "holding(red_block)" in _facts(graph), mode


def test_an_unseen_object_is_not_observed_with_a_falling_confidence() -> None:
    world = World(SCENE, seed=3)
    with make_provider("camera", world) as cam:
        cam.observe(world)
        world.set_object_pose("white_cylinder", (0.5, 0.5 + 0.15, 0.03))  # now inside the shut drawer
        world.set_drawer_slide(0.0)
        graphs = [cam.observe(world) for _ in range(2)]
    node = graphs[-1].object("white_cylinder")
    assert not node.observed and node.last_seen is not None and node.confidence == 0.25
    assert graphs[-1].to_json()["objects"][graphs[-1].names.index("white_cylinder")]["confidence"] == 0.25
    assert "not visible, last seen" in graphs[-1].to_prompt() and "confidence 0.25" in graphs[-1].to_prompt()
