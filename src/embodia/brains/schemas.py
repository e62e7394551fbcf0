"""Output schemas for model brains, built per scene: enums of the scene's object names, the predicates
and the skills, so that an invalid reference cannot be produced where the server enforces the schema and
is caught by validation where it does not. Also the conversions from validated JSON to Goal / SkillCall."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from embodia.perception.graph import SceneGraph
from embodia.planning.agenda import ARG_KINDS
from embodia.skills import SKILLS
from embodia.skills.params import ObjectParam, Param, RangeParam
from embodia.types import PREDICATES, Done, EmbodiaError, Goal, Literal, SkillCall

MAX_STAGES, MAX_LITERALS, MAX_STEPS = 4, 6, 40
Resolver = Callable[[Any], str]  # object reference (name, or point/box) -> object name


def _pointers() -> list[dict]:
    """An object pointed at in an image: a point or a box."""
    nums = {"type": "array", "items": {"type": "number"}}
    point = {"type": "object", "properties": {"point_2d": {**nums, "minItems": 2, "maxItems": 2}},
             "required": ["point_2d"], "additionalProperties": False}
    box = {"type": "object", "properties": {"bbox_2d": {**nums, "minItems": 4, "maxItems": 4}},
           "required": ["bbox_2d"], "additionalProperties": False}
    return [point, box]


def _obj(names: list[str], pointing: bool) -> dict:
    by_name: dict = {"type": "string", "enum": names}
    return {"anyOf": [by_name, *_pointers()]} if pointing else by_name


def goal_schema(scene: SceneGraph, pointing: bool = False) -> dict:
    obj = _obj(scene.names, pointing)
    literals = [{"type": "object", "properties": {
        "predicate": {"type": "string", "const": p},
        "args": {"type": "array", "items": obj, "minItems": n, "maxItems": n}},
        "required": ["predicate", "args"], "additionalProperties": False}
        for p, n in PREDICATES.items() if p in ARG_KINDS]
    stage = {"type": "array", "items": {"anyOf": literals}, "minItems": 1, "maxItems": MAX_LITERALS}
    return {"type": "object", "properties": {"stages": {"type": "array", "items": stage, "minItems": 1,
                                                         "maxItems": MAX_STAGES}},
            "required": ["stages"], "additionalProperties": False}


def _param(param: Param, kinds: dict[str, str], pointing: bool) -> dict:
    """The parameter's own JSON schema; an object may also be pointed at (a point or a box in an image).
    Numbers go without bounds (not every server's structured output supports them); safety checks the range."""
    if isinstance(param, RangeParam):
        return {"type": "number"}
    schema = param.json_schema(kinds)
    return {"anyOf": [schema, *_pointers()]} if isinstance(param, ObjectParam) and pointing else schema


def _skill_alternatives(scene: SceneGraph, pointing: bool) -> list[dict]:
    """One alternative per skill callable in this scene (each object parameter has a valid choice)."""
    out = []
    kinds = scene.kinds()
    for name, skill in SKILLS.items():
        if any(isinstance(p, ObjectParam) and not p.choices(kinds) for p in skill.params):
            continue
        args = {"type": "object", "properties": {p.name: _param(p, kinds, pointing) for p in skill.params},
                "required": [p.name for p in skill.params], "additionalProperties": False}
        out.append({"type": "object", "properties": {"skill": {"type": "string", "const": name}, "args": args},
                    "required": ["skill", "args"], "additionalProperties": False})
    return out


def step_schema(scene: SceneGraph, pointing: bool = False) -> dict:
    done = {"type": "object", "properties": {"done": {"type": "boolean", "const": True},
                                             "reason": {"type": "string"}},
            "required": ["done"], "additionalProperties": False}
    return {"type": "object", "properties": {"next": {"anyOf": [*_skill_alternatives(scene, pointing), done]}},
            "required": ["next"], "additionalProperties": False}


def plan_schema(scene: SceneGraph, pointing: bool = False) -> dict:
    steps = {"type": "array", "items": {"anyOf": _skill_alternatives(scene, pointing)}, "maxItems": MAX_STEPS}
    return {"type": "object", "properties": {"steps": steps}, "required": ["steps"], "additionalProperties": False}


def _name(ref: Any, resolve: Resolver | None) -> str:
    if isinstance(ref, str):
        return ref
    if resolve is None:
        raise EmbodiaError(f"object reference {ref!r} must be an object name")
    return resolve(ref)


def to_goal(data: dict, resolve: Resolver | None = None) -> Goal:
    """Validated goal JSON -> Goal (raises EmbodiaError on bad arity or unresolvable references)."""
    stages = []
    for stage in data["stages"]:
        lits = tuple(dict.fromkeys(Literal(lit["predicate"], tuple(_name(a, resolve) for a in lit["args"]))
                                   for lit in stage))
        stages.append(lits)
    return Goal(tuple(stages))


def to_call(step: dict, resolve: Resolver | None = None) -> SkillCall:
    skill = SKILLS.get(step["skill"])
    if skill is None:
        raise EmbodiaError(f"unknown skill '{step['skill']}'; known: {', '.join(sorted(SKILLS))}")
    args = []
    for p in skill.params:
        v = step["args"][p.name]
        is_ref = isinstance(p, ObjectParam) and v not in p.targets
        args.append(_name(v, resolve) if is_ref else p.from_json(v))
    return SkillCall(skill.name, tuple(args))


def to_decision(data: dict, resolve: Resolver | None = None) -> SkillCall | Done:
    nxt = data["next"]
    if "done" in nxt:
        return Done(str(nxt.get("reason", "")))
    return to_call(nxt, resolve)


def to_plan(data: dict, resolve: Resolver | None = None) -> list[SkillCall]:
    return [to_call(s, resolve) for s in data["steps"]]
