"""Motion pieces shared by the skills: guarded lifts, carrying, and the place-and-release routine."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from embodia.control.gripper import open_gripper
from embodia.control.motion import ArmController, MotionError
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.aim import pose
from embodia.skills.base import SkillFailure, transit_z
from embodia.skills.geometry import half_width, in_reach, yaw_of
from embodia.skills.variation import current

RELEASE_GAP = 0.004  # the held item's bottom stops this far above the surface before release


def opening_for(robot: SimRobot, name: str, across_corners: bool = False) -> float:
    """Per-finger opening with a little clearance around the item (around its corners when `across_corners`)."""
    half = half_width(robot.world, name) * (math.sqrt(2.0) if across_corners else 1.0)
    return min(robot.finger_max, half + robot.spec.grasp_clearance)


def release_opening(robot: SimRobot, name: str) -> float:
    """Per-finger opening to let go of an item: just enough to free it."""
    return min(robot.finger_max, half_width(robot.world, name) + 0.008)


def guard(robot: SimRobot, name: str) -> Callable[[], bool]:
    """A stop condition: true when the item is no longer between the fingers."""
    return lambda: robot.held_object() != name


def require_holding(robot: SimRobot, name: str) -> None:
    check_held(robot.world, name)


def check_held(world: World, name: str) -> None:
    """The object exists and is the one between the fingers, else a precondition failure."""
    if name not in world.objects:
        raise SkillFailure("precondition_failed", f"unknown object '{name}'; known: {', '.join(sorted(world.objects))}")
    held = world.held_object()
    if held != name:
        raise SkillFailure("precondition_failed", f"not holding '{name}' (holding: {held or 'nothing'}); pick it first")


def carry(robot: SimRobot, ctrl: ArmController, name: str, pos: np.ndarray, yaw: float | None,
          speed: float = 0.6) -> None:
    """Move the tool while holding `name`; raise 'dropped' if it slips out."""
    if ctrl.move_to(pos, yaw, speed=speed, until=guard(robot, name)).stopped:
        ctrl.move_to(ctrl.commanded_tool()[0], None, speed=0.3, settle=0.1)
        raise SkillFailure("dropped", f"'{name}' slipped out of the gripper while moving")


def move_or_rehome(robot: SimRobot, ctrl: ArmController, pos: np.ndarray, yaw: float | None, **kw) -> None:
    """ctrl.move_to, and if the differential IK gets stuck short of the target, retry once from the home pose."""
    try:
        ctrl.move_to(pos, yaw, **kw)
    except MotionError as e:
        if e.reason != "unreachable":
            raise
        ctrl.move_joints(robot.home_q)
        ctrl.move_to(pos, yaw, **kw)


def rise(ctrl: ArmController, z: float, speed: float = 0.5) -> None:
    """Straight up (never down) to height z."""
    p, _ = ctrl.commanded_tool()
    if p[2] < z - 0.005:
        ctrl.move_to(np.array([p[0], p[1], z]), None, speed=speed, settle=0.1)


def place_held(robot: SimRobot, ctrl: ArmController, name: str, xy: tuple[float, float], surface_z: float,
               yaw_mod: float | None, touch: set[int], hand_yaw: float | None = None) -> None:
    """Carry `name` above xy, lower it until its bottom is at surface_z (or it touches `touch` geoms),
    open and retreat. `yaw_mod`: align the item's yaw to this (mod 90 deg); `hand_yaw` overrides."""
    world = robot.world
    if not in_reach(xy[0], xy[1], surface_z, world.robot):
        raise SkillFailure("unreachable", f"place point {np.round(xy, 3).tolist()} is out of the arm's reach")
    tcp, cur_yaw = ctrl.tool()
    st = pose(world, name)  # held: where the grasp put it when aiming at perceived poses
    hz = world.objects[name].half_extents()[2]
    drop = tcp[2] - (st.pos[2] - hz)  # tool height above the item's bottom, as actually held
    rel = yaw_of(st.quat) - cur_yaw
    if hand_yaw is not None:
        cands = [hand_yaw + k * math.pi for k in (-1, 0, 1)]
    elif yaw_mod is not None:
        cands = [yaw_mod - rel + k * math.pi / 2 for k in range(-4, 5)]
    else:
        cands = [cur_yaw + k * math.pi / 2 for k in range(-2, 3)]  # the current yaw first, then quarter turns
    release_z = surface_z + drop + RELEASE_GAP
    a = world.robot.approach
    transit = max(transit_z(world, name, drop), min(release_z + a - 0.01, world.robot.max_transit_z))
    goal_yaw, target = _place_pose(ctrl, cands, cur_yaw, st.pos[:2] - tcp[:2], np.array(xy), (transit, release_z))
    rise_guarded(robot, ctrl, name, transit)
    carry(robot, ctrl, name, np.array([target[0], target[1], transit]), goal_yaw)
    hover = max(release_z, min(transit, release_z + min(0.03, a)))  # never above what the arm reaches
    carry(robot, ctrl, name, np.array([target[0], target[1], hover]), goal_yaw, speed=0.4)
    mine = world.geoms_of(name)
    hit = lambda: robot.held_object() != name or world.contacts_between(mine, touch)  # noqa: E731
    ctrl.move_to(np.array([target[0], target[1], release_z]), goal_yaw, speed=0.12 * current().lower_speed, until=hit,
                 settle=0.2)
    if robot.held_object() != name and not world.contacts_between(mine, touch):
        raise SkillFailure("dropped", f"'{name}' slipped out of the gripper while lowering")
    open_gripper(ctrl, release_opening(robot, name), max_s=0.4)
    ctrl.wait(0.1)
    if robot.held_object() == name:  # wedged across its diagonal (a grasp that turned): open all the way
        open_gripper(ctrl, robot.finger_max, max_s=0.4)
        ctrl.wait(0.1)
    p, _ = ctrl.commanded_tool()
    ctrl.move_to(np.array([p[0], p[1], p[2] + a - 0.01]), None, speed=0.2, settle=0.05)


def _place_pose(ctrl: ArmController, cands: list[float], cur_yaw: float, off: np.ndarray, xy: np.ndarray,
                heights: tuple[float, ...]) -> tuple[float, np.ndarray]:
    """The hand yaw nearest the current one (and the tool point that puts the item's centre at xy), preferring
    one the arm reaches at every height: a short arm with an offset tool (the SO-101) reaches a spot at some
    yaws only. `off`: the item's centre relative to the tool now; it turns with the hand."""
    order = sorted((a for a in cands if abs(a) < 2.6), key=lambda a: abs(a - cur_yaw)) or [cur_yaw]

    def hand_at(yaw: float) -> tuple[float, np.ndarray]:
        yaw = float(np.clip(yaw, -2.6, 2.6))
        d = yaw - cur_yaw
        o = np.array([math.cos(d) * off[0] - math.sin(d) * off[1], math.sin(d) * off[0] + math.cos(d) * off[1]])
        return yaw, xy - o

    for yaw in order:
        y, t = hand_at(yaw)
        if all(ctrl.reachable(np.array([t[0], t[1], z]), y) for z in heights):
            return y, t
    return hand_at(order[0])


def rise_guarded(robot: SimRobot, ctrl: ArmController, name: str, z: float) -> None:
    p, _ = ctrl.commanded_tool()
    if p[2] < z - 0.005:
        carry(robot, ctrl, name, np.array([p[0], p[1], z]), None, speed=0.5)
