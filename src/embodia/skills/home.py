"""home(): rise to a safe height, then a smooth joint-space move to the ready pose (keeps any grasp)."""

from __future__ import annotations

from embodia.control.gripper import open_gripper
from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.base import Skill, transit_z
from embodia.skills.common import rise


class Home(Skill):
    name = "home"
    description = "move the arm to its rest pose (keeps any grasp)"
    params = ()
    budget = 6.0

    def check(self, args: tuple[str, ...], world: World) -> None:
        return None

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        held = robot.held_object()
        if held is None:
            open_gripper(ctrl, max_s=0.3)
        rise(ctrl, transit_z(robot.world, held, 0.1) if held else transit_z(robot.world))
        ctrl.move_joints(robot.home_q)
        return "at home" + (f", holding '{held}'" if held else "")
