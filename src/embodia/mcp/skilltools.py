"""Skill tools: input schemas from the skills' typed parameters (`skills.params.arguments_schema`), argument
checks against them, and tool functions whose signatures carry those parameters.

Parameters keep their skill names, except `obj`, which a tool calls `object` (pick(object), place_on(object,
target)). Every argument arrives untyped and is checked here, so a bad type, a missing or an unexpected argument
is one line naming the argument and what is valid, never a validation dump.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import jsonschema

from embodia.skills.base import Skill
from embodia.skills.params import arguments_schema, from_json
from embodia.types import SkillCall

RENAMED = {"obj": "object"}  # skill parameter -> tool argument
UNSET = None  # what an argument the client left out arrives as


def arg_name(param: str) -> str:
    return RENAMED.get(param, param)


def input_schema(skill: Skill) -> dict[str, Any]:
    """The tool's JSON Schema: the skill's argument schema (no scene: any object name), renamed."""
    schema = arguments_schema(skill)
    schema["properties"] = {arg_name(k): v for k, v in schema["properties"].items()}
    schema["required"] = [arg_name(k) for k in schema["required"]]
    return schema


def description(skill: Skill) -> str:
    args = "; ".join(f"{arg_name(p.name)}: {p.explain()}" for p in skill.params)
    return (f"{skill.description}{' Arguments: ' + args + '.' if args else ''} Checked by the safety layer "
            "(known objects of the right kinds, workspace box, preconditions) before the arm moves; returns the "
            "verified effects or a typed failure.")


def to_call(skill: Skill, arguments: Mapping[str, Any]) -> SkillCall:
    """Client arguments -> a skill call; raises ValueError with one line when they do not fit the schema."""
    given = {k: v for k, v in arguments.items() if v is not UNSET}
    schema = input_schema(skill)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(given), key=lambda e: list(e.path))
    if errors:
        raise ValueError(_explain(skill, schema, errors[0]))
    plain = {p.name: given[arg_name(p.name)] for p in skill.params}
    return SkillCall(skill.name, from_json(skill, plain))


def _explain(skill: Skill, schema: dict[str, Any], error: jsonschema.ValidationError) -> str:
    if error.validator in ("required", "additionalProperties"):
        return f"{error.message}; arguments: {', '.join(schema['properties']) or 'none'}"
    arg = str(error.path[0]) if error.path else "arguments"
    want = schema["properties"].get(arg, {}).get("description", "")
    return f"argument '{arg}': {error.message}" + (f"; valid: {want}" if want else "")


def tool_function(skill: Skill, handler: Callable[..., Awaitable[Any]], context_type: type,
                  extra: Mapping[str, Any] | None = None) -> Callable[..., Awaitable[Any]]:
    """An async function with one keyword argument per skill parameter (plus `ctx: context_type` and any `extra`
    annotated parameters, e.g. a resolver's), calling `handler(skill, arguments, ctx, **extra)`."""
    names = [arg_name(p.name) for p in skill.params]

    async def tool(**kwargs: Any) -> Any:
        ctx = kwargs.pop("ctx")
        extras = {k: kwargs.pop(k) for k in list(extra or {})}
        return await handler(skill, kwargs, ctx, **extras)

    annotations: dict[str, Any] = {n: Any for n in names}
    annotations["ctx"] = context_type
    annotations.update(extra or {})
    params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=UNSET, annotation=Any) for n in names]
    params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a) for n, a in annotations.items()
               if n not in names]
    tool.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    tool.__annotations__ = annotations
    tool.__name__ = tool.__qualname__ = skill.name
    return tool


def resolver_function(skill: Skill, ask: Callable[[Skill, dict[str, Any]], Awaitable[Any]],
                      returns: Any) -> Callable[..., Awaitable[Any]]:
    """A resolver reading the tool's arguments by name and calling `ask(skill, arguments)`."""
    names = [arg_name(p.name) for p in skill.params]

    async def resolve(**kwargs: Any) -> Any:
        return await ask(skill, kwargs)

    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=UNSET, annotation=Any) for n in names])
    resolve.__annotations__ = {**{n: Any for n in names}, "return": returns}
    resolve.__name__ = resolve.__qualname__ = f"confirm_{skill.name}"
    return resolve

