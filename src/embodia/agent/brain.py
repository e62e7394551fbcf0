"""Who decides: the Brain protocol, what a brain sees, and the built-in (model-free) brain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from embodia.agent.memory import Memory

from embodia.agent.planner import PlanningError, plan
from embodia.agent.records import ModelCall
from embodia.perception.graph import SceneGraph
from embodia.sim.catalog import ObjectSpec
from embodia.types import Done, Goal, SkillCall

MODES = ("plan", "stepwise", "fullplan")


@dataclass(frozen=True)
class Observation:
    """What a brain gets: the scene graph and, for models that see, camera images."""

    scene: SceneGraph
    images: dict[str, np.ndarray] = field(default_factory=dict)

    def object_specs(self) -> list[ObjectSpec]:
        return [ObjectSpec(n.kind, n.colour, n.size, n.name) for n in self.scene.objects]


class Brain(Protocol):
    name: str
    model_calls: list[ModelCall]  # calls made since the last decision (drained by the loop)
    cameras: tuple[str, ...]  # camera images the brain wants in each Observation (() = scene graph only)

    def ground(self, instruction: str, obs: Observation) -> Goal:
        """LLM+P mode: turn the instruction and the observation into a formal goal."""

    def next_skill(self, goal: Goal, obs: Observation, memory: Memory) -> SkillCall | Done:
        """Step-wise mode: the next skill to run, or Done."""

    def full_plan(self, goal: Goal, obs: Observation, memory: Memory) -> list[SkillCall]:
        """Whole-plan mode: every remaining skill call at once (executed with verification)."""


class BuiltinBrain:
    """No model: a grammar-based instruction parser, and the planner for step-wise decisions."""

    name = "builtin"
    cameras: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.model_calls: list[ModelCall] = []

    def ground(self, instruction: str, obs: Observation) -> Goal:
        from embodia.agent.parser import parse_instruction

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


def make_brain(spec: str) -> Brain:
    """Brain from a user spec: `builtin`, or a model spec (qwen:, openai:, vllm:, ollama:, llamacpp:, local:)."""
    if spec == "builtin":
        return BuiltinBrain()
    from embodia.agent.model_brain import ModelBrain
    from embodia.models import make_backend, parse_spec

    parsed = parse_spec(spec)  # unknown prefixes: EmbodiaError listing the valid specs
    cfg = parsed.config
    return ModelBrain(make_backend(parsed), repairs=parsed.repairs, grounding=cfg.grounding,
                      image_px=cfg.image_px)
