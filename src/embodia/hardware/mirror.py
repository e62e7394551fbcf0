"""The physical arm follows the simulated one. The agent plans and checks each motion on the simulated SO-101
(its skills read the simulated scene); after every simulated control step the real arm is sent the simulated
arm's joints and jaw, through the limits and at the real control rate. The simulated scene's objects are kept where
the real cameras see them (`twin.py`), so the skills aim at the real objects."""

from __future__ import annotations

from embodia.hardware.arm import ArmStopped, LeRobotArm
from embodia.sim.world import World

MAX_CATCH_UP = 200  # extra control steps the real arm may take to reach one simulated step's pose
MAX_REFUSED = 10  # control steps in a row the limits may hold the arm back before it stops for good


class Mirror:
    """A world step hook: send the simulated arm's joints and jaw to the real arm, one control step each."""

    def __init__(self, arm: LeRobotArm) -> None:
        self.arm = arm
        self.steps = 0
        self.refused_in_a_row = 0

    def __call__(self, world: World) -> None:
        self.arm.command(world.arm_q(), world.finger_gap() / 2)
        self._step()
        for _ in range(MAX_CATCH_UP):  # the real arm is speed-capped: let it catch up, so it follows the same path
            if not self.arm.lagging():
                break
            self._step()

    def _step(self) -> None:
        """One real step; if the limits keep refusing, the arm cannot follow: stop it holding still."""
        before = self.arm.refused
        self.arm.step()
        self.steps += 1
        self.refused_in_a_row = self.refused_in_a_row + 1 if self.arm.refused > before else 0
        if self.refused_in_a_row >= MAX_REFUSED:
            self.arm.hold()
            raise ArmStopped()

    def attach(self, world: World) -> None:
        """Start from where the real arm is: the first steps move it (slowly, speed-capped) to the sim's pose."""
        world.step_hooks.append(self)

    def stop(self, world: World) -> None:
        if self in world.step_hooks:
            world.step_hooks.remove(self)
        self.arm.hold()
