"""What a task is: a seeded scene, a staged goal, an instruction, a budget and disturbances."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from embodia.sim.scene import SceneRequest
from embodia.types import Goal

DISTURBANCE_KINDS = ("move_object", "knock_tower", "drawer", "slip")


@dataclass(frozen=True)
class Disturbance:
    """After the episode first reaches `after_subgoal` achieved subgoals, something happens."""

    after_subgoal: int
    kind: str  # one of DISTURBANCE_KINDS
    seed: int  # picks the target and the new spot, reproducibly


@dataclass(frozen=True)
class TaskInstance:
    task_id: str
    seed: int
    scene: SceneRequest
    goal: Goal
    instruction: str
    disturbances: tuple[Disturbance, ...] = ()
    skill_budget: int = 0  # max skill executions (0: derived from the goal)
    sim_seconds_budget: float = 0.0

    @property
    def subgoals(self) -> int:
        return len(self.goal.literals)

    def budget(self) -> tuple[int, float]:
        """(skills, simulated seconds): generous enough for replanning after disturbances."""
        skills = self.skill_budget or 4 * self.subgoals + 8 + 6 * len(self.disturbances)
        return skills, self.sim_seconds_budget or 12.0 * skills


@dataclass(frozen=True)
class TaskSpec:
    """A registered task id; `make(seed)` builds the instance for that seed."""

    id: str
    family: str
    size: int
    subgoals: int  # the horizon tier: literals the goal needs achieved
    disturbed: bool
    description: str
    make: Callable[[int], TaskInstance] = field(repr=False, compare=False)
    robot: str = "panda"  # the simulated arm its scene is built for

    @property
    def tier(self) -> str:
        return "short" if self.subgoals <= 4 else "medium" if self.subgoals <= 10 else "long"

    @property
    def tags(self) -> tuple[str, ...]:
        tags = [self.family, self.tier, f"subgoals-{self.subgoals}"]
        if self.disturbed:
            tags.append("disturbed")
        return tuple(tags)

    def to_json(self) -> dict:
        return {"id": self.id, "family": self.family, "tier": self.tier, "subgoals": self.subgoals,
                "tags": list(self.tags), "description": self.description, "robot": self.robot}
