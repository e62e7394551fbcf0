"""Kitchen tasks as embodia tasks and Gymnasium ids: `gym.make("embodia/kitchen-complete-v0")` after
`import embodia`. The env is FrankaKitchen-v1 itself (same observation, 9-dim action, reward and checker);
`info` adds the instruction, our goal, the env's checker object and the D4RL score. Perturbed ids move the
arm's start and the kettle at reset (`perturb.py`)."""

from __future__ import annotations

from typing import Any

import gymnasium as gym

from embodia.kitchen.tasks import TASKS, KitchenTask, get_kitchen_task, kitchen_id
from embodia.kitchen.world import Checker, make_env
from embodia.tasks.base import TaskSpec
from embodia.tasks.registry import register_external
from embodia.types import EmbodiaError

ENTRY_POINT = "embodia.kitchen.gym_env:KitchenTaskEnv"
SEEDS_STANDARD = tuple(range(20))
SEEDS_PERTURBED = tuple(range(50))
SUITES = {
    "kitchen": (tuple(kitchen_id(n) for n in ("complete", "partial", "mixed")), SEEDS_STANDARD),
    "kitchen-singles": (tuple(kitchen_id(n) for n in ("microwave", "kettle", "light-switch", "slide-cabinet",
                                                      "hinge-cabinet", "bottom-burner", "top-burner", "all")),
                        (0, 1, 2)),
    "kitchen-perturbed": (tuple(kitchen_id(n, True) for n in ("complete", "mixed")), SEEDS_PERTURBED),
}


class KitchenTaskEnv(gym.Env):
    """FrankaKitchen-v1 for one kitchen task; the seed picks the instruction's wording and order."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 12}

    def __init__(self, task_id: str, render_mode: str | None = None) -> None:
        self.task: KitchenTask = get_kitchen_task(task_id)
        self.env = make_env(self.task.env_tasks, render=render_mode == "rgb_array", max_steps=self.task.budget)
        self.render_mode = render_mode
        self.observation_space, self.action_space = self.env.observation_space, self.env.action_space
        self._seed, self._steps = 0, 0

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._seed = int(seed) if seed is not None else 0
        obs, info = self.env.reset(seed=seed)
        if self.task.perturbed:
            from embodia.kitchen.perturb import perturb

            obs = perturb(_Shim(self.env.unwrapped), self._seed)
        self._steps = 0
        self.checker = Checker(self.task.env_tasks)
        self.checker.update(0, info, obs)
        return obs, self._info(info)

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._steps += 1
        self.checker.update(self._steps, info, obs)
        return obs, reward, terminated, truncated, self._info(info)

    def _info(self, info: dict[str, Any]) -> dict[str, Any]:
        checker = self.checker.to_json(self._steps, self.task.budget)
        return {**info, "task": self.task.id, "instruction": self.task.instruction(self._seed),
                "goal": self.task.goal(self._seed).to_json(), "checker": checker,
                "d4rl_score": 25 * len(checker["completed"])}

    def render(self):
        return self.env.render()

    def close(self) -> None:
        self.env.close()


class _Shim:
    def __init__(self, raw) -> None:
        self.raw = raw


def _not_a_tabletop_task(seed: int):
    raise EmbodiaError("kitchen tasks run in FrankaKitchen-v1 (embodia.kitchen), not as tabletop scenes")


def register_kitchen() -> None:
    """Kitchen tasks and suites into the task registry; their Gymnasium ids (idempotent)."""
    specs = [TaskSpec(t.id, "kitchen", len(t.env_tasks), len(t.env_tasks), False, t.description, _not_a_tabletop_task)
             for t in TASKS.values()]
    register_external(specs, SUITES)
    for tid in TASKS:
        gid = f"embodia/{tid}"
        if gid not in gym.registry:
            gym.register(id=gid, entry_point=ENTRY_POINT, kwargs={"task_id": tid})
