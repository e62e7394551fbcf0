from __future__ import annotations

import math

import numpy as np
import pytest

from embodia.sim import layout
from embodia.sim.catalog import ObjectSpec
from embodia.sim.render import Cameras
from embodia.sim.scene import SceneRequest, place, playground
from embodia.sim.world import World
from embodia.types import EmbodiaError


def _contacts_between_objects(world: World) -> list[tuple[str, str, float]]:
    bad = []
    for i in range(world.data.ncon):
        c = world.data.contact[i]
        a, b = world.geom_owner.get(c.geom1), world.geom_owner.get(c.geom2)
        if a and b and a != b and c.dist < -0.002:
            bad.append((a, b, c.dist))
    return bad


def test_same_seed_same_scene_and_rollout() -> None:
    a, b = World(playground(), seed=7), World(playground(), seed=7)
    for name in a.objects:
        if name != "drawer":
            assert np.allclose(a.object_state(name).pos, b.object_state(name).pos)
    q = np.array([0.3, 0.0, 0.1, -2.0, 0.0, 0.5, 0.2])
    for _ in range(20):
        a.step_control(q, 0.02)
        b.step_control(q, 0.02)
    assert np.array_equal(a.data.qpos, b.data.qpos)
    c = World(playground(), seed=8)
    assert not np.allclose(a.object_state("red_block").pos, c.object_state("red_block").pos)


def test_hundred_seeds_give_valid_scenes(playground_world: World) -> None:
    world = playground_world
    for seed in range(100):
        world.reseed(seed)
        assert _contacts_between_objects(world) == [], f"seed {seed} interpenetrates"
        for name, obj in world.objects.items():
            if name == "drawer":
                continue
            pos = world.object_state(name).pos
            (x0, x1), (y0, y1) = layout.WORKSPACE
            assert x0 <= pos[0] <= x1 and y0 <= pos[1] <= y1, f"seed {seed}: {name} off the workspace"
            assert abs(pos[2] - obj.half_extents()[2]) < 0.01, f"seed {seed}: {name} not resting on the table"
            assert math.dist((pos[0], pos[1], 0.05), layout.SHOULDER) <= layout.REACH_RADIUS


def test_segmentation_contains_every_object(playground_world: World) -> None:
    playground_world.reseed(3)
    with Cameras(playground_world, 240, 320) as cams:
        seen = set(np.unique(cams.segmentation("front"))) | set(np.unique(cams.segmentation("top")))
        depth = cams.depth("top")
        rgb = cams.rgb("wrist")
    names = {cams.names[i - 1] for i in seen if i > 0}
    assert names == set(playground_world.objects)
    assert depth.dtype == np.float32 and 0.5 < float(np.median(depth)) < 2.0
    assert rgb.shape == (240, 320, 3) and rgb.std() > 5


def test_drawer_state_follows_joint(playground_world: World) -> None:
    w = playground_world
    w.reset()
    assert w.drawer_state() == "closed"
    w.set_drawer_slide(0.16)
    assert w.drawer_state() == "open"
    w.set_drawer_slide(0.07)
    assert w.drawer_state() == "ajar"


def test_stacks_and_containers_are_placed_on_their_base() -> None:
    req = SceneRequest(
        objects=(ObjectSpec("block", "red"), ObjectSpec("block", "blue"), ObjectSpec("bowl", "green")),
        stacks=(("red_block", "blue_block"),), inside=(),
    )
    w = World(req, seed=1)
    red, blue = w.object_state("red_block").pos, w.object_state("blue_block").pos
    assert np.linalg.norm(red[:2] - blue[:2]) < 0.01 and blue[2] - red[2] == pytest.approx(0.04, abs=0.004)


@pytest.mark.parametrize("kind,colour,size", [("teapot", "red", "small"), ("block", "pink", "small"),
                                              ("block", "red", "huge")])
def test_unknown_catalogue_entries_are_named(kind: str, colour: str, size: str) -> None:
    with pytest.raises(EmbodiaError) as err:
        ObjectSpec(kind, colour, size)
    bad = next(v for v in (kind, colour, size) if v in str(err.value))
    assert f"'{bad}'" in str(err.value) and "known:" in str(err.value)


def test_impossible_scene_is_refused() -> None:
    colours = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black"]
    objs = tuple(ObjectSpec(k, c, "large") for k in ("bowl", "bin") for c in colours)
    with pytest.raises(EmbodiaError, match="impossible scene"):
        place(SceneRequest(objects=objs), seed=0)
