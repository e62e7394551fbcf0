"""PDDL text generated from the skill schemas, and its translation into a pyperplan task.

The domain is STRIPS with two compilations:
- `distinct` variable pairs become a static `(different ?a ?b)` precondition;
- a negative goal `not P(x)` becomes a goal on a complementary predicate `not_P(x)` that every action
  adding P deletes and every action deleting P adds (pyperplan has no negative goals).
"""

from __future__ import annotations

from functools import lru_cache

from pyperplan.grounding import ground
from pyperplan.pddl.parser import Parser
from pyperplan.pddl.pddl import Domain
from pyperplan.task import Task

from embodia.sim.catalog import ITEM_KINDS
from embodia.skills.schemas import SCHEMAS, ActionSchema, static_facts
from embodia.types import PREDICATES, TYPE_PREDICATES, Literal

SCHEMA_BY_NAME: dict[str, ActionSchema] = {s.name: s for s in SCHEMAS}


def atom(pred: str, args: tuple[str, ...]) -> str:
    """PDDL atom text, also pyperplan's fact string: '(on a b)'."""
    return f"({' '.join((pred,) + args)})"


def _effects(schema: ActionSchema, negated: frozenset[str]) -> list[str]:
    out = [atom(x.predicate, x.args) for x in schema.add]
    out += [f"(not {atom(x.predicate, x.args)})" for x in schema.delete]
    # keep the complementary not_P atoms in step with P
    out += [f"(not {atom('not_' + x.predicate, x.args)})" for x in schema.add if x.predicate in negated]
    out += [atom("not_" + x.predicate, x.args) for x in schema.delete if x.predicate in negated]
    return out


def domain_pddl(negated: frozenset[str] = frozenset()) -> str:
    """The planning domain, built from SCHEMAS; `negated` names predicates used in negative goals."""
    preds = dict(PREDICATES) | dict(TYPE_PREDICATES) | {"different": 2}
    preds |= {f"not_{p}": PREDICATES[p] for p in sorted(negated)}
    decl = " ".join(atom(p, tuple(f"?x{i} - object" for i in range(n))) for p, n in preds.items())
    lines = ["(define (domain embodia)", "  (:requirements :strips :typing)", f"  (:predicates {decl})"]
    for s in SCHEMAS:
        pre = [atom(x.predicate, x.args) for x in s.pre] + [atom("different", d) for d in s.distinct]
        lines += [
            f"  (:action {s.name}",
            f"    :parameters ({' '.join(p + ' - object' for p in s.params)})",
            f"    :precondition (and {' '.join(pre)})",
            f"    :effect (and {' '.join(_effects(s, negated))}))",
        ]
    return "\n".join(lines + [")"])


def problem_pddl(objects: dict[str, str], facts: set[Literal], goal: tuple[Literal, ...],
                 pairs: set[tuple[str, str]] | None = None) -> str:
    """The problem: `facts` (dynamic, closed world) plus static facts, and a positive-only goal.
    `different` holds for every (item, block) pair, or only for `pairs` when given: operator
    pruning that lets the planner stack only where the state or the goal stacks (the table is an
    unlimited buffer, so positive goals never need other stacking)."""
    init = {atom(x.predicate, x.args) for x in facts | static_facts(objects) if x.positive}
    if pairs is None:  # `different` only for the kinds a distinct pair binds
        items = [o for o, k in objects.items() if k in ITEM_KINDS]
        blocks = [o for o, k in objects.items() if k == "block"]
        pairs = {(a, b) for a in items for b in blocks} | {x.args for x in facts if x.predicate == "leans_on"}
    init |= {atom("different", p) for p in pairs if p[0] != p[1]}
    for lit in goal:  # complementary atoms start true where the atom is false
        if not lit.positive and lit.negated() not in facts:
            init.add(atom("not_" + lit.predicate, lit.args))
    goals = [atom(x.predicate if x.positive else "not_" + x.predicate, x.args) for x in goal]
    return "\n".join(
        [
            "(define (problem stage) (:domain embodia)",
            f"  (:objects {' '.join(sorted(objects))} - object)",
            f"  (:init {' '.join(sorted(init))})",
            f"  (:goal (and {' '.join(goals)})))",
        ]
    )


@lru_cache(maxsize=16)
def _parsed_domain(domain: str) -> Domain:
    parser = Parser(None)
    parser.domInput = domain
    return parser.parse_domain(read_from_file=False)


def to_task(domain: str, problem: str) -> Task:
    """Parse PDDL text with pyperplan's parser and ground it into a STRIPS task."""
    parser = Parser(None)
    parser.probInput = problem
    return ground(parser.parse_problem(_parsed_domain(domain), read_from_file=False))
