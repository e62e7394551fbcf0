"""Procedural scenes from a seed: which objects, where, at what yaw — valid and reproducible."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from embodia.sim import layout
from embodia.sim.catalog import ObjectSpec, assign_names
from embodia.sim.robots import robot_spec
from embodia.types import EmbodiaError

Placement = tuple[ObjectSpec, tuple[float, float, float], float]


@dataclass(frozen=True)
class SceneRequest:
    """What a scene must contain. `stacks` lists towers bottom-up by object name; `inside` maps
    an item to the container (or 'drawer') it starts in."""

    objects: tuple[ObjectSpec, ...]
    stacks: tuple[tuple[str, ...], ...] = ()
    inside: tuple[tuple[str, str], ...] = ()
    drawer_open: float = 0.0  # initial slide of the drawer (m)
    extra: dict = field(default_factory=dict)
    robot: str = "panda"  # which simulated arm (sim.robots.ROBOTS)


def _footprint(obj: ObjectSpec) -> float:
    hx, hy, _ = obj.half_extents()
    return math.hypot(hx, hy)  # radius of the yaw-invariant bounding circle


def reachable(x: float, y: float, robot: str = "panda") -> bool:
    """Where objects may be placed: well inside the arm's reach (the skills allow a little more)."""
    if robot == "panda":
        sx, sy, sz = layout.SHOULDER
        return math.dist((x, y, 0.05), (sx, sy, sz)) <= layout.REACH_RADIUS
    return robot_spec(robot).in_reach(x, y, 0.0, margin=-0.012)


def _place_ground(ground: list[ObjectSpec], rng: np.random.Generator, robot: str) -> dict[str, Placement] | None:
    (x0, x1), (y0, y1) = robot_spec(robot).workspace
    taken: list[tuple[float, float, float]] = []
    out: dict[str, Placement] = {}
    for obj in sorted(ground, key=lambda o: -_footprint(o)):  # largest first: hardest to fit
        r = _footprint(obj)
        for _ in range(200):
            x, y = rng.uniform(x0 + r, x1 - r), rng.uniform(y0 + r, y1 - r)
            if _fits(x, y, r, taken, robot):
                break
        else:
            return None
        taken.append((x, y, r))
        yaw = float(rng.uniform(-math.pi / 4, math.pi / 4)) if obj.is_item else 0.0
        out[obj.name] = (obj, (float(x), float(y), obj.half_extents()[2] + 0.0005), yaw)
    return out


def _fits(x: float, y: float, r: float, taken: list[tuple[float, float, float]], robot: str) -> bool:
    return reachable(x, y, robot) and all(math.dist((x, y), (tx, ty)) >= r + tr + layout.PLACEMENT_MARGIN
                                   for tx, ty, tr in taken)


def _place_packed(ground: list[ObjectSpec], rng: np.random.Generator, robot: str) -> dict[str, Placement] | None:
    """Fallback when random placement keeps painting itself in: each object (largest first) takes the free grid
    point nearest a corner of the workspace (a seed-chosen corner per object), so large ones pack to the edges."""
    (x0, x1), (y0, y1) = robot_spec(robot).workspace
    taken: list[tuple[float, float, float]] = []
    out: dict[str, Placement] = {}
    for obj in sorted(ground, key=lambda o: -_footprint(o)):
        r = _footprint(obj)
        corner = (x0 if rng.random() < 0.5 else x1, y0 if rng.random() < 0.5 else y1)
        xs, ys = np.arange(x0 + r, x1 - r + 1e-9, 0.005), np.arange(y0 + r, y1 - r + 1e-9, 0.005)
        grid = [(x, y) for x in xs for y in ys]
        free = [p for p in grid if _fits(p[0], p[1], r, taken, robot)]
        if not free:
            return None
        x, y = min(free, key=lambda p: math.dist(p, corner))
        taken.append((float(x), float(y), r))
        yaw = float(rng.uniform(-math.pi / 4, math.pi / 4)) if obj.is_item else 0.0
        out[obj.name] = (obj, (float(x), float(y), obj.half_extents()[2] + 0.0005), yaw)
    return out


def place(request: SceneRequest, seed: int) -> list[Placement]:
    """Place every object on the table without overlap; stacked/contained items go on their base."""
    objects = assign_names(list(request.objects))
    by_name = {o.name: o for o in objects}
    for tower in request.stacks:
        for n in tower:
            if n not in by_name:
                raise EmbodiaError(f"stack names unknown object '{n}'; scene has: {', '.join(sorted(by_name))}")
    for item, cont in request.inside:
        if item not in by_name or cont not in by_name:
            raise EmbodiaError(f"'inside' names unknown object in ({item}, {cont}); "
                               f"scene has: {', '.join(sorted(by_name))}")
    above = {n for t in request.stacks for n in t[1:]}
    contained = {i for i, _ in request.inside}
    ground = [o for o in objects if o.kind != "drawer" and o.name not in above and o.name not in contained]
    out: dict[str, Placement] | None = None
    for attempt in range(60):  # greedy placement, restarted with a derived seed when it paints itself in
        out = _place_ground(ground, np.random.default_rng([seed, attempt]), request.robot)
        if out is not None:
            break
    for attempt in range(8 if out is None else 0):  # a seed must always give a scene when one exists
        out = _place_packed(ground, np.random.default_rng([seed, 1000 + attempt]), request.robot)
        if out is not None:
            break
    if out is None:
        raise EmbodiaError(
            f"impossible scene: cannot fit {len(ground)} objects on the table without overlap; "
            "use fewer or smaller objects"
        )
    for tower in request.stacks:
        base = out[tower[0]]
        z = base[1][2] + base[0].half_extents()[2]
        for name in tower[1:]:
            obj = by_name[name]
            z += obj.half_extents()[2]
            out[name] = (obj, (base[1][0], base[1][1], z + 0.0005), base[2])
            z += obj.half_extents()[2] + 0.001
    slots: dict[str, int] = {}
    for item, cont in request.inside:
        obj = by_name[item]
        k = slots.get(cont, 0)
        slots[cont] = k + 1
        if cont == "drawer":
            cx, cy = layout.CABINET_POS
            off = ((k % 2) - 0.5) * 0.09
            pos = (cx + off, cy - request.drawer_open - 0.04 * (k // 2), 0.018 + obj.half_extents()[2])
            out[item] = (obj, pos, 0.0)
        else:
            c = out[cont]
            off = 0.0 if k == 0 else 0.035
            ang = 2.1 * k
            pos = (c[1][0] + off * math.cos(ang), c[1][1] + off * math.sin(ang),
                   c[1][2] - c[0].half_extents()[2] + 0.01 + obj.half_extents()[2])
            out[item] = (obj, pos, 0.0)
    ordered = [out[o.name] if o.kind != "drawer" else (o, (0.0, 0.0, 0.0), 0.0) for o in objects]
    return ordered


def playground() -> SceneRequest:
    """The default scene: blocks of several colours, a cylinder, a bowl, a bin and the drawer."""
    return SceneRequest(objects=(
        ObjectSpec("block", "red"), ObjectSpec("block", "green"), ObjectSpec("block", "blue"),
        ObjectSpec("block", "yellow"), ObjectSpec("block", "purple", "large"), ObjectSpec("cylinder", "orange"),
        ObjectSpec("bowl", "blue", "large"), ObjectSpec("bin", "green"), ObjectSpec("drawer"),
    ))
