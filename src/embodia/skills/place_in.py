"""place_in(obj, container): lower the held item into a bowl, a bin or the open drawer and release."""

from __future__ import annotations

import math

import numpy as np

from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim import layout
from embodia.sim.world import World
from embodia.skills.aim import drawer_tray, pose
from embodia.skills.base import Skill, SkillFailure
from embodia.skills.common import check_held, place_held, release_opening, require_holding
from embodia.skills.geometry import check_container, container_inside, contents, in_reach, radius, rim_z
from embodia.skills.params import CONTAINER, ITEM

FLOOR = 0.008  # container floor thickness (m)


def _inner(world: World, container: str, pt: np.ndarray, margin: float) -> bool:
    """pt (table plane) lies inside the container's walls with `margin` to spare."""
    if container == "drawer":
        d = drawer_tray(world)
        dx, dy, _ = layout.DRAWER_HALF
        y_hi = layout.CABINET_POS[1] - layout.CABINET_HALF[1] - world.robot.hand_half_thick  # out of the cabinet
        return abs(pt[0] - d[0]) < dx - 0.01 - margin and d[1] - dy + 0.01 + margin < pt[1] < y_hi
    c = pose(world, container).pos
    hx, hy, _ = world.objects[container].half_extents()
    if world.objects[container].kind == "bowl":
        return float(np.linalg.norm(pt - c[:2])) < hx - 0.012 - margin
    return abs(pt[0] - c[0]) < hx - 0.012 - margin and abs(pt[1] - c[1]) < hy - 0.012 - margin


def _spots(world: World, container: str, obj: str, yaw: float, opening: float) -> list[tuple[float, float]]:
    """Drop points where the item and both fingers (closing axis from the hand yaw) clear the walls."""
    r = radius(world, obj)
    if container == "drawer":
        centre = drawer_tray(world)[:2]
    else:
        centre = pose(world, container).pos[:2]
    axis = np.array([math.sin(yaw), -math.cos(yaw)])
    thick = world.robot.finger_thick
    out = []
    for dx in np.arange(-0.12, 0.121, 0.015):
        for dy in np.arange(-0.12, 0.121, 0.015):
            p = centre + (dx, dy)
            if _inner(world, container, p, r * 0.8) and in_reach(p[0], p[1], 0.0, world.robot) and all(
                    _inner(world, container, p + s * axis * (opening + thick / 2), thick / 2)
                    for s in (-1, 1)):
                out.append((float(p[0]), float(p[1])))
    return out


def _floor_z(world: World, container: str) -> float:
    if container == "drawer":
        return float(drawer_tray(world)[2] - layout.DRAWER_HALF[2] + 2 * 0.005)
    c = pose(world, container).pos
    return float(c[2] - world.objects[container].half_extents()[2] + FLOOR)


def _pick_spot(world: World, container: str, inside: list[str], obj: str, spots: np.ndarray) -> tuple[int, float]:
    """The drop spot to use and its free room. Ranked by free room (gap to the items inside, capped at 3 cm),
    then by the hand's distance from things outside that stand above the rim (a tower beside a bowl, capped at
    HAND_HALF_LEN), then by the room it leaves for one more item of the same size, then by distance out from the
    middle."""
    r = radius(world, obj)
    rim = rim_z(world, container)
    tall = [n for n, o in world.objects.items() if n not in inside and n not in (obj, container, "drawer")
            and pose(world, n).pos[2] + o.half_extents()[2] > rim]
    hand_len = world.robot.hand_half_len
    away = np.full(len(spots), hand_len)
    if tall:
        centres = np.array([pose(world, n).pos[:2] for n in tall])
        radii = np.array([radius(world, n) for n in tall])
        gaps = np.linalg.norm(spots[:, None] - centres[None], axis=2) - radii[None]
        away = np.minimum(gaps.min(axis=1), hand_len)
    room = np.full(len(spots), 1.0)
    if inside:
        centres = np.array([pose(world, n).pos[:2] for n in inside])
        radii = np.array([radius(world, n) for n in inside])
        room = (np.linalg.norm(spots[:, None] - centres[None], axis=2) - radii[None] - r).min(axis=1)
    pair = np.linalg.norm(spots[:, None] - spots[None], axis=2) - 2 * r  # spot i taken: gap left at spot j
    left = np.minimum(pair, room[None]).max(axis=1)
    out = np.linalg.norm(spots - spots.mean(axis=0), axis=1)
    best = int(np.lexsort((out, np.round(np.minimum(left, 0.05), 3), np.round(away, 2),
                           np.round(np.minimum(room, 0.03), 3)))[-1])
    return best, float(room[best])


class PlaceIn(Skill):
    name = "place_in"
    description = "put the held item into an open bowl, bin or the open drawer"
    params = (ITEM, CONTAINER)
    budget = 8.0

    def check(self, args: tuple[str, ...], world: World) -> None:
        obj, container = args
        check_container(world, container, obj)
        check_held(world, obj)

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        obj, container = args
        world = robot.world
        require_holding(robot, obj)
        inside = [n for n in contents(world, container) if n != obj]
        hand_yaw = math.pi / 2 if container == "drawer" else None  # hand's long axis along the drawer front
        yaw = math.pi / 2 if container == "drawer" else ctrl.tool()[1]
        spots = _spots(world, container, obj, yaw, release_opening(robot, obj))
        if not spots:
            raise SkillFailure("blocked", f"no room in '{container}' for '{obj}' without the fingers hitting a wall")
        best, room = _pick_spot(world, container, inside, obj, np.array(spots))
        spot = spots[best]
        floor = _floor_z(world, container)
        if room < 0:  # no free floor: rest on the highest item below
            floor = max(pose(world, n).pos[2] + world.objects[n].half_extents()[2] for n in inside)
        touch = set(world.geoms_of(container)) if container != "drawer" else set(world.geoms_of("drawer"))
        for n in inside:
            touch |= world.geoms_of(n)
        place_held(robot, ctrl, obj, spot, floor, None, touch, hand_yaw=hand_yaw)
        ctrl.wait(0.2)
        if not container_inside(world, obj, container, truth=True):
            raise SkillFailure("dropped", f"'{obj}' did not land inside '{container}'")
        if world.object_state(obj).pos[2] > rim_z(world, container, truth=True) + 0.02:
            raise SkillFailure("dropped", f"'{obj}' sticks out above the rim of '{container}'")
        return f"'{obj}' in '{container}'"
