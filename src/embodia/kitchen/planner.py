"""The kitchen's planner: a PDDL domain for its skills, solved by pyperplan (A* with h_FF) stage by stage,
like the tabletop's. A kettle on no burner is `on` the pseudo-place `elsewhere` (so `carry` has a source)."""

from __future__ import annotations

import time

from pyperplan.heuristics.relaxation import hFFHeuristic
from pyperplan.search import astar_search

from embodia.goals import stage_targets
from embodia.kitchen.scene import OBJECTS
from embodia.planning.pddl import to_task
from embodia.types import EmbodiaError, Goal, Literal, SkillCall

ELSEWHERE = "elsewhere"
KINDS = ("hinged_door", "sliding_door", "switch", "burner", "kettle")
DOMAIN = """(define (domain kitchen)
  (:requirements :strips)
  (:predicates (open ?x) (switched_on ?x) (on ?x ?y) (hinged_door ?x) (sliding_door ?x) (switch ?x)
               (burner ?x) (kettle ?x))
  (:action swing_open :parameters (?d) :precondition (and (hinged_door ?d)) :effect (and (open ?d)))
  (:action slide_open :parameters (?d) :precondition (and (sliding_door ?d)) :effect (and (open ?d)))
  (:action switch_on :parameters (?s) :precondition (and (switch ?s)) :effect (and (switched_on ?s)))
  (:action turn_on :parameters (?b) :precondition (and (burner ?b)) :effect (and (switched_on ?b)))
  (:action carry :parameters (?k ?from ?to)
    :precondition (and (kettle ?k) (burner ?to) (on ?k ?from))
    :effect (and (on ?k ?to) (not (on ?k ?from)))))
"""
ARGS = {"carry": (0, 2)}  # which PDDL parameters the skill call takes


class KitchenPlanningError(EmbodiaError):
    """No plan reaches a stage; the message names it."""


def _atom(lit: Literal) -> str:
    return f"({lit.predicate} {' '.join(lit.args)})"


def _problem(state: set[Literal], targets: tuple[Literal, ...]) -> str:
    init = {_atom(f) for f in state} | {f"({kind} {name})" for name, kind in _kinds().items()}
    goals = " ".join(_atom(t) for t in targets if t.positive)
    return (f"(define (problem stage) (:domain kitchen) (:objects {' '.join([*OBJECTS, ELSEWHERE])})\n"
            f"  (:init {' '.join(sorted(init))})\n  (:goal (and {goals})))")


def _kinds() -> dict[str, str]:
    return {n: k for n, (k, _) in OBJECTS.items()}


def check_literal(lit: Literal) -> str | None:
    for a in lit.args:
        if a not in OBJECTS:
            return f"unknown kitchen object '{a}'; known: {', '.join(OBJECTS)}"
    if not lit.positive:
        return f"'{lit}': the kitchen skills only open, switch on and carry (nothing closes or turns off)"
    if lit.predicate not in ("open", "switched_on", "on"):
        return f"'{lit}': kitchen goals use open, switched_on and on(kettle, burner)"
    return None


def planning_state(facts: frozenset[Literal] | set[Literal]) -> set[Literal]:
    state = {f for f in facts if f.positive}
    if not any(f.predicate == "on" and f.args[0] == "kettle" for f in state):
        state.add(Literal("on", ("kettle", ELSEWHERE)))
    return state


def apply(call: SkillCall, state: set[Literal]) -> set[Literal]:
    """The symbolic effect of a call (what verification expects to perceive afterwards)."""
    if call.name == "carry":
        return {f for f in state if not (f.predicate == "on" and f.args[0] == call.args[0])} | {
            Literal("on", call.args)}
    pred = "open" if call.name in ("swing_open", "slide_open") else "switched_on"
    return state | {Literal(pred, call.args[:1])}


def plan(goal: Goal, facts: frozenset[Literal] | set[Literal]) -> tuple[SkillCall, ...]:
    """Skill calls that reach every stage of `goal` in order from `facts`."""
    for lit in goal.literals:
        why = check_literal(lit)
        if why:
            raise KitchenPlanningError(why)
    state, steps = planning_state(facts), []
    for k in range(len(goal.stages)):
        targets = stage_targets(goal, k)
        if all(t in state for t in targets):
            continue
        task = to_task(DOMAIN, _problem(state, targets))
        ops = astar_search(task, hFFHeuristic(task))
        if ops is None:
            raise KitchenPlanningError(f"no plan reaches stage {k + 1}: {', '.join(map(str, targets))}")
        for op in ops:
            name, *args = op.name.strip("()").split()
            call = SkillCall(name, tuple(args[i] for i in ARGS.get(name, (0,))))
            steps.append(call)
            state = apply(call, state)
    return tuple(steps)


def timed_plan(goal: Goal, facts) -> tuple[tuple[SkillCall, ...], float]:
    t = time.perf_counter()
    steps = plan(goal, facts)
    return steps, time.perf_counter() - t
