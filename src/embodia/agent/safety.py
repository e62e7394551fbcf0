"""The safety layer between any brain and the skills: nothing reaches an actuator unchecked.

A call passes only if the skill is known, the arguments fit its typed parameters (skills.params:
objects of the right kinds present in the scene, choices, ranges), every target lies in the declared workspace box
and the skill's preconditions hold. Object names are matched exactly; text is never interpreted, so a label in the
scene cannot instruct us.
"""

from __future__ import annotations

from dataclasses import dataclass

from embodia.perception.graph import SceneGraph
from embodia.sim import layout
from embodia.skills import SKILLS
from embodia.skills.params import ObjectParam, check_args
from embodia.types import SkillCall


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


Box = tuple[tuple[float, float], tuple[float, float], tuple[float, float]]


def _in_box(pos: tuple[float, float, float] | list[float], box: Box) -> bool:
    return all(lo <= v <= hi for v, (lo, hi) in zip(pos, box))


def check_call(call: SkillCall, scene: SceneGraph, box: Box = layout.SAFE_BOX) -> Verdict:
    """Validate one skill call against the scene; the reason names what is wrong and what is valid. `box` is
    the robot's workspace box (the Panda's by default; sim.robots has each robot's)."""
    if call.name not in SKILLS:
        return Verdict(False, f"unknown skill '{call.name}'; known: {', '.join(sorted(SKILLS))}")
    skill = SKILLS[call.name]
    why = check_args(skill, call.args, scene.kinds())
    if why:
        return Verdict(False, why)
    for param, arg in zip(skill.params, call.args):
        if isinstance(param, ObjectParam) and arg in scene.kinds():
            node = scene.object(arg)
            if node.pos is not None and not _in_box(node.pos, box):
                return Verdict(False, f"{arg} at {tuple(round(v, 2) for v in node.pos)} is outside the workspace box")
    unmet = skill.unmet(call.args, scene.facts(), scene.kinds())  # with the type facts; bowls/bins always open
    if unmet:
        return Verdict(False, f"{call} preconditions not met: {', '.join(map(str, unmet))}")
    return Verdict(True)
