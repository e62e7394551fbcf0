"""World queries the skills share: yaw, footprints, containment, free spots, grasp yaw choice."""

from __future__ import annotations

import math
from functools import partial

import mujoco
import numpy as np

from embodia.sim import layout
from embodia.sim.catalog import CAPACITY
from embodia.sim.robot_spec import RobotSpec
from embodia.sim.robots import panda_robot
from embodia.sim.world import World, yaw_of
from embodia.skills.aim import drawer_tray, pose
from embodia.skills.base import SkillFailure
from embodia.skills.params import TABLE_REGIONS, TABLE_TARGETS

Region = tuple[tuple[float, float], tuple[float, float]]


def regions(workspace: Region) -> dict[str, Region]:
    """The (x, y) box of each place_on table target's region ("" = anywhere); names from skills.params."""
    (x0, x1), (y0, y1) = workspace
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    return {"": workspace, "left": ((x0, x1), (ym, y1)), "right": ((x0, x1), (y0, ym)),
            "front": ((x0, xm), (y0, y1)), "back": ((xm, x1), (y0, y1))}


REGIONS = regions(layout.WORKSPACE)  # the Panda's
assert tuple(REGIONS)[1:] == TABLE_REGIONS
# The Panda hand's size (m); each robot's is in sim.robots (world.robot.finger_thick, ...).
FINGER_THICK = 0.018  # finger pad thickness along the closing axis
HAND_HALF_LEN = 0.11  # the hand body's half length along the finger axis
HAND_HALF_THICK = 0.035  # the hand body's half size across the finger axis


def upright(world: World, name: str, tol: float = 0.2) -> bool:
    """The object's z axis is within `tol` rad of world z."""
    q = world.object_state(name).quat
    zrow = np.empty(9)
    mujoco.mju_quat2Mat(zrow, q)
    axes = np.abs(zrow[6:9]) if world.objects[name].kind == "block" else np.abs(zrow[8:9])  # cubes: any face down
    return bool(axes.max() > math.cos(tol))


def radius(world: World, name: str) -> float:
    hx, hy, _ = world.objects[name].half_extents()
    return math.hypot(hx, hy)


def half_width(world: World, name: str) -> float:
    """Half width across the faces the fingers close on."""
    return world.objects[name].half_extents()[0]


def nearest_yaw(candidates: list[float], ref: float) -> float:
    """The candidate hand yaw closest to ref (no wrapping: the wrist cannot turn past its limits)."""
    return min((a for a in candidates if abs(a) < 2.6), key=lambda a: abs(a - ref))


def in_reach(x: float, y: float, z: float = 0.05, robot: RobotSpec | None = None) -> bool:
    """Whether the hand reaches (x, y, z) pointing down (the Panda unless `robot` says otherwise)."""
    return (robot or panda_robot()).in_reach(x, y, z)


def _to_wall(world: World, container: str, pt: np.ndarray) -> float:
    """Horizontal distance from pt to the nearest wall of a bowl (a ring) or a bin (a rectangle)."""
    st, (hx, hy, _) = pose(world, container), world.objects[container].half_extents()
    rel = pt - st.pos[:2]
    if world.objects[container].kind == "bowl":
        return abs(float(np.linalg.norm(rel)) - hx)
    c, s = math.cos(yaw_of(st.quat)), math.sin(yaw_of(st.quat))
    u, v = abs(c * rel[0] + s * rel[1]), abs(-s * rel[0] + c * rel[1])  # in the bin's frame
    if u <= hx and v <= hy:
        return float(min(hx - u, hy - v))
    return float(math.hypot(max(u - hx, 0.0), max(v - hy, 0.0)))


def grasp_yaw(world: World, name: str, hand_yaw: float, opening: float, turn: float = 0.0) -> float:
    """Hand yaw aligned with the object's faces (mod 90 deg; any yaw for round items), nearest the current yaw,
    unless the hand would hit a neighbour there and another yaw is clearer. Low neighbours only meet the
    fingertips; ones that stand higher than the palm meet the whole hand, which is long along the finger axis.
    `turn` is added to a block's face yaw (pi/4: across its corners)."""
    st = pose(world, name)
    step = math.pi / 2 if world.objects[name].kind == "block" else math.pi / 4
    base = yaw_of(st.quat) + turn if world.objects[name].kind == "block" else hand_yaw
    cands = sorted((base + k * step for k in range(-6, 7)), key=lambda a: abs(a - hand_yaw))
    cands = [a for a in cands if abs(a) < 2.6][: 2 if step > 1 else 4]  # the wrist's range
    hand = world.robot
    palm_z = st.pos[2] - world.objects[name].half_extents()[2] + hand.palm_above_bottom

    def clearance(a: float) -> float:
        axis = np.array([-math.sin(a), math.cos(a)])  # finger-closing axis in the table plane
        across = np.array([math.cos(a), math.sin(a)])
        worst = np.inf
        for other, spec in world.objects.items():
            if other in (name, "drawer"):
                continue
            o = pose(world, other).pos
            rel = o[:2] - st.pos[:2]
            if spec.is_container:  # fingertips must stay clear of the container's walls
                gap = min(_to_wall(world, other, st.pos[:2] + s * axis * (opening + hand.finger_thick / 2)) - 0.006
                          for s in (-1, 1))
            else:
                tall = o[2] + spec.half_extents()[2] > palm_z
                half_len, half_w = ((hand.hand_half_len, hand.hand_half_thick) if tall
                                    else (opening + hand.finger_thick, 0.01))
                d = (max(abs(rel @ axis) - half_len, 0.0), max(abs(rel @ across) - half_w, 0.0))
                gap = math.hypot(*d) - radius(world, other)
            worst = min(worst, gap)
        return worst

    if clearance(cands[0]) > 0.015 or len(cands) == 1:
        return cands[0]
    return max(cands, key=clearance)


def container_inside(world: World, item: str, container: str, truth: bool = False) -> bool:
    """The item's centre lies within the container's footprint and below its rim. Aimed poses, or with `truth`
    the simulator's (a skill checking its own outcome)."""
    at = world.object_state if truth else partial(pose, world)
    p = at(item).pos
    if container == "drawer":
        d = world.data.xpos[world.model.body("drawer").id] if truth else drawer_tray(world)
        dx, dy, dz = layout.DRAWER_HALF
        return abs(p[0] - d[0]) < dx and abs(p[1] - d[1]) < dy and p[2] < d[2] + dz
    c = at(container)
    hx, hy, hz = world.objects[container].half_extents()
    rel = p[:2] - c.pos[:2]
    inside = np.linalg.norm(rel) < hx if world.objects[container].kind == "bowl" else (
        abs(rel[0]) < hx and abs(rel[1]) < hy)
    return bool(inside and p[2] < c.pos[2] + hz + 0.03)


def contents(world: World, container: str) -> list[str]:
    return [n for n, o in world.objects.items() if o.is_item and container_inside(world, n, container)]


def check_container(world: World, name: str, holding: str) -> None:
    """World checks beyond the parameter type (skills.params.CONTAINER): the drawer is open, there is room."""
    if name == "drawer" and world.drawer_state() != "open":
        raise SkillFailure("precondition_failed", f"the drawer is {world.drawer_state()}; open it first")
    kind = world.objects[name].kind
    inside = [n for n in contents(world, name) if n != holding]
    if len(inside) >= CAPACITY[kind]:
        raise SkillFailure("blocked", f"'{name}' is full ({len(inside)}/{CAPACITY[kind]}: {', '.join(inside)})")


def rim_z(world: World, container: str, truth: bool = False) -> float:
    if container == "drawer":
        d = world.data.xpos[world.model.body("drawer").id] if truth else drawer_tray(world)
        return float(d[2] + layout.DRAWER_HALF[2])
    c = world.object_state(container) if truth else pose(world, container)
    return float(c.pos[2] + world.objects[container].half_extents()[2])  # the walls are the container's height


def free_table_spot(world: World, region: str, holding: str, near: np.ndarray, clearance: float = 0.025
                    ) -> tuple[float, float] | None:
    """The free table point in `region` closest to `near`, away from every other object, and first of all
    a hand's length from anything that stands higher than the palm comes down (a tower the hand would knock
    over); on a crowded table the gap kept to the neighbours shrinks to half before giving up."""
    boxes = regions(world.robot.workspace)
    if region not in boxes:
        raise SkillFailure("precondition_failed", f"unknown table region '{region}'; known: {', '.join(TABLE_TARGETS)}")
    (x0, x1), (y0, y1) = boxes[region]
    r = radius(world, holding)
    names = [n for n in world.objects if n not in (holding, "drawer")]
    others = [(pose(world, n).pos[:2], radius(world, n)) for n in names]
    hand = world.robot
    tall = [(pose(world, n).pos[:2], radius(world, n)) for n in names
            if pose(world, n).pos[2] + world.objects[n].half_extents()[2] > hand.palm_above_bottom - 0.005]
    grid = [(float(x), float(y)) for x in np.arange(x0 + r, x1 - r + 1e-9, 0.02)
            for y in np.arange(y0 + r, y1 - r + 1e-9, 0.02)
            if in_reach(x, y, 0.0, world.robot)]  # the height a table drop checks
    for gap, hand_gap in ((clearance, hand.hand_half_len + 0.01), (clearance, 0.0), (clearance / 2, 0.0)):
        free = [p for p in grid if all(np.linalg.norm(c - p) >= r + ro + gap for c, ro in others)
                and all(np.linalg.norm(c - p) >= ro + hand_gap for c, ro in tall)]
        if free:
            return min(free, key=lambda p: math.hypot(p[0] - near[0], p[1] - near[1]))
    return None
