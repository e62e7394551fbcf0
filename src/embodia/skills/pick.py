"""pick(obj): open, align with the item's faces above it, descend slowly, close until contact, lift."""

from __future__ import annotations

import math

import numpy as np

from embodia.control.gripper import close_gripper, open_gripper
from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.aim import perceived, pose
from embodia.skills.base import Skill, SkillFailure, transit_z
from embodia.skills.common import move_or_rehome, opening_for, rise
from embodia.skills.geometry import grasp_yaw, in_reach, radius
from embodia.skills.params import ITEM
from embodia.skills.variation import current


def on_top_of(world: World, name: str) -> list[str]:
    """Items resting on `name` (their centre above its top, within its footprint), by the aimed poses."""
    p = pose(world, name).pos
    top = p[2] + world.objects[name].half_extents()[2]
    out = []
    for other, o in world.objects.items():
        if other == name or not o.is_item:
            continue
        q = pose(world, other).pos
        if q[2] > top and np.linalg.norm(q[:2] - p[:2]) < radius(world, name) + 0.01:
            out.append(other)
    return out


def reachable_yaw(ctrl: ArmController, grasp: np.ndarray, preferred: float) -> float | None:
    """The preferred grasp yaw, else the nearest other face-aligned yaw (90 deg steps) the arm can reach."""
    for yaw in sorted((preferred + k * math.pi / 2 for k in range(-2, 3)), key=lambda a: abs(a - preferred)):
        if abs(yaw) < 2.6 and ctrl.reachable(grasp, yaw):
            return yaw
    return None


class Pick(Skill):
    name = "pick"
    description = "grasp an item that has nothing on top of it; the gripper must be empty"
    params = (ITEM,)
    budget = 8.0

    def check(self, args: tuple[str, ...], world: World) -> None:
        obj = args[0]
        held = world.held_object()
        if held is not None and held != obj:
            raise SkillFailure("precondition_failed", f"the hand already holds '{held}'; place it first")
        above = on_top_of(world, obj)
        if above:
            raise SkillFailure("blocked", f"'{obj}' is under {', '.join(above)}; pick that first")
        p = pose(world, obj).pos
        if not in_reach(p[0], p[1], p[2], world.robot):
            raise SkillFailure("unreachable", f"'{obj}' at {np.round(p, 3).tolist()} is out of the arm's reach")

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        obj = args[0]
        world = robot.world
        if robot.held_object() == obj:
            return f"already holding '{obj}'"
        hz = world.objects[obj].half_extents()[2]
        spec = world.robot
        a, grasp_z = spec.approach, spec.grasp_above_bottom
        diagonal = current().diagonal and world.objects[obj].kind == "block"
        opening = opening_for(robot, obj, across_corners=diagonal)
        if robot.observe().finger_gap < 2 * opening - 0.004:
            open_gripper(ctrl, opening, max_s=0.4)
        p = pose(world, obj).pos
        far = np.linalg.norm(ctrl.commanded_tool()[0][:2] - p[:2]) > 0.06
        cap = max(spec.max_transit_z, p[2] - hz + grasp_z + 0.01)  # a short arm hovers lower over a tower
        rise(ctrl, transit_z(world) if far else min(cap, p[2] + hz + a - 0.01))
        for _ in range(2):  # closed loop: re-read the pose above the item, re-target
            p = pose(world, obj).pos
            step = math.pi / 2 if world.objects[obj].kind == "block" else math.pi / 4
            turn = math.pi / 4 if diagonal else 0.0
            preferred = grasp_yaw(world, obj, ctrl.tool()[1], opening, turn) + current().grasp_turn * step
            yaw = reachable_yaw(ctrl, np.array([p[0], p[1], p[2] - hz + grasp_z]), preferred)
            if yaw is None:
                raise SkillFailure("unreachable", f"no grasp pose reaches '{obj}' at {np.round(p, 3).tolist()}")
            hover = max(p[2] + hz + a, transit_z(world) if far else min(0.12, spec.safe_z))
            above = np.array([p[0], p[1], min(cap, hover)])
            move_or_rehome(robot, ctrl, above, yaw, speed=0.7, finger=opening)
            if perceived():  # aiming at the look taken before the skill: there is nothing newer to re-read
                break
            if np.linalg.norm(pose(world, obj).pos[:2] - p[:2]) < 0.005:
                break
        grasp = np.array([p[0], p[1], p[2] - hz + grasp_z])
        ctrl.move_to(grasp + [0, 0, min(0.03, a, max(cap - grasp[2], 0.0))], yaw, speed=0.5, settle=0.0)
        ctrl.move_to(grasp, yaw, speed=0.15, settle=0.25)
        held = close_gripper(ctrl)
        if held != obj:
            open_gripper(ctrl, opening, max_s=0.3)
            rise(ctrl, min(cap, grasp[2] + min(0.08, a + 0.01)))
            raise SkillFailure("grasp_missed", f"closed on {held or 'nothing'} instead of '{obj}'")
        p0 = world.object_state(obj).pos[2]
        lift = min(cap, max(transit_z(world, obj, grasp_z), grasp[2] + min(0.1, 1.5 * a)))
        slipped = lambda: robot.held_object() != obj  # noqa: E731
        first = grasp + [0, 0, min(0.04, a, lift - grasp[2])]
        if ctrl.move_to(first, None, speed=0.2, settle=0.0, until=slipped).stopped or \
                ctrl.move_to(np.array([grasp[0], grasp[1], lift]), None, speed=0.6, settle=0.1, until=slipped).stopped:
            open_gripper(ctrl, opening, max_s=0.3)
            raise SkillFailure("grasp_missed", f"'{obj}' slipped out of the fingers while lifting")
        if world.object_state(obj).pos[2] - p0 < min(0.03, a / 2, (lift - grasp[2]) / 2):
            raise SkillFailure("grasp_missed", f"'{obj}' did not come up with the hand")
        return f"holding '{obj}'"
