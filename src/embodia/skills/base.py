"""The `Skill` contract: symbolic preconditions/effects from the STRIPS schemas, and a closed-loop,
time-budgeted executor that returns a typed `SkillResult` (never raises for bad input)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from embodia.control.gripper import open_gripper
from embodia.control.motion import ArmController, MotionError
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.aim import pose
from embodia.skills.params import Objects, Param, check_args, symbolic_args
from embodia.skills.schemas import ActionSchema, Bound, bind, schemas_for
from embodia.types import Literal, SkillCall

REASONS = ("unreachable", "grasp_missed", "dropped", "collision", "blocked", "timeout", "precondition_failed")
# Transit heights, the hand's size and reach are the robot's (sim.robots): world.robot.safe_z, .fingertip_drop, ...
SAFE_Z = 0.22  # the Panda's lowest tool height for transit
FINGERTIP_DROP = 0.05  # the Panda's fingertips below its tool centre point
RECOVERY_S = 4.0  # extra simulated time allowed to reach a safe pose after a failure


@dataclass(frozen=True)
class SkillResult:
    ok: bool
    reason: str | None = None  # one of REASONS when not ok
    detail: str = ""
    sim_seconds: float = 0.0


class SkillFailure(MotionError):
    """Raised inside a skill to end it with a typed failure."""

    def __init__(self, reason: str, detail: str) -> None:
        assert reason in REASONS, reason
        super().__init__(reason, detail)


def transit_z(world: World, held: str | None = None, drop: float | None = None) -> float:
    """Tool height at which the hand, reaching `drop` below the tool centre (fingertips by default, or the held
    item's bottom), passes over every object on the table; never above what the arm reaches pointing down."""
    r = world.robot
    drop = r.fingertip_drop if drop is None else drop
    tops = [pose(world, n).pos[2] + o.half_extents()[2] for n, o in world.objects.items()
            if n not in (held, "drawer")]
    return float(min(max(r.safe_z, max(tops, default=0.0) + drop + r.transit_clearance), r.max_transit_z))


def _bottom(world: World, name: str) -> float:
    return float(pose(world, name).pos[2] - world.objects[name].half_extents()[2])


def controller_for(robot: SimRobot) -> ArmController:
    """One controller (and IK model) per robot, kept on the robot so both are freed together."""
    ctrl = getattr(robot, "_arm_controller", None)
    if ctrl is None:
        ctrl = ArmController(robot)
        robot._arm_controller = ctrl  # type: ignore[attr-defined]
    return ctrl


class Skill(ABC):
    """One skill. Subclasses set `name`, `description`, typed `params` (skills.params), `budget`, and
    implement `check` (world-dependent checks beyond the parameter types) and `act`."""

    name: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    budget: float = 10.0  # simulated seconds

    def schemas(self) -> tuple[ActionSchema, ...]:
        return schemas_for(self.name)

    def _bound(self, args: tuple[str, ...], facts: Iterable[Literal], objects: Objects | None) -> Bound | None:
        return bind(SkillCall(self.name, symbolic_args(self, tuple(args))), facts, objects)

    def preconditions(self, args: tuple[str, ...], facts: Iterable[Literal],
                      objects: Objects | None = None) -> list[Literal]:
        """Literals that must hold before running (empty for skills the planner never uses). `objects`
        (name -> kind) gives the type facts; without it they are assumed."""
        b = self._bound(args, facts, objects)
        return list(b.pre) if b else []

    def effects(self, args: tuple[str, ...], facts: Iterable[Literal], objects: Objects | None = None) -> list[Literal]:
        """Literals that hold afterwards: additions, and deletions as negated literals."""
        b = self._bound(args, facts, objects)
        return b.effects() if b else []

    def unmet(self, args: tuple[str, ...], facts: Iterable[Literal], objects: Objects | None = None) -> list[Literal]:
        b = self._bound(args, facts, objects)
        return list(b.unmet) if b else []

    @abstractmethod
    def check(self, args: tuple[str, ...], world: World) -> None:
        """Validate the arguments against the world; raise SkillFailure('precondition_failed', ...) etc."""

    @abstractmethod
    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        """Run the closed-loop motion; return a success detail or raise SkillFailure."""

    def execute(self, args: Iterable[str], robot: SimRobot, budget: float | None = None) -> SkillResult:
        args = tuple(args)
        t0 = robot.world.time
        why = check_args(self, args, {n: o.kind for n, o in robot.world.objects.items()})
        if why:
            return SkillResult(False, "precondition_failed", why)
        ctrl = controller_for(robot)
        ctrl.resync()
        try:
            self.check(args, robot.world)
            ctrl.deadline = t0 + (budget or self.budget)
            detail = self.act(args, robot, ctrl)
            return SkillResult(True, None, detail, robot.world.time - t0)
        except MotionError as e:
            moved = robot.world.time > t0
            if moved:
                self.recover(robot, ctrl)
            return SkillResult(False, e.reason, e.detail, robot.world.time - t0)
        finally:
            ctrl.deadline = np.inf

    def recover(self, robot: SimRobot, ctrl: ArmController) -> None:
        """After a failure: keep whatever is held, lift the hand to a safe height."""
        ctrl.deadline = robot.world.time + RECOVERY_S
        try:
            if robot.held_object() is None:
                open_gripper(ctrl, max_s=0.3)
            pos, _ = ctrl.commanded_tool()
            held = robot.held_object()
            z = transit_z(robot.world, held, pos[2] - _bottom(robot.world, held) if held else None)
            ctrl.move_to(np.array([pos[0], pos[1], max(pos[2], z)]), None, speed=0.3, settle=0.2)
        except MotionError:
            pass
