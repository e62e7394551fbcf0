"""Goal semantics shared by the planner and the task checker.

Stages are indexed from 0 in this API. A later stage overrides earlier ones: while stage k is being
achieved, every earlier literal stays a target unless it conflicts with a literal of a later stage.
"""

from __future__ import annotations

from embodia.goals import LOCATION, conflicts, holds, stage_targets  # noqa: F401  (re-exported)
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.types import Literal, unknown

# Kinds each predicate argument accepts (None: any object).
ARG_KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "on": (ITEM_KINDS, ("block",)),
    "in": (ITEM_KINDS, CONTAINER_KINDS + ("drawer",)),
    "on_table": (ITEM_KINDS,),
    "holding": (ITEM_KINDS,),
    "clear": (ITEM_KINDS,),
    "open": (("drawer",),),
    "closed": (("drawer",),),
    "hand_empty": (),
}





def check_literal(lit: Literal, objects: dict[str, str]) -> str | None:
    """Return why `lit` can never be a goal over `objects` (unknown object, wrong kind), or None."""
    if lit.predicate not in ARG_KINDS:
        return f"{lit}: '{lit.predicate}' is not a goal predicate"
    for name in lit.args:
        if name not in objects:
            return str(unknown("object", name, list(objects)))
    for name, kinds in zip(lit.args, ARG_KINDS[lit.predicate]):
        if objects[name] not in kinds:
            return f"{lit}: {name} is a {objects[name]}, '{lit.predicate}' needs a {'/'.join(kinds)} there"
    if lit.predicate == "on" and lit.args[0] == lit.args[1]:
        return f"{lit}: an object cannot rest on itself"
    return None


def check_stage(lits: tuple[Literal, ...]) -> str | None:
    """Return why the conjunction `lits` is contradictory (a conflict or a cycle of `on`), or None."""
    for i, a in enumerate(lits):
        for b in lits[i + 1 :]:
            if conflicts(a, b):
                return f"{a} conflicts with {b}"
    below = {x.args[0]: x.args[1] for x in lits if x.positive and x.predicate == "on"}
    for start in below:
        seen, cur = {start}, start
        while cur in below:
            cur = below[cur]
            if cur in seen:
                return f"on(...) literals form a cycle through {cur}"
            seen.add(cur)
    return None


def agenda(targets: tuple[Literal, ...], state: frozenset[Literal] | set[Literal] = frozenset()) -> tuple[Literal, ...]:
    """Order targets for achieving them one at a time (a goal agenda): open drawers; undo (negative
    goals, items to the table) from the top of the current towers down; build towers bottom-up and
    fill containers; then clear/closed, and what concerns the gripper last. Stable otherwise."""
    goal_below = {x.args[0]: x.args[1] for x in targets if x.positive and x.predicate == "on"}
    now_below = {x.args[0]: x.args[1] for x in state if x.positive and x.predicate == "on"}

    def height(obj: str, below: dict[str, str]) -> int:  # tower height under obj, cycle-safe
        n = 0
        while obj in below and n <= len(below):
            obj, n = below[obj], n + 1
        return n

    def key(lit: Literal) -> tuple[int, int]:
        if not lit.positive or lit.predicate == "on_table":
            return (1, -height(lit.args[0], now_below) if lit.args else 0)
        fixed = {"open": 0, "clear": 1000, "closed": 1001, "hand_empty": 1002, "holding": 1002}
        if lit.predicate in fixed:
            return (fixed[lit.predicate], 0)
        return (2 + height(lit.args[0], goal_below), 0)  # on / in

    return tuple(sorted(targets, key=key))
