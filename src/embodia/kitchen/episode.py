"""The kitchen's episode loop: ground -> plan (PDDL) -> [safety -> skill -> perceive -> verify]* -> replan -> done,
yielding the same typed records as the tabletop loop (`record.steps`), so the CLI's live view, trace.jsonl and the
benchmark read it unchanged. Success is the env's own checker: every task of the set in its
`episode_task_completions` within the step budget."""

from __future__ import annotations

import time
from collections.abc import Iterator

from embodia.goals import StageTracker, remaining_goal
from embodia.kitchen.motion import Hand
from embodia.kitchen.planner import KitchenPlanningError, plan, planning_state
from embodia.kitchen.scene import KitchenScene, observe
from embodia.kitchen.skills import SKILLS, run_kitchen_skill
from embodia.kitchen.world import KitchenWorld
from embodia.record.memory import Memory
from embodia.record.steps import (
    EpisodeEnded,
    Grounded,
    Planned,
    Record,
    Rejected,
    Replanned,
    SkillFinished,
    SkillStarted,
    Verified,
)
from embodia.types import EmbodiaError, Goal, SkillCall

D4RL_PER_TASK = 25  # D4RL's normalised score: 100 for all four tasks of a set
MAX_REPLANS = 6
MAX_SAME_FAILURE = 3


class KitchenEpisode:
    def __init__(self, world: KitchenWorld, brain, instruction: str, judge: Goal | None = None) -> None:
        self.world, self.brain, self.instruction, self.judge_goal = world, brain, instruction, judge
        self.hand = Hand(world)
        self.memory = Memory()
        self.t0 = time.perf_counter()
        self.scene = self._observe()
        self.goal: Goal | None = None
        self.failures: dict[str, int] = {}

    def _observe(self) -> KitchenScene:
        return observe(self.world.obs, self.world.time)

    def _rec(self, cls: type[Record], **kw) -> Record:
        return self.memory.add(cls(wall_s=round(time.perf_counter() - self.t0, 4), sim_s=round(self.world.time, 3),
                                   **kw))

    def run(self) -> Iterator[Record]:
        t = time.perf_counter()
        try:
            self.goal = self.brain.ground(self.instruction, self.scene)
        except EmbodiaError as exc:
            yield self._rec(Rejected, call="ground", reason=str(exc), source="brain")
            yield self._end(f"could not ground the instruction: {exc}")
            return
        yield self._rec(Grounded, instruction=self.instruction, goal=self.goal.to_json(), brain=self.brain.name,
                        seconds=round(time.perf_counter() - t, 4), model_calls=tuple(self.brain.model_calls))
        self.judge = StageTracker(self.judge_goal or self.goal)
        self.own = StageTracker(self.goal)
        failure = yield from self._loop()
        yield self._end(failure)

    def _progress(self):
        self.own.update(self.scene.holds)
        return self.judge.update(self.scene.holds)

    def _loop(self) -> Iterator[Record]:
        attempt = 0
        while True:
            progress = self._progress()
            if self.own.reached == len(self.goal.stages) and progress.final_holds:
                return None
            if self.world.out_of_steps:
                return f"step budget exhausted ({self.world.budget} env steps)"
            if attempt > MAX_REPLANS:
                return f"gave up after {MAX_REPLANS} replans"
            t = time.perf_counter()
            try:
                steps = plan(remaining_goal(self.goal, self.own.reached), self.scene.facts())
            except KitchenPlanningError as exc:
                yield self._rec(Rejected, call="plan", reason=str(exc), source="planner")
                return f"unsolvable: {exc}"
            yield self._rec(Planned, steps=[str(s) for s in steps], seconds=round(time.perf_counter() - t, 4))
            if not steps:
                return None if progress.final_holds else "the planner found nothing to do but the goal does not hold"
            why = None
            for step in steps:
                why = yield from self._act(step)
                if why or self.world.out_of_steps:
                    break
            if why:
                attempt += 1
                if max(self.failures.values(), default=0) >= MAX_SAME_FAILURE:
                    return f"{why}; failed {MAX_SAME_FAILURE} times, giving up"
                yield self._rec(Replanned, reason=why, attempt=attempt)

    def _act(self, call: SkillCall) -> Iterator[Record]:
        skill = SKILLS.get(call.name)
        why = f"unknown kitchen skill '{call.name}'; known: {', '.join(SKILLS)}" if skill is None else skill.check(
            call.args)
        if why:
            yield self._rec(Rejected, call=str(call), reason=why, source="safety")
            return f"rejected {call}: {why}"
        index = self.memory.skills
        yield self._rec(SkillStarted, index=index, call=str(call))
        result = run_kitchen_skill(call, self.hand, self.scene)
        yield self._rec(SkillFinished, index=index, call=str(call), ok=result.ok, reason=result.reason,
                        detail=result.detail, sim_seconds=round(result.sim_seconds, 3))
        self.scene = self._observe()
        progress = self._progress()
        seen = planning_state(self.scene.facts())
        miss = sorted([f"expected {f}" for f in skill.effects(call.args) if f not in seen])
        yield self._rec(Verified, call=str(call), ok=result.ok and not miss, mismatches=miss,
                        progress=progress.to_json())
        if not result.ok:
            self.failures[str(call)] = self.failures.get(str(call), 0) + 1
            return f"{call} failed: {result.reason} ({result.detail})"
        if miss:
            self.failures[str(call)] = self.failures.get(str(call), 0) + 1
            return f"after {call}: {', '.join(miss)}"
        return None

    def _end(self, failure: str | None) -> Record:
        w = self.world
        checker = w.checker.to_json(w.steps, w.budget)
        progress = self.judge.update(self.scene.holds) if self.goal else None
        calls = list(getattr(self.brain, "model_calls", ()))
        success = set(checker["completed"]) == set(w.tasks)
        if failure is None and not success:
            failure = "the env's checker did not count every task"
        summary = {
            "instruction": self.instruction,
            "goal": (self.judge_goal or self.goal).to_json() if (self.judge_goal or self.goal) else [],
            "success": success,
            "subgoals_total": progress.literals_total if progress else 0,
            "subgoals_done": progress.literals_done if progress else 0,
            "skills_executed": self.memory.skills, "replans": self.memory.replans,
            "rejected_calls": self.memory.rejected, "model_calls": len(calls),
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "planning_seconds": round(self.memory.planning_s, 4), "sim_seconds": round(w.time, 3),
            "wall_seconds": round(time.perf_counter() - self.t0, 3),
            "failure": None if success else failure,
            "checker": checker,
            "d4rl_score": D4RL_PER_TASK * len(checker["completed"]),
            "d4rl_score_at_end": D4RL_PER_TASK * len(checker["still_true_at_end"]),
        }
        return self._rec(EpisodeEnded, success=success, failure=summary["failure"], summary=summary)
