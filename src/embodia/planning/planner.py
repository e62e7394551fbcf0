"""Goal -> skill calls with a classical planner (pyperplan: A* with h_FF on generated PDDL).

Each stage is planned in order from the state symbolically reached after the previous one; its
targets are `stage_targets(goal, k)`. Within a stage the targets are reached one at a time in goal
agenda order (towers bottom-up, drawer opened first and closed last; reached targets stay goals).
Each increment's PDDL problem holds only the objects that matter: those its unmet targets name, the
held item, every object in the same tower as one of them and the container around one of them; and
blocks may only be stacked where the state or a goal stacks them (the table is an unlimited buffer).
If an increment has no plan, the whole stage is planned at once, then over all objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pyperplan.heuristics.relaxation import hAddHeuristic, hFFHeuristic
from pyperplan.search import astar_search, greedy_best_first_search, weighted_astar_search
from pyperplan.task import Task

from embodia.planning.agenda import agenda, check_literal, check_stage, holds, stage_targets
from embodia.planning.pddl import SCHEMA_BY_NAME, domain_pddl, problem_pddl, to_task
from embodia.sim.catalog import ITEM_KINDS
from embodia.skills.schemas import SymbolicError, apply
from embodia.types import TYPE_PREDICATES, EmbodiaError, Goal, Literal, SkillCall

__all__ = ["Plan", "PlanningError", "StagePlan", "apply", "holds", "plan", "planning_state"]

SEARCHES = {"gbf": greedy_best_first_search, "wastar": weighted_astar_search, "astar": astar_search}
HEURISTICS = {"hff": hFFHeuristic, "hadd": hAddHeuristic}
MAX_SECONDS = 2.0  # per search: guards against exhausting a huge state space
# Negative goals on these need objects the targets do not name (somewhere else to put an item).
NEEDS_OTHERS = frozenset({"on_table", "hand_empty", "clear"})


class PlanningError(EmbodiaError):
    """The goal is malformed or no plan reaches it; the message is one line."""


@dataclass(frozen=True)
class StagePlan:
    targets: tuple[Literal, ...]  # literals that hold after this stage
    steps: tuple[SkillCall, ...]
    seconds: float


@dataclass(frozen=True)
class Plan:
    steps: tuple[SkillCall, ...]
    seconds: float
    per_stage: tuple[StagePlan, ...]


class _Budget(Exception):
    pass


class _BudgetTask(Task):
    """A pyperplan task that stops the search after `seconds`."""

    def __init__(self, task: Task, seconds: float) -> None:
        super().__init__(task.name, task.facts, task.initial_state, task.goals, task.operators)
        self.deadline = time.perf_counter() + seconds

    def get_successor_states(self, state: frozenset[str]) -> list:
        if time.perf_counter() > self.deadline:
            raise _Budget
        return super().get_successor_states(state)


def planning_state(facts: set[Literal], objects: dict[str, str]) -> set[Literal]:
    """Dynamic facts the planner starts from: type facts dropped, `clear` derived for items
    (nothing known rests or leans on them), `hand_empty` added when nothing is held."""
    state = {f for f in facts if f.predicate not in TYPE_PREDICATES and f.positive}
    covered = {f.args[1] for f in state if f.predicate in ("on", "leans_on")}
    state = {f for f in state if not (f.predicate == "clear" and objects.get(f.args[0]) in ITEM_KINDS)}
    state |= {Literal("clear", (o,)) for o, k in objects.items() if k in ITEM_KINDS and o not in covered}
    if not any(f.predicate == "holding" for f in state):
        state.add(Literal("hand_empty"))
    return state


def _relevant(targets: tuple[Literal, ...], state: set[Literal], objects: dict[str, str]) -> dict[str, str]:
    """Objects a stage can need: those `targets` name, the held one, their towers and containers."""
    keep = {a for lit in targets for a in lit.args}
    keep |= {f.args[0] for f in state if f.predicate == "holding"}
    links = [(f.args[0], f.args[1], f.predicate != "in") for f in state
             if f.predicate in ("on", "leans_on", "in") and all(a in objects for a in f.args)]
    grown = True
    while grown:  # x rests on / sits in y: keep y for x, and for an `on`, x above a kept y
        grown = False
        for x, y, on in links:
            if (x in keep and y not in keep) or (on and y in keep and x not in keep):
                keep |= {x, y}
                grown = True
    return {o: objects[o] for o in keep}


def _solve(targets: tuple[Literal, ...], state: set[Literal], objects: dict[str, str],
           search: str, heuristic: str) -> tuple[SkillCall, ...] | None:
    """One pyperplan run; None when it proves (or gives up on) the stage."""
    names = set(objects)
    sub = {f for f in state if all(a in names for a in f.args)}
    negated = frozenset(x.predicate for x in targets if not x.positive)
    pairs = None
    if not any(not t.positive and t.predicate in NEEDS_OTHERS for t in targets):
        pairs = {x.args for x in sub | set(targets)  # type: ignore[misc]
                 if x.positive and x.predicate in ("on", "leans_on")}
    problem = problem_pddl(objects, sub, targets, pairs)
    task = _BudgetTask(to_task(domain_pddl(negated), problem), MAX_SECONDS)
    try:
        ops = SEARCHES[search](task, HEURISTICS[heuristic](task))
    except _Budget:
        return None
    if ops is None:
        return None
    steps = []
    for op in ops:
        name, *args = op.name.strip("()").split()
        schema = SCHEMA_BY_NAME[name]
        binding = dict(zip(schema.params, args))
        steps.append(SkillCall(schema.skill, tuple(binding.get(a, a) for a in schema.skill_args)))
    return tuple(steps)


def _scoped(targets: tuple[Literal, ...], state: set[Literal], objects: dict[str, str],
            search: str, heuristic: str) -> tuple[SkillCall, ...] | None:
    """Plan for `targets` over the objects their unmet literals need (all objects as a fallback)."""
    unmet = tuple(t for t in targets if not holds(t, state))
    scope = objects
    if not any(not t.positive and t.predicate in NEEDS_OTHERS for t in unmet):
        scope = _relevant(unmet, state, objects)
    # a met target naming an object outside the scope cannot be undone by a plan over the scope
    kept = tuple(t for t in targets if all(a in scope for a in t.args))
    steps = _solve(kept, state, scope, search, heuristic)
    if steps is None and len(scope) < len(objects):
        steps = _solve(targets, state, objects, search, heuristic)
    return steps


def _stage(targets: tuple[Literal, ...], state: set[Literal], objects: dict[str, str],
           search: str, heuristic: str) -> tuple[SkillCall, ...] | None:
    """Reach `targets` one agenda literal at a time (keeping those reached); if an increment has no
    plan, plan the whole stage at once."""
    start, steps = state, []
    order = agenda(targets, state)
    for i in range(len(order)):
        if holds(order[i], state):  # order[:i] hold after each increment
            continue
        part = _scoped(order[: i + 1], state, objects, search, heuristic)
        if part is None:
            return _scoped(targets, start, objects, search, heuristic)
        steps += part
        try:
            for step in part:
                state = apply(step, state, objects)
        except SymbolicError:  # the scope left out an object that matters (a perceived state can be odd)
            return _solve(targets, start, objects, search, heuristic)
    return tuple(steps)


def check_goal(goal: Goal, objects: dict[str, str]) -> None:
    """Raise PlanningError if a literal is ill-typed or a stage can never hold."""
    for k, stage in enumerate(goal.stages):
        for lit in stage:
            why = check_literal(lit, objects)
            if why:
                raise PlanningError(f"no plan reaches stage {k + 1}: {why}")
        why = check_stage(stage_targets(goal, k))
        if why:
            raise PlanningError(f"no plan reaches stage {k + 1}: {why}")


def plan(goal: Goal, facts: set[Literal], objects: dict[str, str],
         search: str = "astar", heuristic: str = "hff") -> Plan:
    """Plan every stage of `goal` in order, starting from `facts` (closed world)."""
    t0 = time.perf_counter()
    check_goal(goal, objects)
    state = planning_state(facts, objects)
    stages: list[StagePlan] = []
    for k in range(len(goal.stages)):
        t1 = time.perf_counter()
        targets = stage_targets(goal, k)
        unmet = tuple(t for t in targets if not holds(t, state))
        steps = _stage(targets, state, objects, search, heuristic) if unmet else ()
        if steps is None:
            raise PlanningError(f"no plan reaches stage {k + 1}: {', '.join(map(str, unmet))}")
        for step in steps:
            state = apply(step, state, objects)
        stages.append(StagePlan(targets, steps, time.perf_counter() - t1))
    steps_all = tuple(s for st in stages for s in st.steps)
    return Plan(steps_all, time.perf_counter() - t0, tuple(stages))
