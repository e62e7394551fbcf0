"""JSON out of model text, and a small JSON-schema validator for the subset our schemas use.

Supported keywords: type, enum, const, properties, required, additionalProperties (bool), items,
minItems, maxItems, anyOf. Errors are one line naming the path, what was found and what is valid.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def extract_json(text: str) -> Any:
    """The first JSON object or array in `text` (bare, in a ``` fence, or inside prose).

    Raises ValueError with a one-line reason when there is none.
    """
    s = text.strip()
    if not s:
        raise ValueError("the reply is empty; answer with one JSON object")
    candidates = [s, *(m.strip() for m in _FENCE.findall(s))]
    for c in candidates:
        try:
            return json.loads(c)
        except json.JSONDecodeError:
            pass
    dec = json.JSONDecoder()
    for i, ch in enumerate(s):
        if ch in "{[":
            try:
                return dec.raw_decode(s, i)[0]
            except json.JSONDecodeError:
                continue
    short = s if len(s) <= 80 else s[:77] + "..."
    raise ValueError(f"the reply holds no JSON object: {short!r}; answer with one JSON object only")


def _is_type(value: Any, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def _listed(values: list[Any], limit: int = 12) -> str:
    shown = ", ".join(json.dumps(v) for v in values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def _best(errors: list[str]) -> str:
    """The most telling error of a failed anyOf: the deepest, preferring enum misses over type misses."""
    consts = [e for e in errors if ": got " in e and ", expected " in e]
    if len(consts) == len(errors) and len({e.split(":")[0] for e in errors}) == 1:
        wanted = [e.rsplit(", expected ", 1)[1] for e in errors]  # one key with a const per alternative
        return f"{errors[0].split(', expected ')[0]}; valid: {', '.join(wanted)}"
    return min(errors, key=lambda e: (-e.count("/"), "unknown value" not in e, len(e)))


def validate(value: Any, schema: dict, path: str = "$") -> str | None:
    """None if `value` satisfies `schema`, else a one-line error."""
    if "anyOf" in schema:
        errors = [validate(value, sub, path) for sub in schema["anyOf"]]
        return _best(errors) if all(errors) else None
    if "const" in schema and value != schema["const"]:
        return f"{path}: got {json.dumps(value)}, expected {json.dumps(schema['const'])}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{path}: unknown value {json.dumps(value)}; valid: {_listed(schema['enum'])}"
    kind = schema.get("type")
    if kind is not None and not _is_type(value, kind):
        return f"{path}: expected {kind}, got {type(value).__name__} {json.dumps(value)[:40]}"
    if isinstance(value, dict):
        return _validate_object(value, schema, path)
    if isinstance(value, list):
        return _validate_array(value, schema, path)
    return None


def _validate_object(value: dict, schema: dict, path: str) -> str | None:
    props = schema.get("properties", {})
    for key in schema.get("required", ()):
        if key not in value:
            return f"{path}: missing required key '{key}'"
    if schema.get("additionalProperties") is False:
        extra = sorted(set(value) - set(props))
        if extra:
            return f"{path}: unexpected key '{extra[0]}'; valid: {', '.join(props)}"
    for key, sub in props.items():
        if key in value and (err := validate(value[key], sub, f"{path}/{key}")):
            return err
    return None


def _validate_array(value: list, schema: dict, path: str) -> str | None:
    lo, hi = schema.get("minItems"), schema.get("maxItems")
    if lo is not None and len(value) < lo:
        return f"{path}: {len(value)} item(s), at least {lo} needed"
    if hi is not None and len(value) > hi:
        return f"{path}: {len(value)} item(s), at most {hi} allowed"
    items = schema.get("items")
    if items:
        for i, v in enumerate(value):
            if err := validate(v, items, f"{path}/{i}"):
                return err
    return None


def parse_and_validate(text: str, schema: dict | None) -> tuple[Any, str | None]:
    """(data, None) when the text holds JSON valid under `schema`; (None, error) otherwise."""
    try:
        data = extract_json(text)
    except ValueError as exc:
        return None, str(exc)
    if schema is not None and (err := validate(data, schema)):
        return None, err
    return data, None
