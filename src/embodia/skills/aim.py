"""Where the skills aim: at the poses the robot perceived, not the simulator's.

The episode (agent.episode) runs each skill inside `aiming(poses)` when it perceives with cameras; `poses` maps an
object's name to its perceived (position, yaw), as `SceneGraph.poses()` gives them. Skills read `pose(world, name)`
wherever they decide where the hand goes (grasp and place targets, neighbours, transit heights). Outside `aiming`
(privileged perception, tests) `pose` is the simulator's, and the skills behave exactly as written.

What stays on the simulator: a skill's own outcome checks (did the item come up, does it rest on the target),
which stand in for the robot sensing its own result, and `upright` (perception gives a yaw only).

The held item is where the grasp put it: centred between the fingers (the squeeze centres it and squares a block's
faces to the pads), its bottom `grasp_above_bottom` below the tool point, as the pick commanded."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from embodia.control.ik import tool_yaw
from embodia.sim.world import ObjectState, World

Poses = Mapping[str, tuple[Sequence[float], float]]  # name -> perceived (x, y, z) centre and yaw (rad)


@dataclass
class _Aim:
    poses: dict[str, tuple[np.ndarray, float]]


_AIM: ContextVar[_Aim | None] = ContextVar("skill_aim", default=None)


def _own(poses: Poses) -> dict[str, tuple[np.ndarray, float]]:
    return {n: (np.asarray(p, dtype=float), float(y)) for n, (p, y) in poses.items()}


@contextmanager
def aiming(poses: Poses) -> Iterator[None]:
    """Run skills inside this block aiming at `poses` (a pick does not look again: measured, a re-look inside the
    skill changed no outcome and cost 12 % more wall time)."""
    token = _AIM.set(_Aim(_own(poses)))
    try:
        yield
    finally:
        _AIM.reset(token)


def perceived() -> bool:
    """Whether the running skill aims at perceived poses."""
    return _AIM.get() is not None


def yaw_quat(yaw: float) -> np.ndarray:
    return np.array([math.cos(yaw / 2), 0.0, 0.0, math.sin(yaw / 2)])


def pose(world: World, name: str) -> ObjectState:
    """The pose to aim at: the held item where the grasp put it, else the perceived pose when there is one,
    else the simulator's (privileged mode, an object never seen)."""
    aim = _AIM.get()
    if aim is None:
        return world.object_state(name)
    if world.objects[name].is_item and world.held_object() == name:
        return in_hand(world, name)
    if name not in aim.poses:
        return world.object_state(name)
    p, yaw = aim.poses[name]
    return ObjectState(name, p.copy(), yaw_quat(yaw))


def in_hand(world: World, name: str) -> ObjectState:
    """The held item as the grasp placed it: centred under the tool point, faces square to the fingers."""
    tcp, rot = world.tcp()
    hz = world.objects[name].half_extents()[2]
    centre = tcp - np.array([0.0, 0.0, world.robot.grasp_above_bottom - hz])
    return ObjectState(name, centre, yaw_quat(tool_yaw(rot)))


def drawer_shift(world: World) -> np.ndarray:
    """Perceived minus simulated position of the drawer's tray (zero when not aiming): add it to any point on the
    drawer (its handle, its floor) to aim where the drawer was perceived."""
    aim = _AIM.get()
    if aim is None or "drawer" not in aim.poses:
        return np.zeros(3)
    return aim.poses["drawer"][0] - world.data.xpos[world.model.body("drawer").id]


def drawer_tray(world: World) -> np.ndarray:
    """The drawer tray's centre to aim at."""
    return world.data.xpos[world.model.body("drawer").id] + drawer_shift(world)


def drawer_slide(world: World) -> float:
    """The drawer's slide to aim with (m): perceived when aiming, else the simulator's."""
    return world.drawer_slide() - float(drawer_shift(world)[1])  # it opens along -y

