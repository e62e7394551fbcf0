"""Symbolic side of the skills: preconditions and effects as STRIPS action schemas.

The planner builds its PDDL domain from these; the safety layer and the verifier check the same
literals at run time. Variables start with '?'. One skill may have several schemas (picking from the
table, from a stack, from a container are all `pick(obj)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from embodia.skills.params import TABLE
from embodia.types import Literal


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

