"""The brain-led decision modes of an episode: `stepwise` (the brain names the next skill each step) and
`fullplan` (the brain writes the whole skill list; we execute it with verification and ask again on trouble).
The `plan` mode, where our planner reaches the grounded goal, is the episode's own (agent.episode)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from embodia.record.steps import Planned, Record, Rejected, Replanned
from embodia.types import Done, EmbodiaError, SkillCall

# `ep` is the running agent.episode.Episode (not imported here: the episode imports these modes).


def stepwise_mode(ep: Any) -> Iterator[Record]:
    """The brain names every next skill; each passes safety, runs and is verified."""
    while True:
        progress = ep._progress()
        if ep._all_reached(progress):
            return None
        if over := ep._over_budget():
            return over
        ep.memory.stages_reached = ep.own.reached
        t = time.perf_counter()
        try:
            decision = ep.brain.next_skill(ep.goal, ep._observation(), ep.memory)
        except EmbodiaError as exc:
            yield ep._rec(Rejected, call="next_skill", reason=str(exc), source="brain")
            return f"no decision: {exc}"
        yield ep._rec(Planned, steps=[str(decision)] if isinstance(decision, SkillCall) else [],
                        seconds=round(time.perf_counter() - t, 4), model_calls=ep._model_calls())
        if isinstance(decision, Done):
            return None if progress.success else f"brain stopped early: {decision.reason or 'done'}"
        why = yield from ep._act(decision)
        if why and ep.memory.rejected > ep.cfg.max_replans:
            return f"too many rejected calls ({ep.memory.rejected})"

def fullplan_mode(ep: Any) -> Iterator[Record]:
    """The brain writes the whole plan; we execute it with verification and ask again on trouble."""
    attempt = 0
    while True:
        progress = ep._progress()
        if ep._all_reached(progress):
            return None
        if (over := ep._over_budget()) or attempt > ep.cfg.max_replans:
            return over or f"gave up after {ep.cfg.max_replans} replans"
        ep.memory.stages_reached = ep.own.reached
        t = time.perf_counter()
        try:
            steps = ep.brain.full_plan(ep.goal, ep._observation(), ep.memory)
        except EmbodiaError as exc:
            yield ep._rec(Rejected, call="full_plan", reason=str(exc), source="brain")
            return f"no plan: {exc}"
        yield ep._rec(Planned, steps=[str(s) for s in steps], seconds=round(time.perf_counter() - t, 4),
                        model_calls=ep._model_calls())
        if not steps:
            return None if progress.success else "the brain's plan is empty but the goal does not hold"
        why = yield from ep._run_steps(steps)
        if not why and ep._all_reached(ep._progress()):
            return None
        attempt += 1
        if why and max(ep.failures.values(), default=0) >= ep.cfg.max_same_failure:
            return f"{why}; failed {ep.cfg.max_same_failure} times, giving up"
        yield ep._rec(Replanned, reason=why or "plan finished but the goal does not hold", attempt=attempt)
