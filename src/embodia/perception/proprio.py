"""What the robot feels: the gripper's opening and its fingers' contact sensors, and which item it holds.

A real hand knows that it holds something (fingers stopped part-way, both fingers pressing) but not what.
The identity comes from the cameras (the item whose points lie nearest the fingers), else from what the
hand held at the previous look, else from the item last seen nearest the hand. The held item's pose is
never needed to say holding(x).
"""

from __future__ import annotations

import numpy as np

from embodia.perception.nodes import ObjectNode
from embodia.sim.panda import FINGERS_MET_GAP
from embodia.sim.world import World

GAP_CLOSED = FINGERS_MET_GAP  # m, finger gap below which the hand is closed on nothing
GAP_OPEN = 0.075  # m, finger gap above which the hand is open (fully open is 0.08)
NEAR_HAND = 0.06  # m, an item's points this close to the tool centre point count as in the hand
LAST_SEEN_NEAR = 0.08  # m, horizontal reach for naming the held item from last sightings
MIN_NEAR_POINTS = 3

__all__ = ["finger_contact", "grasping", "held_identity", "GAP_CLOSED", "GAP_OPEN"]


def finger_contact(world: World) -> tuple[bool, bool]:
    """The two fingers' contact sensors: pressing on something (not which thing)."""
    touched = set().union(*world.touching_fingers().values()) if world.touching_fingers() else set()
    return 0 in touched, 1 in touched


def grasping(world: World) -> bool:
    """The hand is closed on something: the fingers stopped between closed and open, both in contact."""
    return GAP_CLOSED < world.finger_gap() < GAP_OPEN and all(finger_contact(world))


def held_identity(world: World, clouds: dict[str, np.ndarray], items: set[str], previous: str | None,
                  last: dict[str, ObjectNode]) -> str | None:
    """Name the held item (call only while grasping): points near the hand, else the previous answer,
    else the item last seen nearest the hand horizontally."""
    tcp = world.tcp()[0]
    best, name = MIN_NEAR_POINTS - 1, None
    for n in sorted(items & clouds.keys()):
        near = int((np.linalg.norm(clouds[n][:, :3] - tcp, axis=1) <= NEAR_HAND).sum())
        if near > best:
            best, name = near, n
    if name is not None:
        return name
    if previous in items:
        return previous
    seen = [(float(np.hypot(*(np.asarray(node.pos[:2]) - tcp[:2]))), n) for n, node in sorted(last.items())
            if n in items and node.pos is not None]
    dist, n = min(seen, default=(np.inf, None))
    return n if dist <= LAST_SEEN_NEAR else None
