"""The episode loop: perceive -> ground -> plan -> act (through safety) -> verify -> replan -> ... -> done.

`Episode(brain, config, parts).run()` is a generator of typed step records; the CLI, the recorder and the
benchmark consume it. The loop acts and perceives only through `parts` (agent.parts), so it runs without
physics; `run_episode(world, ...)` builds the MuJoCo parts. Errors caused by the brain (unparseable text,
unknown objects, unsafe calls) become records; bugs raise. Every way an episode ends is a stated reason.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from embodia.agent.attribution import attribute, compare_with_truth, perception_summary
from embodia.agent.modes import fullplan_mode, stepwise_mode
from embodia.agent.parts import EpisodeParts, sim_parts
from embodia.agent.recovery import Recovery
from embodia.agent.safety import check_call
from embodia.agent.verify import expected_after, mismatches
from embodia.brains.base import Brain, Observation
from embodia.goals import StageTracker, remaining_goal
from embodia.perception.provider import PerceptionProvider
from embodia.planning.planner import PlanningError, plan
from embodia.record.memory import Memory
from embodia.record.steps import (
    Disturbed,
    EpisodeEnded,
    Grounded,
    Planned,
    Record,
    Recovered,
    Rejected,
    Replanned,
    SkillFinished,
    SkillStarted,
    Verified,
)
from embodia.sim.world import World
from embodia.skills.variation import NONE, varied
from embodia.tasks.base import Disturbance
from embodia.types import EmbodiaError, Goal, Literal, SkillCall


@dataclass(frozen=True)
class EpisodeConfig:
    instruction: str
    mode: str = "plan"  # plan (LLM+P) | stepwise | fullplan
    judge: Goal | None = None  # the task's goal; defaults to the grounded goal
    disturbances: tuple[Disturbance, ...] = ()
    skill_budget: int = 60
    sim_seconds_budget: float = 600.0
    max_replans: int = 25
    max_same_failure: int = 3  # the same call failing this often ends the episode
    recovery: bool = True  # plan mode: after a failure, recover and vary the next attempt (agent.recovery)


class _NoProgress(Exception):
    """Ends the episode: a decision would repeat from a perceived state it already ran in."""


class Episode:
    """Holds the moving parts of one episode; `run()` yields its records."""

    def __init__(self, brain: Brain, config: EpisodeConfig, parts: EpisodeParts) -> None:
        self.brain, self.cfg, self.parts = brain, config, parts
        self.memory = Memory()
        self._t0, self._sim0 = time.perf_counter(), parts.clock()
        self.truth_scene = None  # the simulator's scene at the last look (when the parts know it)
        self.checks: list[dict] = []  # each look against the truth
        self.last_call: str | None = None
        self.look_s: list[tuple[float, float]] = []  # wall and CPU seconds of each look
        self.scene = self._look()
        self.goal: Goal | None = None
        self.judge: StageTracker | None = None
        self.true_judge: StageTracker | None = None  # the task's goal judged on the simulator's state
        self.own: StageTracker | None = None
        self.failures: dict[str, int] = {}
        self.ran_ok: dict[tuple[str, frozenset[Literal], int], str] = {}  # (call, facts before, attempt) -> miss
        self.recovery = Recovery() if config.recovery and config.mode == "plan" else None

    def _sim_s(self) -> float:
        return self.parts.clock() - self._sim0

    def _rec(self, cls: type[Record], **kw) -> Record:
        return self.memory.add(cls(wall_s=round(time.perf_counter() - self._t0, 4), sim_s=round(self._sim_s(), 3),
                                   **kw))

    def _model_calls(self) -> tuple:
        calls = tuple(getattr(self.brain, "model_calls", ()))
        if calls:
            self.brain.model_calls.clear()
        return calls

    def run(self) -> Iterator[Record]:
        t = time.perf_counter()
        try:
            self.goal = self.brain.ground(self.cfg.instruction, self._observation())
        except EmbodiaError as exc:
            yield self._rec(Rejected, call="ground", reason=str(exc), source="brain")
            yield self._end(f"could not ground the instruction: {exc}")
            return
        yield self._rec(Grounded, instruction=self.cfg.instruction, goal=self.goal.to_json(), brain=self.brain.name,
                        seconds=round(time.perf_counter() - t, 4), model_calls=self._model_calls())
        self.judge = StageTracker(self.cfg.judge or self.goal)
        self.true_judge = StageTracker(self.cfg.judge or self.goal)
        self.own = StageTracker(self.goal)
        modes = {"stepwise": stepwise_mode, "fullplan": fullplan_mode}
        try:
            failure = yield from (self._plan_mode() if self.cfg.mode == "plan" else modes[self.cfg.mode](self))
        except _NoProgress as stop:
            failure = str(stop)
        yield self._end(failure)

    def _observation(self) -> Observation:
        """The scene graph, plus camera images for brains that look."""
        return Observation(self.scene, self.parts.images(tuple(getattr(self.brain, "cameras", ()))))

    def _look(self, how=None):
        """Perceive (with `how`, default parts.observe) and, when the truth is known, compare with it."""
        t, cpu = time.perf_counter(), time.process_time()
        scene = (how or self.parts.observe)()
        if how is None:  # a re-look's time includes moving the arm
            self.look_s.append((time.perf_counter() - t, time.process_time() - cpu))
        if self.parts.truth is not None:
            self.truth_scene = self.parts.truth()
            self.checks.append(compare_with_truth(scene, self.truth_scene))
        return scene

    def _progress(self):
        self.own.update(self.scene.holds)
        if self.truth_scene is not None:
            self.true_judge.update(self.truth_scene.holds)
        return self.judge.update(self.scene.holds)

    def _over_budget(self) -> str | None:
        if self.memory.skills >= self.cfg.skill_budget:
            return f"skill budget exhausted ({self.cfg.skill_budget} skills)"
        if self._sim_s() >= self.cfg.sim_seconds_budget:
            return f"time budget exhausted ({self.cfg.sim_seconds_budget:.0f} simulated s)"
        return None

    def _plan_mode(self) -> Iterator[Record]:
        attempt = 0
        while True:
            progress = self._progress()
            if self.own.reached == len(self.goal.stages) and progress.final_holds:
                return None if progress.success else "the grounded goal holds but the task's goal does not"
            if (over := self._over_budget()) or attempt > self.cfg.max_replans:
                return over or f"gave up after {self.cfg.max_replans} replans"
            kinds = self.scene.kinds()
            t = time.perf_counter()
            try:
                steps = self._plan(kinds)
            except PlanningError as exc:
                yield self._rec(Rejected, call="plan", reason=str(exc), source="planner")
                return f"unsolvable: {exc}"
            yield self._rec(Planned, steps=[str(s) for s in steps], seconds=round(time.perf_counter() - t, 4))
            if not steps:
                self.own.reached = len(self.goal.stages)
                continue
            why = yield from self._run_steps(steps)
            if why:
                attempt += 1
                if max(self.failures.values(), default=0) >= self.cfg.max_same_failure:
                    return f"{why}; failed {self.cfg.max_same_failure} times, giving up"
                yield self._rec(Replanned, reason=why, attempt=attempt)

    def _run_steps(self, steps) -> Iterator[Record]:
        """Act out steps in order until one needs a replan (its reason is returned) or the budget ends."""
        for step in steps:
            why = yield from self._act(step)
            if why:
                return why
            if self._over_budget():
                break
        return None

    def _all_reached(self, progress) -> bool:
        return progress.success and self.own.reached == len(self.goal.stages)

    def _plan(self, kinds: dict[str, str]) -> tuple[SkillCall, ...]:
        """Plan the remaining stages, keeping earlier achievements; if that is impossible from here
        (e.g. a collapse scattered objects), plan the remaining stages alone."""
        facts = set(self.scene.facts())
        try:
            return plan(remaining_goal(self.goal, self.own.reached), facts, kinds).steps
        except PlanningError:
            return plan(Goal(self.goal.stages[self.own.reached:]), facts, kinds).steps

    def _act(self, call: SkillCall) -> Iterator[Record]:
        """Run one call through safety, execute, verify, fire disturbances. Returns a replan reason or None;
        raises _NoProgress rather than repeat a call that already ran OK from the same perceived facts without
        its effects being perceived (a failed call may be retried: `max_same_failure` bounds that)."""
        verdict = check_call(call, self.scene, self.parts.workspace)
        if not verdict.ok:
            yield self._rec(Rejected, call=str(call), reason=verdict.reason, source="safety")
            return f"rejected {call}: {verdict.reason}"
        before = self.scene.facts()
        expected = expected_after(call, self.scene)
        attempt = self.recovery.repeat_slot(call) if self.recovery else 0
        key = (str(call), before, attempt)  # a varied motion may be tried again from the same facts
        if key in self.ran_ok and expected != set(before):
            raise _NoProgress(f"no progress: {call} already ran from this perceived state and {self.ran_ok[key]}")
        result = yield from self._run_one(call)
        self.scene = self._look()
        miss = mismatches(expected, self.scene)
        relooked = bool(result.ok and miss and self.parts.relook)
        if relooked:  # the skill says done but the eyes disagree: clear the view and look again first
            self.scene = self._look(self.parts.relook)
            miss = mismatches(expected, self.scene)
        progress = self._progress()
        if result.ok and miss:  # the same call from the same facts would only find the same again
            self.ran_ok[key] = f"verification found {', '.join(miss[:3])}"
            if self.recovery is not None:  # it did its job but upset something else: vary it next time
                self.recovery.note_side_effect(call)
        yield self._rec(Verified, call=str(call), ok=result.ok and not miss, mismatches=miss,
                        progress=progress.to_json(), relooked=relooked,
                        perception=self.checks[-1] if self.parts.truth else {})
        self.last_call = str(call)
        done = self.true_judge.progress(self.truth_scene.holds) if self.truth_scene else progress
        disturbed = yield from self._disturb(done.literals_done)
        if not result.ok:
            self.failures[str(call)] = self.failures.get(str(call), 0) + 1
            if self.recovery is not None:
                yield from self._recover(call, result.reason)
            return f"{call} failed: {result.reason} ({result.detail})"
        if miss:
            return f"after {call}: {', '.join(miss[:3])}"
        return disturbed

    def _run_one(self, call: SkillCall, recovering: bool = False) -> Iterator[Record]:
        """Start, run and finish one skill (under its item's variation when recovery is on); returns the result."""
        index = self.memory.skills
        variation = self.recovery.variation(call) if self.recovery and not recovering else None
        vary = variation.describe() if variation and variation.attempt else ("recovery" if recovering else "")
        yield self._rec(SkillStarted, index=index, call=str(call), variation=vary,
                        attempt=variation.attempt if variation else 0)
        with varied(variation or NONE), self.parts.aim(self.scene):
            result = self.parts.run_skill(call)
        yield self._rec(SkillFinished, index=index, call=str(call), ok=result.ok, reason=result.reason,
                        detail=result.detail, sim_seconds=round(result.sim_seconds, 3))
        return result

    def _recover(self, failed: SkillCall, reason: str | None) -> Iterator[Record]:
        """The recovery hook: run what agent.recovery plans after a failure (re-perceiving after each step)."""
        plan = self.recovery.after_failure(failed, self.scene, reason)
        ok = True
        for step in plan.steps:
            if not check_call(step, self.scene, self.parts.workspace).ok:
                ok = False
                break
            result = yield from self._run_one(step, recovering=True)
            self.scene = self._look()
            self._progress()
            if not result.ok:
                ok = False
                break
        yield self._rec(Recovered, call=str(failed), attempt=plan.attempt, steps=[str(s) for s in plan.steps], ok=ok,
                        variation=plan.variation.to_json())

    def _disturb(self, done: int) -> Iterator[Record]:
        what = None
        hook = self.parts.disturbances
        for dist in list(hook.due(done)):
            desc = hook.fire(dist, self.truth_scene or self.scene, self.cfg.judge or self.goal)
            if desc is None:
                continue
            self.scene = self._look()
            self._progress()
            yield self._rec(Disturbed, kind=dist.kind, description=desc)
            what = f"disturbance: {desc}"
        return what

    def _end(self, failure: str | None) -> Record:
        self.parts.close()
        progress = self.judge.update(self.scene.holds) if self.judge else None
        if self.true_judge and self.truth_scene is not None:  # success is the simulator's verdict
            progress = self.true_judge.update(self.truth_scene.holds)
        calls = [c for r in self.memory.records for c in getattr(r, "model_calls", ())]
        calls += list(getattr(self.brain, "model_calls", ()))  # made by a decision that then failed
        summary = {
            "instruction": self.cfg.instruction,
            "goal": (self.cfg.judge or self.goal).to_json() if (self.cfg.judge or self.goal) else [],
            "success": bool(progress and progress.success and failure is None),
            "subgoals_total": progress.literals_total if progress else 0,
            "subgoals_done": progress.literals_done if progress else 0,
            "skills_executed": self.memory.skills, "replans": self.memory.replans,
            "recoveries": sum(isinstance(r, Recovered) for r in self.memory.records),
            "rejected_calls": self.memory.rejected, "model_calls": len(calls),
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "planning_seconds": round(self.memory.planning_s, 4),
            "sim_seconds": round(self._sim_s(), 3),
            "wall_seconds": round(time.perf_counter() - self._t0, 3),
            "failure": failure if failure else (None if progress and progress.success else "goal not reached"),
            "perception": self.parts.perception, **perception_summary(self.checks, self.look_s),
        }
        summary["failure_cause"] = attribute(summary["success"], summary["failure"], self.checks,
                                             self.cfg.judge or self.goal, self.last_call)
        return self._rec(EpisodeEnded, success=summary["success"], failure=summary["failure"], summary=summary)


def run_episode(world: World, brain: Brain, config: EpisodeConfig,
                perception: PerceptionProvider | None = None) -> Iterator[Record]:
    """One episode in a MuJoCo world: the loop over `sim_parts` (config.disturbances become the task's hook)."""
    return Episode(brain, config, sim_parts(world, config.disturbances, perception)).run()
