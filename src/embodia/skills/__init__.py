"""Skills: pick, place_on, place_in, open, close, push, home — symbolic contracts plus closed-loop executors."""

from embodia.skills.base import REASONS, Skill, SkillFailure, SkillResult
from embodia.skills.registry import SKILLS, describe_skills, run_skill

__all__ = ["REASONS", "SKILLS", "Skill", "SkillFailure", "SkillResult", "describe_skills", "run_skill"]
