"""The skill registry and the one entry point that never lets an exception escape."""

from __future__ import annotations

import numpy as np

from embodia.control.robot import SimRobot
from embodia.skills.base import Skill, SkillResult
from embodia.skills.drawer import Close, Open
from embodia.skills.home import Home
from embodia.skills.params import signature
from embodia.skills.pick import Pick
from embodia.skills.place import PlaceOn
from embodia.skills.place_in import PlaceIn
from embodia.skills.push import Push
from embodia.types import SkillCall

SKILLS: dict[str, Skill] = {s.name: s for s in (Pick(), PlaceOn(), PlaceIn(), Open(), Close(), Push(), Home())}


def describe_skills(indent: str = "") -> str:
    """One block per skill: its signature and description, then one line per parameter (for help and prompts)."""
    lines = []
    for skill in SKILLS.values():
        lines.append(f"{indent}- {signature(skill)}: {skill.description}")
        lines += [f"{indent}    {p.describe()}" for p in skill.params]
    return "\n".join(lines)


def run_skill(call: SkillCall, robot: SimRobot, budget: float | None = None) -> SkillResult:
    """Run one skill call; bad input and unexpected errors come back as a failed SkillResult."""
    skill = SKILLS.get(call.name)
    if skill is None:
        return SkillResult(False, "precondition_failed",
                           f"unknown skill '{call.name}'; known: {', '.join(sorted(SKILLS))}")
    t0 = robot.world.time
    try:
        return skill.execute(call.args, robot, budget)
    except Exception as e:
        return SkillResult(False, "collision" if isinstance(e, FloatingPointError) else "precondition_failed",
                           f"{call} failed: {type(e).__name__}: {e}", float(np.round(robot.world.time - t0, 3)))
