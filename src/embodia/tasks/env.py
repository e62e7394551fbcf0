"""Every task as a Gymnasium environment: `gym.make("embodia/stack-3-v0")`. `info` carries the goal,
the instruction and the progress (from privileged perception)."""

from __future__ import annotations

from typing import Any

import gymnasium as gym

from embodia.goals import StageTracker
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.env import TabletopEnv
from embodia.sim.world import World
from embodia.tasks.base import TaskInstance
from embodia.tasks.registry import get_task, registry


class TaskEnv(TabletopEnv):
    """A TabletopEnv whose scene, goal and instruction come from a registered task and the seed."""

    def __init__(self, task_id: str, cameras: tuple[str, ...] = ("front",), image_size: int = 224,
                 max_steps: int = 2000, render_mode: str | None = None) -> None:
        self.spec_task = get_task(task_id)
        self.instance: TaskInstance = self.spec_task.make(0)
        super().__init__(self.instance.scene, cameras, image_size, max_steps, render_mode)
        self._perception = PrivilegedProvider()
        self.tracker = StageTracker(self.instance.goal)

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
        return self._obs(), self._info()

    def _info(self) -> dict[str, Any]:
        info = super()._info()
        scene = self._perception.observe(self.world)
        progress = self.tracker.update(scene.holds)
        info.update({
            "task": self.instance.task_id, "instruction": self.instance.instruction,
            "goal": self.instance.goal.to_json(), "progress": progress.to_json(), "success": progress.success,
        })
        return info


def register_tasks() -> None:
    """Register every task id with Gymnasium under the `embodia/` namespace (idempotent)."""
    for tid in registry():
        gid = f"embodia/{tid}"
        if gid not in gym.registry:
            gym.register(id=gid, entry_point="embodia.tasks.env:TaskEnv", kwargs={"task_id": tid})
