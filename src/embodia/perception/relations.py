"""Geometric relations between perceived objects, evaluated into predicate atoms.

Every threshold is a named constant here. Geometry is the object's axis-aligned (in its own yaw)
box: `pos` is the centre, `half_extents` the half sizes; bottom = z - hz and top = z + hz (for a
bowl or bin the top is its rim; for the drawer the top of its walls).

- on(a, b): a and b are items, a is not held, |bottom(a) - top(b)| <= ON_Z_TOL and a's centre lies
  inside b's top face grown by ON_XY_MARGIN; of several such b, the one whose centre is nearest a's.
- in(a, c): c is a bowl, bin or the drawer; a's centre lies inside c's inner footprint (outer size
  minus the wall, grown by IN_XY_MARGIN) and bottom(c) - IN_Z_TOL <= bottom(a) < top(c).
- on_table(a): a is an item, not held, not in a container, not on an item, and |bottom(a)| <= TABLE_Z_TOL.
- loose(a): a is an item, not held, and neither in, on nor on_table (leaning, on a rim, tipped onto others).
- open(drawer) / closed(drawer): slide >= layout.DRAWER_OPEN_AT / slide <= layout.DRAWER_CLOSED_AT.
- holding(a) / hand_empty: from the gripper state; a held item is never on/in anything.
- leans_on(a, b): a is loose and lies partly above item b (a's footprint, grown by its half size,
  overlaps b's top while a's bottom is above b's bottom).
- clear(x): for every item, bowl, bin and the drawer that no on(_, x) or leans_on(_, x) atom names.
"""

from __future__ import annotations

import math

from embodia.perception.nodes import DrawerNode, GripperState, ObjectNode, drawer_state
from embodia.sim import layout
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.sim.catalog import CONTAINER_WALL as _WALL
from embodia.types import Literal

ON_Z_TOL = 0.015  # m, gap between a's bottom and b's top for on(a, b)
ON_XY_MARGIN = 0.005  # m, b's top face is grown by this for on(a, b)
TABLE_Z_TOL = 0.015  # m, a's bottom above the table plane z = 0 for on_table(a)
IN_XY_MARGIN = 0.005  # m, container inner footprint grown by this for in(a, c)
IN_Z_TOL = 0.015  # m, a's bottom may sit this far below the container's bottom (estimation slack)
CONTAINER_WALL = {"bowl": _WALL, "bin": _WALL, "drawer": layout.DRAWER_WALL}  # m, wall thickness per kind
CLEAR_KINDS = ITEM_KINDS + CONTAINER_KINDS + ("drawer",)


def _local_xy(a: ObjectNode, b: ObjectNode) -> tuple[float, float]:
    """a's centre in b's yaw-aligned horizontal frame."""
    dx, dy = a.pos[0] - b.pos[0], a.pos[1] - b.pos[1]
    c, s = math.cos(b.yaw), math.sin(b.yaw)
    return c * dx + s * dy, -s * dx + c * dy


def _inside_face(a: ObjectNode, b: ObjectNode, shrink: float, margin: float) -> bool:
    """a's centre inside b's horizontal footprint (disc for round kinds), shrunk then grown."""
    u, v = _local_xy(a, b)
    hx, hy = b.half_extents[0] - shrink + margin, b.half_extents[1] - shrink + margin
    if b.kind in ("cylinder", "bowl"):
        return math.hypot(u, v) <= hx
    return abs(u) <= hx and abs(v) <= hy


def bottom(n: ObjectNode) -> float:
    return n.pos[2] - n.half_extents[2]


def top(n: ObjectNode) -> float:
    return n.pos[2] + n.half_extents[2]


def is_on(a: ObjectNode, b: ObjectNode) -> bool:
    return (a.kind in ITEM_KINDS and b.kind in ITEM_KINDS and a.name != b.name
            and abs(bottom(a) - top(b)) <= ON_Z_TOL and _inside_face(a, b, 0.0, ON_XY_MARGIN))


def leans_on(a: ObjectNode, b: ObjectNode) -> bool:
    """a (not resting flat anywhere) is partly above item b: b cannot be picked or stacked on first."""
    return (b.kind in ITEM_KINDS and bottom(a) > bottom(b) + ON_Z_TOL
            and _inside_face(a, b, 0.0, max(a.half_extents[0], a.half_extents[1])))


def is_in(a: ObjectNode, c: ObjectNode) -> bool:
    if a.kind not in ITEM_KINDS or c.kind not in CONTAINER_KINDS + ("drawer",):
        return False
    return (bottom(c) - IN_Z_TOL <= bottom(a) < top(c)
            and _inside_face(a, c, CONTAINER_WALL[c.kind], IN_XY_MARGIN))


def relations(nodes: tuple[ObjectNode, ...], gripper: GripperState, drawer: DrawerNode | None,
              carried: frozenset[Literal] = frozenset()) -> frozenset[Literal]:
    """All true atoms (closed world) over the observed nodes, plus `carried` atoms of unobserved ones."""
    facts = {f for f in carried if f.predicate != "clear"}  # clear is re-derived below
    held = gripper.holding
    live = [n for n in nodes if n.observed and n.name != held]
    for a in live:
        if a.kind not in ITEM_KINDS:
            continue
        inside = [c for c in live if is_in(a, c)]
        below = [b for b in live if is_on(a, b)]
        if len(below) > 1:  # resting across two: the support under its centre (one, as a stack has)
            below = [min(below, key=lambda b: (math.hypot(*_local_xy(a, b)), b.name))]
        facts.update(Literal("in", (a.name, c.name)) for c in inside)
        facts.update(Literal("on", (a.name, b.name)) for b in below)
        if not inside and not below:
            facts.add(Literal("on_table" if abs(bottom(a)) <= TABLE_Z_TOL else "loose", (a.name,)))
    if held is not None:
        facts.add(Literal("holding", (held,)))
    else:
        facts.add(Literal("hand_empty"))
    if drawer is not None and drawer.observed:
        state = drawer_state(drawer.slide)
        if state != "ajar":
            facts.add(Literal(state, ("drawer",)))
    loose = {f.args[0] for f in facts if f.predicate == "loose"}
    facts.update(Literal("leans_on", (a.name, b.name)) for a in live if a.name in loose
                 for b in live if b.name != a.name and leans_on(a, b))
    covered = {f.args[1] for f in facts if f.predicate in ("on", "leans_on")}
    known = {n.name for n in nodes if n.observed or any(f.args[:1] == (n.name,) for f in carried)}
    facts.update(Literal("clear", (n.name,)) for n in nodes
                 if n.kind in CLEAR_KINDS and n.name not in covered and n.name in known)
    return frozenset(facts)
