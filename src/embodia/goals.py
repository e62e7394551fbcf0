"""Goal semantics shared by the task checker and the planner (pure logic, no layer imports).

A goal is ordered stages. Stage k is *reached* when all its literals hold at a moment after stage
k-1 was reached. A later stage may override an earlier literal (drawer: open ... then closed); the
literals that must still hold at the end are those no later stage contradicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from embodia.types import EmbodiaError, Goal, Literal

# Predicates that say where an item is; an item is in exactly one such place.
LOCATION = frozenset({"on", "on_table", "in", "holding"})


def holds(literal: Literal, facts: set[Literal] | frozenset[Literal]) -> bool:
    """Closed world: a positive literal holds if it is a fact, a negative one if its atom is not."""
    atom = literal if literal.positive else literal.negated()
    return (atom in facts) == literal.positive


def conflicts(a: Literal, b: Literal) -> bool:
    """True if `a` and `b` can never hold together in one state."""
    if a.predicate == b.predicate and a.args == b.args:
        return a.positive != b.positive
    if not (a.positive and b.positive):
        return False
    pa, pb = a.predicate, b.predicate
    if {pa, pb} == {"open", "closed"}:
        return a.args == b.args
    if pa in LOCATION and pb in LOCATION and a.args[0] == b.args[0]:
        return True  # one item, two places
    if pa == pb == "on" and (a.args[1] == b.args[1] or a.args == b.args[::-1]):
        return True  # two items on one block, or two blocks on each other
    if pa == pb == "holding":
        return True  # one gripper
    if {pa, pb} == {"holding", "hand_empty"}:
        return True
    for x, y in ((a, b), (b, a)):
        if x.predicate == "on" and y.predicate in ("clear", "holding") and x.args[1] == y.args[0]:
            return True  # something rests on a clear or a held object
    return False


def stage_targets(goal: Goal, k: int) -> tuple[Literal, ...]:
    """Literals that must hold when stage k (0-based) is done: stage k plus the earlier literals
    that no later literal overrides. Order: stage k first, then earlier stages newest first."""
    if not 0 <= k < len(goal.stages):
        raise EmbodiaError(f"stage {k} out of range; the goal has {len(goal.stages)} stage(s)")
    kept: list[Literal] = list(dict.fromkeys(goal.stages[k]))
    for stage in reversed(goal.stages[:k]):
        for lit in stage:
            if lit not in kept and not any(conflicts(lit, other) for other in kept):
                kept.append(lit)
    return tuple(kept)


def remaining_goal(goal: Goal, reached: int) -> Goal:
    """The stages still to do after `reached` stages; the first carries the earlier literals it must preserve."""
    if reached >= len(goal.stages):
        return Goal((stage_targets(goal, len(goal.stages) - 1),)) if goal.stages else goal
    return Goal((stage_targets(goal, reached), *goal.stages[reached + 1:]))


def final_targets(goal: Goal) -> tuple[Literal, ...]:
    return stage_targets(goal, len(goal.stages) - 1) if goal.stages else ()


@dataclass
class Progress:
    """Where an episode stands against its goal."""

    stages_reached: int
    stage_total: int
    literals_done: int  # subgoals achieved: literals of reached stages + held literals of the next
    literals_total: int
    per_stage: list[tuple[int, int]]  # (holding now, total) for each stage
    final_holds: bool  # every literal no later stage overrides holds right now

    @property
    def success(self) -> bool:
        return self.stages_reached == self.stage_total and self.final_holds

    def to_json(self) -> dict:
        return {"stages_reached": self.stages_reached, "stage_total": self.stage_total,
                "subgoals_done": self.literals_done, "subgoals_total": self.literals_total,
                "per_stage": [list(p) for p in self.per_stage], "final_holds": self.final_holds,
                "success": self.success}


class StageTracker:
    """Tracks stage attainment over time; call `update` with a fresh truth function after each step."""

    def __init__(self, goal: Goal) -> None:
        self.goal = goal
        self.reached = 0

    def update(self, holds: Callable[[Literal], bool]) -> Progress:
        while self.reached < len(self.goal.stages) and all(holds(x) for x in stage_targets(self.goal, self.reached)):
            self.reached += 1
        return self.progress(holds)

    def progress(self, holds: Callable[[Literal], bool]) -> Progress:
        per_stage = [(sum(holds(x) for x in st), len(st)) for st in self.goal.stages]
        done = sum(len(st) for st in self.goal.stages[:self.reached])
        if self.reached < len(self.goal.stages):
            done += per_stage[self.reached][0]
        total = sum(len(st) for st in self.goal.stages)
        final = all(holds(x) for x in final_targets(self.goal))
        if not (final and self.reached == len(self.goal.stages)):
            done = min(done, total - 1)  # not every subgoal stands: never report all done
        return Progress(self.reached, len(self.goal.stages), done, total, per_stage, final)


def check(goal: Goal, history: Iterable[Callable[[Literal], bool]]) -> Progress:
    """Run a tracker over a sequence of states (truth functions) and return the final progress."""
    tracker = StageTracker(goal)
    progress = tracker.progress(lambda _: False)
    for holds in history:
        progress = tracker.update(holds)
    return progress
