"""Who decides: the Brain protocol and what a brain sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from embodia.perception.graph import SceneGraph
from embodia.record.memory import Memory
from embodia.record.steps import ModelCall
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

    def close(self) -> None:
        """Release what the brain holds (a model server, a session); called once when the episode ends."""
