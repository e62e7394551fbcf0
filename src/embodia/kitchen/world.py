"""The kitchen world: Gymnasium-Robotics' FrankaKitchen-v1, acted on only through `env.step`.

`KitchenWorld` keeps the last observation and the env's own checker state: which of its tasks it counts as
completed (`episode_task_completions`, latched) and at which step, and which still hold now (the env's own
distance test on its own `achieved_goal`). The perturbed variant is the one place that writes physics state:
at reset it moves the arm's start and the kettle's pose (clearly labelled, seeded).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import gymnasium as gym
import numpy as np

ENV_ID = "FrankaKitchen-v1"
STEP_BUDGET = 280  # D4RL's episode length
TASK_NAMES = ("microwave", "kettle", "light switch", "slide cabinet", "hinge cabinet", "bottom burner",
              "top burner")  # the env's own task names


def make_env(tasks: tuple[str, ...], render: bool = False, max_steps: int = STEP_BUDGET) -> gym.Env:
    """The package's env, unchanged (its own model, gains and noise); `tasks` are the env's task names."""
    import gymnasium_robotics

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gym.register_envs(gymnasium_robotics)
        return gym.make(ENV_ID, tasks_to_complete=list(tasks), max_episode_steps=max_steps,
                        render_mode="rgb_array" if render else None, disable_env_checker=True)


@dataclass
class Checker:
    """What the env itself says: completions (latched, with the step of each) and what still holds."""

    tasks: tuple[str, ...]
    completed_at_step: dict[str, int] = field(default_factory=dict)
    still_true: list[str] = field(default_factory=list)

    def update(self, step: int, info: dict, obs: dict) -> None:
        from gymnasium_robotics.envs.franka_kitchen.kitchen_env import BONUS_THRESH

        for task in info.get("episode_task_completions", ()):
            self.completed_at_step.setdefault(task, step)
        self.still_true = [t for t in self.tasks
                           if np.linalg.norm(obs["achieved_goal"][t] - obs["desired_goal"][t]) < BONUS_THRESH]

    @property
    def completed(self) -> list[str]:
        return list(self.completed_at_step)

    def to_json(self, steps: int, budget: int) -> dict:
        return {"name": ENV_ID, "completed": self.completed, "completed_at_step": dict(self.completed_at_step),
                "still_true_at_end": list(self.still_true), "steps": steps, "step_budget": budget}


class KitchenWorld:
    """One FrankaKitchen-v1 episode: reset, step (counted against the budget) and the env's checker."""

    def __init__(self, tasks: tuple[str, ...], seed: int = 0, budget: int = STEP_BUDGET,
                 perturbed: bool = False, render: bool = False) -> None:
        self.tasks, self.seed, self.budget, self.perturbed = tuple(tasks), seed, budget, perturbed
        self.env = make_env(self.tasks, render, max_steps=budget)
        self.raw = self.env.unwrapped
        self.model = self.raw.model
        self.dt = float(self.raw.robot_env.dt)
        self.frame_sink = None  # called with each rendered frame when render=True
        self.render = render
        self.reset()

    def reset(self) -> None:
        self.obs, self.info = self.env.reset(seed=self.seed)
        if self.perturbed:
            from embodia.kitchen.perturb import perturb

            self.obs = perturb(self, self.seed)
        self.steps = 0
        self.checker = Checker(self.tasks)
        self.checker.update(0, self.info, self.obs)
        self._frame()

    @property
    def q(self) -> np.ndarray:
        """Observed arm and finger joints (the env's noisy observation)."""
        return self.obs["observation"][:9]

    @property
    def object_qpos(self) -> np.ndarray:
        """Observed kitchen joints, indexed like the env's qpos minus the 9 robot joints."""
        return self.obs["observation"][18:39]

    def qpos_full(self) -> np.ndarray:
        """Observed joints of robot and kitchen together, in the env's qpos order."""
        o = self.obs["observation"]
        return np.concatenate([o[:9], o[18:39]])

    @property
    def time(self) -> float:
        return self.steps * self.dt

    @property
    def out_of_steps(self) -> bool:
        return self.steps >= self.budget

    @property
    def all_done(self) -> bool:
        return len(self.checker.completed_at_step) == len(self.tasks)

    def step(self, action: np.ndarray) -> None:
        self.obs, _, _, _, self.info = self.env.step(np.asarray(action, dtype=np.float64))
        self.steps += 1
        self.checker.update(self.steps, self.info, self.obs)
        self._frame()

    def _frame(self) -> None:
        if self.render and self.frame_sink is not None:
            self.frame_sink(self.env.render())

    def close(self) -> None:
        self.env.close()
