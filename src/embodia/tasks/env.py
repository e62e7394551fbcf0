"""Every task as a Gymnasium environment: `gym.make("embodia/stack-3-v0")` after `import embodia`.

`info` carries the goal, the instruction and the progress (judged from simulator state). The reward is
the change in the fraction of subgoals done since the last step (an episode that reaches the goal
collects 1.0 in all; a disturbance that undoes a subgoal costs it back); `terminated` is True once the
task's goal holds.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym

from embodia.goals import Progress, StageTracker
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.env import TabletopEnv, register
from embodia.sim.world import World
from embodia.tasks.base import TaskInstance
from embodia.tasks.registry import get_task, registry

TASK_ENTRY_POINT = "embodia.tasks.env:TaskEnv"


class TaskEnv(TabletopEnv):
    """A TabletopEnv whose scene, goal and instruction come from a registered task and the seed."""

    def __init__(self, task_id: str, cameras: tuple[str, ...] = ("front",), image_size: int = 224,
                 max_steps: int = 2000, render_mode: str | None = None) -> None:
        self.spec_task = get_task(task_id)
        self.instance: TaskInstance = self.spec_task.make(0)
        super().__init__(self.instance.scene, cameras, image_size, max_steps, render_mode)
        self._perception = PrivilegedProvider()
        self.tracker = StageTracker(self.instance.goal)
        self._progress: Progress | None = None
        self._done_fraction = 0.0

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        gym.Env.reset(self, seed=seed)
        if seed is not None and int(seed) != self.instance.seed:
            self.close()
            self.instance = self.spec_task.make(int(seed))
            self.scene = self.instance.scene
            self.world = World(self.scene, seed=int(seed))
        else:
            self.world.reset()
        self.tracker = StageTracker(self.instance.goal)
        self._perception.reset()
        self._steps = 0
        obs, info = self._obs(), self._info()
        self._done_fraction = self._fraction()
        return obs, info

    def _fraction(self) -> float:
        p = self._progress
        return p.literals_done / p.literals_total if p and p.literals_total else 0.0

    def step(self, action):
        obs, _, _, truncated, info = super().step(action)
        before, self._done_fraction = self._done_fraction, self._fraction()
        terminated = bool(self._progress and self._progress.success)
        return obs, self._done_fraction - before, terminated, truncated and not terminated, info

    def _info(self) -> dict[str, Any]:
        info = super()._info()
        scene = self._perception.observe(self.world)
        progress = self._progress = self.tracker.update(scene.holds)
        info.update({
            "task": self.instance.task_id, "instruction": self.instance.instruction,
            "goal": self.instance.goal.to_json(), "progress": progress.to_json(), "success": progress.success,
        })
        return info


def register_tasks() -> None:
    """Register `embodia/TabletopEnv-v0` and every task id under the `embodia/` namespace (idempotent)."""
    from embodia.tasks import so101

    register()
    for tid in [*registry(), *so101.registry()]:
        gid = f"embodia/{tid}"
        if gid not in gym.registry:
            gym.register(id=gid, entry_point=TASK_ENTRY_POINT, kwargs={"task_id": tid})
