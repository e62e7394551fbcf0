"""The goal checker on hand-built states (truth functions over literal sets)."""

from __future__ import annotations

from embodia.goals import StageTracker, check, conflicts, final_targets
from embodia.types import Goal, Literal


def G(*stages: list[str]) -> Goal:
    return Goal.from_json([list(s) for s in stages])


def state(*atoms: str):
    facts = {Literal.parse(a) for a in atoms}
    return lambda lit: (Literal(lit.predicate, lit.args) in facts) == lit.positive


DRAWER = G(["open(drawer)"], ["in(red_block, drawer)"], ["closed(drawer)"])


def test_drawer_goal_needs_stages_in_order() -> None:
    in_order = [state("closed(drawer)"), state("open(drawer)"), state("open(drawer)", "in(red_block, drawer)"),
                state("closed(drawer)", "in(red_block, drawer)")]
    assert check(DRAWER, in_order).success
    # The block in a closed drawer without ever seeing it open is not the goal reached in order.
    assert not check(DRAWER, [state("closed(drawer)", "in(red_block, drawer)")]).success


def test_final_state_must_still_hold() -> None:
    broken = [state("open(drawer)"), state("open(drawer)", "in(red_block, drawer)"),
              state("closed(drawer)", "in(red_block, drawer)"), state("closed(drawer)")]
    p = check(DRAWER, broken)
    assert p.stages_reached == 3 and not p.final_holds and not p.success


def test_stack_progress_counts_subgoals() -> None:
    goal = G(["on(b, a)", "on(c, b)"])
    p = StageTracker(goal).update(state("on(b, a)"))
    assert (p.literals_done, p.literals_total, p.success) == (1, 2, False)
    assert StageTracker(goal).update(state("on(b, a)", "on(c, b)")).success


def test_negative_literals_and_overrides() -> None:
    goal = G(["on(b, a)"], ["not on(b, a)"])
    assert final_targets(goal) == (Literal("on", ("b", "a"), False),)
    assert check(goal, [state("on(b, a)"), state("on_table(b)")]).success
    assert not check(goal, [state("on_table(b)")]).success  # stage 1 never happened
    assert conflicts(Literal.parse("open(drawer)"), Literal.parse("closed(drawer)"))
    assert conflicts(Literal.parse("in(x, bin)"), Literal.parse("on(x, y)"))
    assert not conflicts(Literal.parse("in(x, bin)"), Literal.parse("in(y, bin)"))
