"""One MCP session's robot: the task, the world, perception, budgets and the trace.

Every method touches physics or GL, so it runs on the simulation thread only (`mcp.simthread`). Refusals raise
`SessionError` with one line naming what is wrong and what is valid; the server returns it as a tool error.
The `run` tool's summary has the fields of `embodia run --json` (`run_fields`, handed in by the CLI, which owns
that list), so fields added there flow through.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from embodia.agent.parts import aim_at
from embodia.agent.safety import check_call
from embodia.agent.verify import expected_after, mismatches
from embodia.control.robot import SimRobot
from embodia.goals import StageTracker
from embodia.perception.graph import SceneGraph
from embodia.perception.modes import DEFAULT_MODE, make_provider
from embodia.skills import SKILLS, run_skill
from embodia.tasks.base import TaskInstance
from embodia.tasks.registry import get_task, registry
from embodia.types import EmbodiaError, SkillCall

DEFAULT_TASK = "chain-5-v0"
CAMERA_SIZES = (32, 1024)  # smallest and largest image side (px) the camera tool renders


class SessionError(EmbodiaError):
    """A refused call: nothing moved."""


@dataclass(frozen=True)
class SessionConfig:
    task: str = DEFAULT_TASK
    seed: int = 0
    perception: str = DEFAULT_MODE
    brain: str = "builtin"
    max_skills: int = 100  # skill executions per session, `run` included; reset does not renew it
    max_sim_seconds: float = 1200.0  # simulated seconds per session
    confirm: bool = False  # a skill runs only after the client confirms it
    run_fields: tuple[str, ...] = ()  # the `embodia run --json` summary fields


@dataclass
class Budget:
    skills: int = 0
    sim_seconds: float = 0.0

    def left(self, cfg: SessionConfig) -> tuple[int, float]:
        return cfg.max_skills - self.skills, cfg.max_sim_seconds - self.sim_seconds

    def check(self, cfg: SessionConfig) -> None:
        skills, sim_s = self.left(cfg)
        if skills <= 0:
            raise SessionError(f"session budget exhausted: {self.skills} of {cfg.max_skills} skill calls used "
                               "(server option --max-skills); a reset does not renew it")
        if sim_s <= 0:
            raise SessionError(f"session budget exhausted: {self.sim_seconds:.1f} of {cfg.max_sim_seconds:g} "
                               "simulated s used (server option --max-sim-seconds); a reset does not renew it")


@dataclass
class Session:
    cfg: SessionConfig
    budget: Budget = field(default_factory=Budget)
    trace: list[dict[str, Any]] = field(default_factory=list)  # every call of this session, in order
    instance: TaskInstance | None = None
    world: Any = None
    robot: SimRobot | None = None
    tracker: StageTracker | None = None
    _eyes: Any = None
    _busy: tuple[str, float] | None = None  # the call running now and the simulated time it started at
    _cams: dict[int, Any] = field(default_factory=dict)

    # --- the task ---------------------------------------------------------------------------------------------
    def reset(self, task: str | None = None, seed: int | None = None) -> dict[str, Any]:
        """A fresh scene of `task` (default: the current one) with `seed` (default: the current one)."""
        from embodia.sim.world import World

        task = task or (self.instance.task_id if self.instance else self.cfg.task)
        seed = (self.instance.seed if self.instance else self.cfg.seed) if seed is None else seed
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise SessionError(f"seed must be an integer >= 0, got {seed!r}")
        inst = get_task(task).make(seed)  # an unknown task: EmbodiaError naming close ids
        self._close_views()
        self.instance, self.world = inst, World(inst.scene, seed=seed)
        self.robot = SimRobot(self.world)
        self._eyes = make_provider(self.cfg.perception, self.world)
        self.tracker = StageTracker(inst.goal)
        self.tracker.update(self.observe().holds)
        self.trace.append({"tool": "reset", "task": inst.task_id, "seed": seed})
        return self.task_info()

    def task_info(self) -> dict[str, Any]:
        inst = self._inst()
        return {"task": inst.task_id, "seed": inst.seed, "robot": self.world.robot.name,
                "instruction": inst.instruction, "goal": inst.goal.to_json(), "subgoals": inst.subgoals,
                "perception": self.cfg.perception,
                "objects": sorted(self.world.objects)}

    def goal_status(self) -> dict[str, Any]:
        """The task's staged goal and how far the session got (stages are reached in order)."""
        progress = self.tracker.update(self.observe().holds)
        return {"task": self._inst().task_id, "instruction": self._inst().instruction,
                "goal": self._inst().goal.to_json(), **progress.to_json(), "budget": self.budget_json()}

    def budget_json(self) -> dict[str, Any]:
        skills, sim_s = self.budget.left(self.cfg)
        return {"skills_used": self.budget.skills, "skills_left": skills,
                "sim_seconds_used": round(self.budget.sim_seconds, 3), "sim_seconds_left": round(sim_s, 3)}

    @staticmethod
    def tasks() -> list[dict[str, Any]]:
        return [spec.to_json() for spec in registry().values()]

    # --- looking ----------------------------------------------------------------------------------------------
    def observe(self) -> SceneGraph:
        self._inst()
        return self._eyes.observe(self.world)

    def camera(self, name: str, size: int):
        """An RGB image (H x W x 3, uint8) from a scene camera."""
        from embodia.sim.render import CAMERAS, Cameras

        if name not in CAMERAS:
            raise SessionError(f"unknown camera '{name}'; known: {', '.join(CAMERAS)}")
        lo, hi = CAMERA_SIZES
        if isinstance(size, bool) or not isinstance(size, int) or not lo <= size <= hi:
            raise SessionError(f"size must be an integer from {lo} to {hi} (px), got {size!r}")
        if size not in self._cams:  # one renderer at a time: GL buffers are per size
            self._close_cameras()
            self._cams[size] = Cameras(self.world, size, size)
        return self._cams[size].rgb(name)

    # --- acting -----------------------------------------------------------------------------------------------
    def check(self, call: SkillCall) -> SceneGraph:
        """Budget and safety layer; returns the scene the call was checked against."""
        self.budget.check(self.cfg)
        scene = self.observe()
        verdict = check_call(call, scene, self.world.robot.safe_box)
        if not verdict.ok:
            raise SessionError(verdict.reason)
        return scene

    def act(self, call: SkillCall) -> dict[str, Any]:
        """Check, run and verify one skill call: its outcome, the effects verified and the goal's progress."""
        start = time.perf_counter()
        scene = self.check(call)
        expected = expected_after(call, scene)
        _, sim_left = self.budget.left(self.cfg)
        self._busy = (str(call), self.world.time)
        wall = time.perf_counter()
        try:
            with aim_at(scene, self.cfg.perception):  # the skill aims where the look before it saw things
                result = run_skill(call, self.robot, min(SKILLS[call.name].budget, sim_left))
        finally:
            self._busy = None
            skill_wall = time.perf_counter() - wall
        self._spend(1, result.sim_seconds)
        after = self.observe()
        miss = mismatches(expected, after)
        progress = self.tracker.update(after.holds)
        out = {"call": str(call), "ok": result.ok, "reason": result.reason, "detail": result.detail,
               "sim_seconds": round(result.sim_seconds, 3), "verified": result.ok and not miss,
               "effects": sorted(str(f) for f in expected - set(scene.facts()) if f.predicate != "clear"),
               "mismatches": miss, "holding": after.gripper.holding, "progress": progress.to_json(),
               "budget": self.budget_json()}
        self.trace.append({"tool": call.name, **out, "skill_wall_seconds": round(skill_wall, 4),
                           "act_wall_seconds": round(time.perf_counter() - start, 4)})
        return out

    def run(self, instruction: str | None, on_record: Callable[[Any], None] = lambda r: None) -> dict[str, Any]:
        """A whole episode with the session's brain and the planner, from the current state. Without an
        instruction the task's is used and the task's goal judges; otherwise the grounded goal does."""
        from embodia.agent.episode import EpisodeConfig, run_episode
        from embodia.brains.factory import make_brain
        from embodia.record.steps import EpisodeEnded, SkillFinished

        self.budget.check(self.cfg)
        inst = self._inst()
        skills_left, sim_left = self.budget.left(self.cfg)
        task_skills, task_sim = inst.budget()
        config = EpisodeConfig(instruction or inst.instruction, judge=None if instruction else inst.goal,
                               skill_budget=min(task_skills, skills_left), sim_seconds_budget=min(task_sim, sim_left))
        summary: dict[str, Any] = {}
        t0, brain = self.world.time, make_brain(self.cfg.brain)
        try:
            for record in run_episode(self.world, brain, config, self._eyes):
                self.trace.append({"tool": "run", **record.to_json()})
                if isinstance(record, SkillFinished):
                    self.budget.skills += 1
                if isinstance(record, EpisodeEnded):
                    summary = dict(record.summary)
                on_record(record)
        finally:
            self.budget.sim_seconds += self.world.time - t0
            brain.close()
        self.tracker.update(self.observe().holds)
        summary.update(task=inst.task_id, seed=inst.seed, out_dir=None, perception=self.cfg.perception,
                       brain=self.cfg.brain, robot=self.world.robot.name)
        return {k: summary.get(k) for k in self.cfg.run_fields} if self.cfg.run_fields else summary

    def elapsed(self, call: SkillCall) -> float | None:
        """Simulated seconds `call` has run so far (None unless it is running); safe from any thread."""
        busy = self._busy
        return round(self.world.time - busy[1], 1) if busy and busy[0] == str(call) else None

    # --- housekeeping -----------------------------------------------------------------------------------------
    def _spend(self, skills: int, sim_seconds: float) -> None:
        self.budget.skills += skills
        self.budget.sim_seconds += sim_seconds

    def _inst(self) -> TaskInstance:
        if self.instance is None:
            self.reset()
        return self.instance

    def _close_cameras(self) -> None:
        for cams in self._cams.values():
            cams.close()
        self._cams.clear()

    def _close_views(self) -> None:
        self._close_cameras()
        if self._eyes is not None and hasattr(self._eyes, "close"):
            self._eyes.close()

    def close(self) -> None:
        self._close_views()
