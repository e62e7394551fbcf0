"""push(obj, direction, distance): closed fingers behind the item, low, slide it along the table."""

from __future__ import annotations

import math

import numpy as np

from embodia.control.gripper import close_gripper
from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.aim import pose
from embodia.skills.base import Skill, SkillFailure, transit_z
from embodia.skills.common import rise
from embodia.skills.geometry import in_reach, yaw_of
from embodia.skills.params import DIRECTION, DIRECTIONS, ITEM, PUSH_DISTANCE

TIP_CLEARANCE = 0.012  # fingertips above the table while pushing
TIP = 0.05
FINGER_HALF_WIDTH = 0.016  # closed fingers' half width across the closing axis, at the tips


class Push(Skill):
    name = "push"
    description = "slide an item along the table with closed fingers"
    params = (ITEM, DIRECTION, PUSH_DISTANCE)
    budget = 8.0

    def check(self, args: tuple[str, ...], world: World) -> None:
        obj, direction, dist = args
        d = PUSH_DISTANCE.parse(dist)
        if world.held_object() is not None:
            raise SkillFailure("precondition_failed", f"the hand holds '{world.held_object()}'; place it first")
        p = pose(world, obj).pos
        end = p[:2] + np.array(DIRECTIONS[direction]) * d
        (x0, x1), (y0, y1) = world.robot.safe_box[0], world.robot.safe_box[1]
        if not (x0 <= end[0] <= x1 and y0 <= end[1] <= y1 and in_reach(end[0], end[1], robot=world.robot)):
            raise SkillFailure("unreachable", f"pushing '{obj}' {direction} by {d} m leaves the reachable table")

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        obj, direction, dist = args
        world = robot.world
        d = PUSH_DISTANCE.parse(dist)
        u = np.array(DIRECTIONS[direction])
        p0 = pose(world, obj).pos
        start_true = world.object_state(obj).pos  # for the outcome check
        yaw = 0.0 if direction in ("forward", "back") else math.pi / 2  # push with the fingers' flat side
        hx = world.objects[obj].half_extents()[0]
        if world.objects[obj].kind == "block":  # the item's extent along the push direction
            rel = yaw_of(pose(world, obj).quat) - math.atan2(u[1], u[0])
            hx *= abs(math.cos(rel)) + abs(math.sin(rel))
        lead = hx + FINGER_HALF_WIDTH
        z = TIP_CLEARANCE + TIP
        start = np.array([p0[0] - u[0] * (lead + 0.02), p0[1] - u[1] * (lead + 0.02), z])
        for other, spec in world.objects.items():  # the fingers need a free spot behind the item
            if other not in (obj, "drawer"):
                reach = spec.half_extents()[0] * (1.0 if spec.is_container else 1.42)
                if np.linalg.norm(pose(world, other).pos[:2] - start[:2]) - reach < 0.028:
                    raise SkillFailure("blocked", f"'{other}' is in the way behind '{obj}'; cannot push it {direction}")
        close_gripper(ctrl, max_s=0.4, squeeze_s=0.0)
        rise(ctrl, transit_z(world))
        ctrl.move_to(start + [0, 0, 0.12], yaw, speed=0.7)
        ctrl.move_to(start, yaw, speed=0.4, settle=0.1)
        end = np.array([p0[0] + u[0] * (d - lead), p0[1] + u[1] * (d - lead), z])
        ctrl.move_to(end, yaw, speed=0.15, settle=0.2, tol=0.01)
        ctrl.move_to(end - np.array([u[0], u[1], 0.0]) * 0.02, yaw, speed=0.2, settle=0.0)
        ctrl.move_to(end + [0, 0, 0.12], yaw, speed=0.5, settle=0.0)
        moved = float(np.dot(world.object_state(obj).pos[:2] - start_true[:2], u))
        if moved < 0.6 * d:
            raise SkillFailure("blocked", f"'{obj}' moved only {moved:.3f} m of {d} m {direction}")
        return f"pushed '{obj}' {moved:.3f} m {direction}"
