"""A run on the physical SO-101: connect, mirror the simulated arm, ask before each skill with `--confirm`,
and stop holding still on Ctrl-C, a refusal or any error."""

from __future__ import annotations

from collections.abc import Callable

from embodia.hardware.arm import LeRobotArm
from embodia.hardware.connect import DEFAULT_ID, RobotChoice, connect_follower
from embodia.hardware.mirror import Mirror
from embodia.sim.world import World
from embodia.types import EmbodiaError


class PhysicalSession:
    def __init__(self, choice: RobotChoice, robot_id: str = DEFAULT_ID, confirm: bool = False,
                 ask: Callable[[str], str] = input, follower=None, arm: LeRobotArm | None = None) -> None:
        self.choice, self.confirm, self.ask = choice, confirm, ask
        self.follower = follower if follower is not None else connect_follower(choice.port or "", robot_id)
        self.arm = arm or LeRobotArm(self.follower)
        self.mirror = Mirror(self.arm)
        self.world: World | None = None

    def attach(self, world: World) -> None:
        self.world = world
        self.mirror.attach(world)

    def on_record(self, record) -> None:
        """Before each skill with --confirm: go on only on 'y'."""
        from embodia.record.steps import SkillStarted

        if self.confirm and isinstance(record, SkillStarted):
            answer = self.ask(f"run {record.call} on the arm? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                raise EmbodiaError(f"stopped before {record.call} as asked; the arm holds still")

    def close(self) -> None:
        """Hold still, then let go of the port; torque stays on (disable_torque_on_disconnect is off)."""
        try:
            if self.world is not None:
                self.mirror.stop(self.world)
            else:
                self.arm.hold()
        finally:
            self.follower.disconnect()
