"""Failure attribution: in simulation the truth is known, so each look is compared with it and every failed
episode is put down to one cause.

- grounding: the instruction was not grounded, or the grounded goal was reached but the task's was not;
- perception: in one of the last looks the perceived facts about an object of the goal or of the failing call
  disagreed with the simulator's (a fact missed, or one perceived that is false);
- planning: the planner found no plan from a correctly perceived state;
- execution: everything else (skills that failed, budgets spent on retries, disturbances not recovered from).
"""

from __future__ import annotations

from typing import Any

from embodia.perception.graph import SceneGraph
from embodia.types import Goal

CAUSES = ("grounding", "planning", "perception", "execution")
RECENT_LOOKS = 3  # the looks before the end that a perception error must be in to be blamed

__all__ = ["CAUSES", "compare_with_truth", "attribute"]


def compare_with_truth(perceived: SceneGraph, truth: SceneGraph) -> dict[str, Any]:
    """Facts both agree on (a count), and the true facts missed and the false facts perceived (sorted)."""
    seen, real = perceived.facts(), truth.facts()
    return {"agree": len(seen & real), "missed": sorted(str(f) for f in real - seen),
            "false": sorted(str(f) for f in seen - real)}


def _mentions(fact: str, names: set[str]) -> bool:
    inside = fact[fact.find("(") + 1:fact.rfind(")")]
    return any(a.strip() in names for a in inside.split(","))


def attribute(success: bool, failure: str | None, checks: list[dict[str, Any]], goal: Goal | None,
              last_call: str | None) -> str | None:
    """The cause of a failed episode (None when it succeeded)."""
    if success:
        return None
    why = failure or ""
    if why.startswith("could not ground") or why.startswith("the grounded goal holds"):
        return "grounding"
    names = {a for stage in (goal.stages if goal else ()) for lit in stage for a in lit.args}
    if last_call and "(" in last_call:
        names |= {a.strip() for a in last_call[last_call.find("(") + 1:last_call.rfind(")")].split(",") if a}
    for check in checks[-RECENT_LOOKS:]:
        if any(_mentions(f, names) for f in check["missed"] + check["false"]):
            return "perception"
    if why.startswith("unsolvable"):
        return "planning"
    return "execution"


def perception_summary(checks: list[dict[str, Any]], look_s: list[tuple[float, float]]) -> dict[str, Any]:
    """Summary fields: perceived facts against the truth over every look, and the looks' median wall and CPU ms."""
    def median_ms(v: list[float]) -> float | None:
        return round(1000 * sorted(v)[len(v) // 2], 2) if v else None

    return {"perception_checked": {k: sum(len(c[k]) if k != "agree" else c[k] for c in checks)
                                   for k in ("agree", "missed", "false")},
            "look_wall_ms_median": median_ms([w for w, _ in look_s]),
            "look_cpu_ms_median": median_ms([c for _, c in look_s])}
