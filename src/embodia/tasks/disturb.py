"""Disturbances: the world changes under the agent — a placed object is moved, a tower loses its
top, the drawer is pushed open or shut, a held object slips out of the gripper."""

from __future__ import annotations

import math

import numpy as np

from embodia.perception.graph import SceneGraph
from embodia.sim import layout
from embodia.sim.scene import reachable
from embodia.sim.world import World
from embodia.tasks.base import Disturbance
from embodia.types import Goal, unknown


def free_spot(world: World, rng: np.random.Generator, radius: float, near: np.ndarray | None = None) -> np.ndarray:
    """A reachable table position clear of every object by `radius` plus their own footprint."""
    (x0, x1), (y0, y1) = layout.WORKSPACE
    others = [(world.object_state(n).pos, math.hypot(*o.half_extents()[:2]))
              for n, o in world.objects.items() if n != "drawer"]
    best, best_gap = np.array([(x0 + x1) / 2, (y0 + y1) / 2]), -1.0
    for _ in range(300):
        p = rng.uniform((x0 + radius, y0 + radius), (x1 - radius, y1 - radius))
        if (near is not None and np.linalg.norm(p - near[:2]) > 0.2) or not reachable(float(p[0]), float(p[1])):
            continue
        gap = min((np.linalg.norm(p - q[:2]) - r - radius for q, r in others), default=1.0)
        if gap > 0.02:
            return p
        if gap > best_gap:
            best, best_gap = p, gap
    return best


def _drop_on_table(world: World, name: str, rng: np.random.Generator, near: np.ndarray | None = None) -> str:
    obj = world.objects[name]
    radius = math.hypot(*obj.half_extents()[:2])
    xy = free_spot(world, rng, radius, near)
    world.set_object_pose(name, (xy[0], xy[1], obj.half_extents()[2] + 0.002), float(rng.uniform(-0.5, 0.5)))
    world.settle(0.3)
    return f"{name} moved to ({xy[0]:.2f}, {xy[1]:.2f})"


def _shove_drawer(world: World, closing: bool, force: float = 40.0, seconds: float = 1.5) -> None:
    """A person pushes (or pulls) the drawer: a real force on it, so its contents ride along."""
    body = world.model.body("drawer").id
    world.data.xfrc_applied[body, :3] = (0.0, force if closing else -force, 0.0)  # opening is along -y
    try:
        world.settle(seconds)
    finally:
        world.data.xfrc_applied[body, :] = 0.0
    world.settle(0.3)


def apply(world: World, scene: SceneGraph, goal: Goal, dist: Disturbance) -> str | None:
    """Make the disturbance happen now; returns what changed, or None when nothing applies yet."""
    rng = np.random.default_rng(dist.seed)
    facts = scene.facts()
    if dist.kind == "slip":
        held = world.held_object()
        if held is None:
            return None
        world.step_control(finger=0.04, substeps=150)  # fingers spring open: the object falls
        world.settle(0.5)
        return f"{held} slipped out of the gripper"
    if dist.kind == "drawer" and "drawer" not in goal.objects():
        dist = Disturbance(dist.after_subgoal, "move_object", dist.seed)  # the drawer is not in play
    if dist.kind == "drawer":
        if not world.has_drawer or world.held_object() is not None:
            return None
        closing = world.drawer_state() == "open"
        _shove_drawer(world, closing)
        return f"the drawer was {'pushed shut' if closing else 'pulled open'} ({world.drawer_slide():.2f} m out)"
    if dist.kind == "knock_tower":
        tops = sorted(lit.args[0] for lit in facts if lit.predicate == "on" and scene.holds(f"clear({lit.args[0]})"))
        if not tops:
            return None
        name = tops[int(rng.integers(len(tops)))]
        return "tower knocked: " + _drop_on_table(world, name, rng, near=world.object_state(name).pos)
    if dist.kind == "move_object":
        placed = sorted({lit.args[0] for lit in goal.literals if lit.positive and lit.predicate in ("on", "in")
                         and lit in facts and lit.args[1] != "drawer" and scene.holds(f"clear({lit.args[0]})")})
        if not placed:
            return None
        name = placed[int(rng.integers(len(placed)))]
        return "a person moved an object: " + _drop_on_table(world, name, rng)
    raise unknown("disturbance", dist.kind, ("move_object", "knock_tower", "drawer", "slip"))


class DisturbanceSchedule:
    """Fires each disturbance once, the first time progress reaches its subgoal count."""

    def __init__(self, disturbances: tuple[Disturbance, ...]) -> None:
        self.pending = sorted(disturbances, key=lambda d: d.after_subgoal)

    def due(self, subgoals_done: int) -> list[Disturbance]:
        return [d for d in self.pending if subgoals_done >= d.after_subgoal]

    def fired(self, dist: Disturbance) -> None:
        self.pending.remove(dist)


class ScheduledDisturbances(DisturbanceSchedule):
    """A task's disturbances as the episode loop's hook: which are due, and making one happen in `world`."""

    def __init__(self, world: World, disturbances: tuple[Disturbance, ...]) -> None:
        super().__init__(disturbances)
        self.world = world

    def fire(self, dist: Disturbance, scene: SceneGraph, goal: Goal) -> str | None:
        """Make `dist` happen now (it is then done); None when nothing applies yet (it stays due)."""
        desc = apply(self.world, scene, goal, dist)
        if desc is not None:
            self.fired(dist)
        return desc
