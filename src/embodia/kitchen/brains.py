"""Who decides in the kitchen: the built-in brain (the kitchen parser grounds, the planner decides) and the
oracle (grounds to the task's own goal). Both see the scene the loop perceives."""

from __future__ import annotations

from embodia.kitchen.language import parse_kitchen
from embodia.types import EmbodiaError, Goal

BRAINS = ("builtin", "oracle")


class KitchenBuiltinBrain:
    name = "builtin"
    model_calls: list = []

    def ground(self, instruction: str, scene) -> Goal:
        return parse_kitchen(instruction)

    def close(self) -> None:
        """Nothing to release."""


class KitchenOracleBrain(KitchenBuiltinBrain):
    name = "oracle"

    def __init__(self, goal: Goal) -> None:
        self.goal = goal

    def ground(self, instruction: str, scene) -> Goal:
        return self.goal


def kitchen_brain(spec: str, goal: Goal):
    if spec == "builtin":
        return KitchenBuiltinBrain()
    if spec == "oracle":
        return KitchenOracleBrain(goal)
    raise EmbodiaError(f"brain '{spec}' does not run in the kitchen yet; kitchen brains: {', '.join(BRAINS)}")
