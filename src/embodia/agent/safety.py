"""The safety layer between any brain and the skills: nothing reaches an actuator unchecked.

A call passes only if the skill is known, the arguments are well-formed objects present in the
scene, every target lies in the declared workspace box and the skill's preconditions hold. Object
names are matched exactly; text is never interpreted, so a label in the scene cannot instruct us.
"""

from __future__ import annotations

from dataclasses import dataclass

from embodia.planning.pddl import static_facts
from embodia.perception.graph import SceneGraph
from embodia.sim import layout
from embodia.skills import SKILLS
from embodia.skills.schemas import DIRECTIONS, TABLE, TABLE_REGIONS
from embodia.types import SkillCall



@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def _in_box(pos: tuple[float, float, float] | list[float]) -> bool:
    return all(lo <= v <= hi for v, (lo, hi) in zip(pos, layout.SAFE_BOX))


def check_call(call: SkillCall, scene: SceneGraph) -> Verdict:
    """Validate one skill call against the scene; the reason names what is wrong and what is valid."""
    if call.name not in SKILLS:
        return Verdict(False, f"unknown skill '{call.name}'; known: {', '.join(sorted(SKILLS))}")
    skill = SKILLS[call.name]
    if len(call.args) != len(skill.params):
        return Verdict(False, f"{call.name} takes {len(skill.params)} argument(s) ({', '.join(skill.params)}), "
                              f"got {len(call.args)}")
    names = set(scene.names)
    for i, (param, arg) in enumerate(zip(skill.params, call.args)):
        if param == "direction":
            if arg not in DIRECTIONS:
                return Verdict(False, f"unknown direction '{arg}'; valid: {', '.join(DIRECTIONS)}")
            continue
        if param == "distance":
            try:
                d = float(arg)
            except ValueError:
                return Verdict(False, f"distance '{arg}' is not a number (metres, 0.01 to 0.3)")
            if not 0.01 <= d <= 0.3:
                return Verdict(False, f"distance {d} m outside 0.01 to 0.3 m")
            continue
        if call.name == "place_on" and i == 1 and arg in TABLE_REGIONS:
            continue
        if arg not in names:
            return Verdict(False, f"unknown object '{arg}'; known: {', '.join(sorted(names))}")
        node = scene.object(arg)
        if node.pos is not None and not _in_box(node.pos):
            return Verdict(False, f"{arg} at {tuple(round(v, 2) for v in node.pos)} is outside the workspace box")
    facts = set(scene.facts()) | static_facts(scene.kinds())  # types, and bowls/bins always open
    target = call.args[-1] if call.args else ""
    if call.name == "place_on" and target.startswith("table"):
        call = SkillCall(call.name, (call.args[0], TABLE))
    unmet = skill.unmet(call.args, facts)
    if unmet:
        return Verdict(False, f"{call} preconditions not met: {', '.join(map(str, unmet))}")
    return Verdict(True)
