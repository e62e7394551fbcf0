"""The physical arm follows the simulated one. The agent plans and checks each motion on the simulated SO-101
(its skills read the simulated scene); after every simulated control step the real arm is sent the simulated
arm's joints and jaw, through the limits and at the real control rate. The real scene must be set up like the
simulated one: perception from the real cameras does not drive the skills yet (docs/so101.md)."""

from __future__ import annotations

from embodia.hardware.arm import LeRobotArm
from embodia.sim.world import World

MAX_CATCH_UP = 200  # extra control steps the real arm may take to reach one simulated step's pose


class Mirror:
    """A world step hook: send the simulated arm's joints and jaw to the real arm, one control step each."""

    def __init__(self, arm: LeRobotArm) -> None:
        self.arm = arm
        self.steps = 0

    def __call__(self, world: World) -> None:
        self.arm.command(world.arm_q(), world.finger_gap() / 2)
        self.arm.step()
        self.steps += 1
        for _ in range(MAX_CATCH_UP):  # the real arm is speed-capped: let it catch up, so it follows the same path
            if not self.arm.lagging():
                break
            self.arm.step()
            self.steps += 1

    def attach(self, world: World) -> None:
        """Start from where the real arm is: the first steps move it (slowly, speed-capped) to the sim's pose."""
        world.step_hooks.append(self)

    def stop(self, world: World) -> None:
        if self in world.step_hooks:
            world.step_hooks.remove(self)
        self.arm.hold()
