"""open(drawer) / close(drawer): pinch the handle bar from above (fingers across it) and slide it."""

from __future__ import annotations

import numpy as np

from embodia.control.gripper import close_gripper, open_gripper
from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim import layout
from embodia.sim.world import World
from embodia.skills.aim import drawer_shift, drawer_slide
from embodia.skills.base import SAFE_Z, Skill, SkillFailure, transit_z
from embodia.skills.common import rise
from embodia.skills.params import DRAWER

OPEN_SLIDE = 0.15  # target slide when opening (open at >= DRAWER_OPEN_AT)
STRADDLE = 0.014  # per-finger opening around the 14 mm handle bar
TIP_BELOW_BAR = 0.008  # fingertips this far below the bar's centre
TIP = 0.05  # fingertips below the tool centre point


def handle(world: World) -> np.ndarray:
    """The handle bar's centre, where the drawer is perceived when aiming at perceived poses."""
    return world.data.site_xpos[world.model.site("drawer/handle").id] + drawer_shift(world)


def drawer_state(slide: float) -> str:
    return "open" if slide >= layout.DRAWER_OPEN_AT else "closed" if slide <= layout.DRAWER_CLOSED_AT else "ajar"


class _DrawerSkill(Skill):
    params = (DRAWER,)
    budget = 8.0
    goal = ""

    def check(self, args: tuple[str, ...], world: World) -> None:
        held = world.held_object()
        if held is not None:
            raise SkillFailure("precondition_failed", f"the hand holds '{held}'; place it before using the drawer")

    def slide_to(self, robot: SimRobot, ctrl: ArmController, slide: float) -> None:
        world = robot.world
        if drawer_state(drawer_slide(world)) == self.goal:
            return
        h = handle(world)
        grip = np.array([h[0], h[1], h[2] - TIP_BELOW_BAR + TIP])
        open_gripper(ctrl, STRADDLE, max_s=0.4)
        high = transit_z(world)
        rise(ctrl, min(high, grip[2] + 0.08))
        if high > SAFE_Z:  # a tall stack stands somewhere: pass over it, then descend to the handle
            rise(ctrl, high)
            ctrl.move_to(np.array([grip[0], grip[1], high]), 0.0, speed=0.7, finger=STRADDLE)
        ctrl.move_to(grip + [0, 0, 0.08], 0.0, speed=0.7, finger=STRADDLE)
        ctrl.move_to(grip + [0, 0, 0.02], 0.0, speed=0.4, settle=0.0)
        ctrl.move_to(grip, 0.0, speed=0.12, settle=0.2)
        close_gripper(ctrl, max_s=0.5, squeeze_s=0.05)
        if "drawer" not in robot.touching():
            open_gripper(ctrl, STRADDLE, max_s=0.3)
            raise SkillFailure("grasp_missed", "the fingers missed the drawer handle")
        s0 = drawer_slide(world)
        target = grip + [0.0, -(slide - s0), 0.0]  # drawer opens along -y
        ctrl.move_to(target, 0.0, speed=0.25, settle=0.3, tol=0.01)
        open_gripper(ctrl, STRADDLE, max_s=0.3)
        p, _ = ctrl.commanded_tool()
        ctrl.move_to(np.array([p[0], p[1] - 0.01 * np.sign(slide - s0), grip[2] + 0.08]), 0.0, speed=0.3, settle=0.05)
        if world.drawer_state() != self.goal:
            raise SkillFailure("blocked", f"the drawer stopped at {world.drawer_slide():.3f} m "
                                          f"({world.drawer_state()}); something blocks it")


class Open(_DrawerSkill):
    name = "open"
    description = "slide the drawer open; the gripper must be empty"
    goal = "open"

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        self.slide_to(robot, ctrl, OPEN_SLIDE)
        return f"drawer open ({robot.world.drawer_slide():.3f} m)"


class Close(_DrawerSkill):
    name = "close"
    description = "slide the drawer shut; the gripper must be empty"
    goal = "closed"

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        self.slide_to(robot, ctrl, -0.004)  # push slightly past shut: the joint limit stops it
        return f"drawer closed ({robot.world.drawer_slide():.3f} m)"


__all__ = ["Open", "Close", "OPEN_SLIDE"]
