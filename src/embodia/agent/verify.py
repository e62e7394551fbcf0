"""Verification: after a skill, do the perceived facts show what its symbolic effects promised?"""

from __future__ import annotations

from embodia.perception.graph import SceneGraph
from embodia.types import Literal

CHECKED = ("on", "in", "on_table", "holding", "open", "closed")  # predicates a skill's effects are verified on


def mismatches(expected: set[Literal], scene: SceneGraph) -> list[str]:
    """Expected facts (of the checked predicates) that are not perceived, and perceived ones not expected."""
    seen = {f for f in scene.facts() if f.predicate in CHECKED}
    want = {f for f in expected if f.predicate in CHECKED and f.positive}
    return sorted([f"expected {f}" for f in want - seen] + [f"unexpected {f}" for f in seen - want])
