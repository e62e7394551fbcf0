"""Kitchen tasks as embodia tasks: ids (`kitchen-complete-v0`, `kitchen-microwave-perturbed-v0`, ...), their env
task sets, goals in our predicates, instructions (a paraphrase and an order per seed) and the step budget.

The sets are D4RL's: complete and partial share their four tasks (D4RL tells them apart by dataset only);
mixed swaps the slide cabinet for the bottom burner.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from embodia.kitchen.scene import TASK_LITERAL
from embodia.types import EmbodiaError, Goal

VERSION = "v0"
STEP_BUDGET = 280  # D4RL's episode length, for sets of up to four tasks
STEPS_PER_TASK = 70  # larger sets get this many steps per task (the same rate as 280 for four)

SETS: dict[str, tuple[str, ...]] = {
    "complete": ("microwave", "kettle", "light switch", "slide cabinet"),
    "partial": ("microwave", "kettle", "light switch", "slide cabinet"),
    "mixed": ("microwave", "kettle", "bottom burner", "light switch"),
    "microwave": ("microwave",), "kettle": ("kettle",), "light-switch": ("light switch",),
    "slide-cabinet": ("slide cabinet",), "hinge-cabinet": ("hinge cabinet",),
    "bottom-burner": ("bottom burner",), "top-burner": ("top burner",),
    "all": ("microwave", "kettle", "light switch", "slide cabinet", "hinge cabinet", "bottom burner", "top burner"),
}
# the env's task -> ways to say it (the first is the canonical one)
PHRASES: dict[str, tuple[str, ...]] = {
    "microwave": ("open the microwave", "open the microwave door", "swing the microwave open"),
    "kettle": ("put the kettle on the top burner", "move the kettle to the top burner",
               "place the kettle onto the top left burner"),
    "light switch": ("switch on the light", "turn the light on", "flip the light switch on"),
    "slide cabinet": ("open the slide cabinet", "slide the sliding cabinet open", "open the sliding cabinet door"),
    "hinge cabinet": ("open the hinge cabinet", "swing the hinged cabinet door open", "open the hinged cabinet"),
    "bottom burner": ("turn on the bottom burner", "switch the bottom burner on", "turn the bottom knob on"),
    "top burner": ("turn on the top burner", "switch the top burner on", "turn the top knob on"),
}
JOINS = (", then ", ". Then ", ", after that ", ", and then ")


@dataclass(frozen=True)
class KitchenTask:
    id: str
    name: str  # complete, mixed, microwave, ...
    env_tasks: tuple[str, ...]  # the env's own task names, in the canonical order
    perturbed: bool

    @property
    def budget(self) -> int:
        return max(STEP_BUDGET, STEPS_PER_TASK * len(self.env_tasks))

    @property
    def description(self) -> str:
        what = ", ".join(self.env_tasks)
        return f"FrankaKitchen-v1: {what}" + (" (perturbed start: arm and kettle)" if self.perturbed else "")

    def order(self, seed: int) -> tuple[str, ...]:
        """Seed 0: the canonical order; other seeds: a seeded permutation."""
        if seed == 0 or len(self.env_tasks) == 1:
            return self.env_tasks
        tasks = list(self.env_tasks)
        random.Random(seed).shuffle(tasks)
        return tuple(tasks)

    def goal(self, seed: int = 0) -> Goal:
        """One stage per task, in the instruction's order."""
        return Goal(tuple((TASK_LITERAL[t],) for t in self.order(seed)))

    def instruction(self, seed: int = 0) -> str:
        rng = random.Random(1000 + seed)
        parts = [PHRASES[t][0 if seed == 0 else rng.randrange(len(PHRASES[t]))] for t in self.order(seed)]
        join = JOINS[0] if seed == 0 else rng.choice(JOINS)
        text = parts[0]
        for p in parts[1:]:
            text += join + p
        return text[0].upper() + text[1:] + "."

    def to_json(self) -> dict:
        return {"id": self.id, "family": "kitchen", "tier": "short" if len(self.env_tasks) <= 4 else "medium",
                "subgoals": len(self.env_tasks), "tags": ["kitchen", *(["perturbed"] if self.perturbed else [])],
                "description": self.description}


def kitchen_id(name: str, perturbed: bool = False) -> str:
    return f"kitchen-{name}{'-perturbed' if perturbed else ''}-{VERSION}"


TASKS: dict[str, KitchenTask] = {
    kitchen_id(n, p): KitchenTask(kitchen_id(n, p), n, env, p) for n, env in SETS.items() for p in (False, True)}


def is_kitchen(task_id: str | None) -> bool:
    return bool(task_id) and str(task_id).startswith("kitchen-")


def get_kitchen_task(task_id: str) -> KitchenTask:
    if task_id in TASKS:
        return TASKS[task_id]
    if f"{task_id}-{VERSION}" in TASKS:
        return TASKS[f"{task_id}-{VERSION}"]
    import difflib

    close = difflib.get_close_matches(task_id, list(TASKS), n=4, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}" if close else f"known: {', '.join(sorted(TASKS))}"
    raise EmbodiaError(f"unknown kitchen task '{task_id}'; {hint}")
