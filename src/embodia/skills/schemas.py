"""Symbolic side of the skills: preconditions and effects as STRIPS action schemas, and the one binder.

The planner builds its PDDL domain from these; `bind` and `apply` ground a skill call against facts for
the planner's state updates, the skills' and the safety layer's precondition checks and the verifier's
expected effects. Variables start with '?'. One skill may have several schemas (picking from the
table, from a stack, from a container are all `pick(obj)`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from embodia.goals import holds
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.skills.params import TABLE
from embodia.types import TYPE_PREDICATES, EmbodiaError, Literal, SkillCall, unknown


def L(pred: str, *args: str, positive: bool = True) -> Literal:
    return Literal(pred, tuple(args), positive)


@dataclass(frozen=True)
class ActionSchema:
    name: str  # unique PDDL action name
    skill: str  # the skill it runs
    params: tuple[str, ...]  # PDDL variables, e.g. ("?o", "?b")
    skill_args: tuple[str, ...]  # skill call arguments: variables or constants such as "table"
    pre: tuple[Literal, ...]
    add: tuple[Literal, ...]
    delete: tuple[Literal, ...]
    distinct: tuple[tuple[str, str], ...] = ()  # variable pairs that must differ

    def ground(self, binding: dict[str, str]) -> tuple[tuple[Literal, ...], tuple[Literal, ...], tuple[Literal, ...]]:
        def sub(lits: tuple[Literal, ...]) -> tuple[Literal, ...]:
            return tuple(Literal(x.predicate, tuple(binding.get(a, a) for a in x.args), x.positive) for x in lits)

        return sub(self.pre), sub(self.add), sub(self.delete)


SCHEMAS: tuple[ActionSchema, ...] = (
    ActionSchema(
        "pick_from_table", "pick", ("?o",), ("?o",),
        pre=(L("item", "?o"), L("on_table", "?o"), L("clear", "?o"), L("hand_empty")),
        add=(L("holding", "?o"),),
        delete=(L("on_table", "?o"), L("hand_empty")),
    ),
    ActionSchema(
        "pick_from_stack", "pick", ("?o", "?b"), ("?o",),
        pre=(L("item", "?o"), L("on", "?o", "?b"), L("clear", "?o"), L("hand_empty")),
        add=(L("holding", "?o"), L("clear", "?b")),
        delete=(L("on", "?o", "?b"), L("hand_empty")),
        distinct=(("?o", "?b"),),
    ),
    ActionSchema(
        "pick_from_container", "pick", ("?o", "?c"), ("?o",),
        pre=(L("item", "?o"), L("in", "?o", "?c"), L("open", "?c"), L("clear", "?o"), L("hand_empty")),
        add=(L("holding", "?o"),),
        delete=(L("in", "?o", "?c"), L("hand_empty")),
    ),
    ActionSchema(  # lifting an item that leans on another uncovers that one
        "pick_leaning", "pick", ("?o", "?b"), ("?o",),
        pre=(L("item", "?o"), L("loose", "?o"), L("leans_on", "?o", "?b"), L("clear", "?o"), L("hand_empty")),
        add=(L("holding", "?o"), L("clear", "?b")),
        delete=(L("loose", "?o"), L("leans_on", "?o", "?b"), L("hand_empty")),
        distinct=(("?o", "?b"),),
    ),
    ActionSchema(  # an item left leaning or on a rim can still be picked up
        "pick_loose", "pick", ("?o",), ("?o",),
        pre=(L("item", "?o"), L("loose", "?o"), L("clear", "?o"), L("hand_empty")),
        add=(L("holding", "?o"),),
        delete=(L("loose", "?o"), L("hand_empty")),
    ),
    ActionSchema(
        "place_on_block", "place_on", ("?o", "?b"), ("?o", "?b"),
        pre=(L("holding", "?o"), L("block", "?b"), L("clear", "?b")),
        add=(L("on", "?o", "?b"), L("hand_empty")),
        delete=(L("holding", "?o"), L("clear", "?b")),
        distinct=(("?o", "?b"),),
    ),
    ActionSchema(
        "place_on_table", "place_on", ("?o",), ("?o", TABLE),
        pre=(L("holding", "?o"),),
        add=(L("on_table", "?o"), L("hand_empty")),
        delete=(L("holding", "?o"),),
    ),
    ActionSchema(
        "place_in", "place_in", ("?o", "?c"), ("?o", "?c"),
        pre=(L("holding", "?o"), L("container", "?c"), L("open", "?c")),
        add=(L("in", "?o", "?c"), L("hand_empty")),
        delete=(L("holding", "?o"),),
    ),
    ActionSchema(
        "open_drawer", "open", ("?d",), ("?d",),
        pre=(L("drawer", "?d"), L("hand_empty")),  # from closed or ajar (a pushed drawer may be either)
        add=(L("open", "?d"),),
        delete=(L("closed", "?d"),),
    ),
    ActionSchema(
        "close_drawer", "close", ("?d",), ("?d",),
        pre=(L("drawer", "?d"), L("hand_empty")),  # from open or ajar
        add=(L("closed", "?d"),),
        delete=(L("open", "?d"),),
    ),
)


def schemas_for(skill: str) -> tuple[ActionSchema, ...]:
    return tuple(s for s in SCHEMAS if s.skill == skill)


def static_facts(objects: Mapping[str, str]) -> set[Literal]:
    """Type facts for each object (name -> kind), and `open` for the open-topped bowls and bins."""
    facts: set[Literal] = set()
    for name, kind in objects.items():
        if kind in ITEM_KINDS:
            facts.add(Literal("item", (name,)))
        if kind == "block":
            facts.add(Literal("block", (name,)))
        if kind in CONTAINER_KINDS or kind == "drawer":
            facts.add(Literal("container", (name,)))
        if kind == "drawer":
            facts.add(Literal("drawer", (name,)))
        if kind in CONTAINER_KINDS:
            facts.add(Literal("open", (name,)))
    return facts


class SymbolicError(EmbodiaError):
    """A skill call cannot be applied to a symbolic state; the message names what does not hold."""


@dataclass(frozen=True)
class Bound:
    """A skill call grounded by one schema: its literals, and the preconditions that do not hold."""

    schema: ActionSchema
    pre: tuple[Literal, ...]
    add: tuple[Literal, ...]
    delete: tuple[Literal, ...]
    unmet: tuple[Literal, ...]

    def effects(self) -> list[Literal]:
        """Additions, and deletions as negated literals."""
        return [*self.add, *(d.negated() for d in self.delete)]

    def after(self, facts: Iterable[Literal]) -> set[Literal]:
        return (set(facts) - set(self.delete)) | set(self.add)


def _candidates(schema: ActionSchema, var: str, binding: dict[str, str], facts: set[Literal],
                objects: Mapping[str, str] | None) -> list[str]:
    """Values for a free variable: those the facts give it in a positive precondition, else every object."""
    found = set()
    for lit in schema.pre:
        if not lit.positive or var not in lit.args:
            continue
        for f in facts:
            if f.predicate == lit.predicate and f.positive and all(
                    not a.startswith("?") and a == v or a.startswith("?") and binding.get(a, v) == v
                    for a, v in zip(lit.args, f.args)):
                found.add(f.args[lit.args.index(var)])
    return sorted(found) if found or objects is None else sorted(objects)


def _bindings(schema: ActionSchema, args: tuple[str, ...], facts: set[Literal],
              objects: Mapping[str, str] | None) -> Iterable[dict[str, str]]:
    if len(args) != len(schema.skill_args):
        return
    binding: dict[str, str] = {}
    for var, val in zip(schema.skill_args, args):
        if (binding.setdefault(var, val) if var.startswith("?") else var) != val:
            return  # a constant such as "table" that the argument is not, or one variable bound twice
    free = [v for v in schema.params if v not in binding]
    for values in itertools.product(*(_candidates(schema, v, binding, facts, objects) for v in free)):
        full = binding | dict(zip(free, values))
        if not any(full[a] == full[b] for a, b in schema.distinct):
            yield full


def bind(call: SkillCall, facts: Iterable[Literal], objects: Mapping[str, str] | None = None) -> Bound | None:
    """Ground `call` against `facts` (closed world): the first schema and binding whose preconditions
    hold, else the one that misses fewest; None when no schema of the skill takes these arguments.
    `objects` (name -> kind) adds the static type facts; without it, type preconditions are assumed."""
    facts = set(facts)
    known = facts | static_facts(objects) if objects is not None else facts
    best: Bound | None = None
    for schema in schemas_for(call.name):
        for binding in _bindings(schema, tuple(call.args), facts, objects):
            pre, add, delete = schema.ground(binding)
            unmet = tuple(p for p in pre if not (objects is None and p.predicate in TYPE_PREDICATES)
                          and not holds(p, known))
            if not unmet:
                return Bound(schema, pre, add, delete, ())
            if best is None or len(unmet) < len(best.unmet):
                best = Bound(schema, pre, add, delete, unmet)
    return best


def apply(call: SkillCall, facts: Iterable[Literal], objects: Mapping[str, str]) -> set[Literal]:
    """The facts after `call`; raises SymbolicError naming what does not hold (or an unknown skill)."""
    if not schemas_for(call.name):
        raise SymbolicError(str(unknown("skill", call.name, sorted({s.skill for s in SCHEMAS}))))
    bound = bind(call, facts, objects)
    if bound is None or bound.unmet:
        why = ", ".join(map(str, bound.unmet)) if bound else "wrong number of arguments"
        raise SymbolicError(f"cannot apply {call}: {why} does not hold")
    return bound.after(facts)

