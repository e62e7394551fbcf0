"""Verification: after a skill, do the perceived facts show what its symbolic effects promised?"""

from __future__ import annotations

from embodia.perception.graph import SceneGraph
from embodia.skills import SKILLS
from embodia.skills.params import symbolic_args
from embodia.skills.schemas import apply, schemas_for
from embodia.types import Literal, SkillCall

CHECKED = ("on", "in", "on_table", "holding", "open", "closed")  # predicates a skill's effects are verified on


def expected_after(call: SkillCall, scene: SceneGraph) -> set[Literal]:
    """The facts a (safety-checked) call should bring about; skills without schemas (push, home) change none."""
    facts = set(scene.facts())
    if not schemas_for(call.name):
        return facts
    return apply(SkillCall(call.name, symbolic_args(SKILLS[call.name], call.args)), facts, scene.kinds())


def mismatches(expected: set[Literal], scene: SceneGraph) -> list[str]:
    """Expected facts (of the checked predicates) that are not perceived, and perceived ones not expected."""
    seen = {f for f in scene.facts() if f.predicate in CHECKED}
    want = {f for f in expected if f.predicate in CHECKED and f.positive}
    return sorted([f"expected {f}" for f in want - seen] + [f"unexpected {f}" for f in seen - want])
