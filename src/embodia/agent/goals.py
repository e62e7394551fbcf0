"""Goal semantics shared by the planner and the task checker.

Stages are indexed from 0 in this API. A later stage overrides earlier ones: while stage k is being
achieved, every earlier literal stays a target unless it conflicts with a literal of a later stage.
"""

from __future__ import annotations

from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.types import EmbodiaError, Goal, Literal, unknown

# Predicates that say where an item is; an item is in exactly one such place.
LOCATION = frozenset({"on", "on_table", "in", "holding"})

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
