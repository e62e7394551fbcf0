"""The built-in (model-free) brain: a grammar-based parser to ground, the planner to decide; and the oracle."""

from __future__ import annotations

from embodia.brains.base import Observation
from embodia.language.parser import parse_instruction
from embodia.planning.planner import PlanningError, plan
from embodia.record.memory import Memory
from embodia.record.steps import ModelCall
from embodia.types import Done, Goal, SkillCall


class BuiltinBrain:
    """No model: a grammar-based instruction parser, and the planner for step-wise decisions."""

    name = "builtin"
    cameras: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.model_calls: list[ModelCall] = []

    def close(self) -> None:
        """Nothing to release."""

    def ground(self, instruction: str, obs: Observation) -> Goal:
        return parse_instruction(instruction, obs.object_specs())

    def next_skill(self, goal: Goal, obs: Observation, memory: Memory) -> SkillCall | Done:
        """Re-plan from the current facts for the goal's remaining stages and take the first step."""
        facts = set(obs.scene.facts())
        remaining = Goal(goal.stages[memory.stages_reached:]) if memory.stages_reached < len(goal.stages) else Goal(())
        if not remaining.stages:
            return Done("every stage reached")
        try:
            steps = plan(remaining, facts, obs.scene.kinds()).steps
        except PlanningError as exc:
            return Done(f"no plan: {exc}")
        return steps[0] if steps else Done("goal holds")

    def full_plan(self, goal: Goal, obs: Observation, memory: Memory) -> list[SkillCall]:
        """The planner's whole plan for the stages not yet reached."""
        remaining = Goal(goal.stages[memory.stages_reached:])
        if not remaining.stages:
            return []
        return list(plan(remaining, set(obs.scene.facts()), obs.scene.kinds()).steps)


class OracleBrain(BuiltinBrain):
    """Grounds to a known goal (the task's own): the scripted solution that proves a task solvable."""

    name = "oracle"

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def ground(self, instruction: str, obs: Observation) -> Goal:
        return self.goal
