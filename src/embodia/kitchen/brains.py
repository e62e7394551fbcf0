"""Who decides in the kitchen: the built-in brain (the kitchen parser grounds, the planner decides), the oracle
(grounds to the task's own goal) and model brains. A model grounds through the same path as on the tabletop (the
backend, its schema-checked replies and repairs), with the kitchen's prompt and a schema that enumerates the
kitchen's objects and predicates; the kitchen's planner does the rest (plan mode)."""

from __future__ import annotations

from embodia.kitchen.language import parse_kitchen
from embodia.kitchen.scene import OBJECTS
from embodia.types import Goal

BRAINS = ("builtin", "oracle", "a model spec (qwen:, openai:, vllm:, ollama:, llamacpp:, local:)")
GROUND_PREDICATES = {"open": ("hinged_door", "sliding_door"), "switched_on": ("switch", "burner")}


class KitchenBuiltinBrain:
    name = "builtin"

    def __init__(self) -> None:
        self.model_calls: list = []

    def ground(self, instruction: str, scene) -> Goal:
        return parse_kitchen(instruction)

    def close(self) -> None:
        """Nothing to release."""


class KitchenOracleBrain(KitchenBuiltinBrain):
    name = "oracle"

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def ground(self, instruction: str, scene) -> Goal:
        return self.goal


def goal_schema() -> dict:
    """JSON schema of a kitchen goal: stages of literals over the kitchen's objects, typed by kind."""
    def names(*kinds: str) -> dict:
        return {"type": "string", "enum": [n for n, (k, _) in OBJECTS.items() if k in kinds]}

    def literal(pred: str, args: list[dict]) -> dict:
        return {"type": "object", "properties": {"predicate": {"type": "string", "const": pred},
                                                 "args": {"type": "array", "prefixItems": args, "items": False,
                                                          "minItems": len(args), "maxItems": len(args)}},
                "required": ["predicate", "args"], "additionalProperties": False}

    literals = [literal(p, [names(*kinds)]) for p, kinds in GROUND_PREDICATES.items()]
    literals.append(literal("on", [names("kettle"), names("burner")]))
    stage = {"type": "array", "items": {"anyOf": literals}, "minItems": 1, "maxItems": 7}
    return {"type": "object", "properties": {"stages": {"type": "array", "items": stage, "minItems": 1,
                                                         "maxItems": 7}},
            "required": ["stages"], "additionalProperties": False}


class _NoImages:
    images: dict = {}


class KitchenModelBrain:
    """A model brain (brains.model.ModelBrain) grounding kitchen instructions."""

    def __init__(self, inner) -> None:
        self.inner, self.name = inner, inner.name
        self.model_calls = inner.model_calls

    def ground(self, instruction: str, scene) -> Goal:
        from embodia.brains.prompts import compact, render
        from embodia.brains.schemas import to_goal

        schema = goal_schema()
        text = render("kitchen_ground", instruction=instruction, scene=scene.to_prompt(), schema=compact(schema))
        return self.inner._ask(text, _NoImages(), schema, to_goal)

    def close(self) -> None:
        self.inner.close()


def kitchen_brain(spec: str, goal: Goal):
    if spec == "builtin":
        return KitchenBuiltinBrain()
    if spec == "oracle":
        return KitchenOracleBrain(goal)
    from embodia.brains.factory import make_brain

    return KitchenModelBrain(make_brain(spec))  # unknown specs: one line naming the valid ones
