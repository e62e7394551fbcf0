"""JSON out of model replies, validated against the output schema with `jsonschema`.

Errors are one line naming the path, what was found and what is valid, so a model can repair its reply.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

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


def _listed(values: list[Any], limit: int = 12) -> str:
    shown = ", ".join(json.dumps(v) for v in values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def _path(err: ValidationError) -> str:
    return "/".join(["$", *(str(p) for p in err.absolute_path)])


def _line(err: ValidationError) -> str:
    """One error (not an anyOf) as one line."""
    path, v, kind, want = _path(err), err.instance, err.validator, err.validator_value
    if kind == "const":
        return f"{path}: got {json.dumps(v)}, expected {json.dumps(want)}"
    if kind == "enum":
        return f"{path}: unknown value {json.dumps(v)}; valid: {_listed(list(want))}"
    if kind == "type":
        return f"{path}: expected {want}, got {type(v).__name__} {json.dumps(v)[:40]}"
    if kind == "required":
        missing = next(k for k in want if k not in v)
        return f"{path}: missing required key '{missing}'"
    if kind == "additionalProperties":
        extra = sorted(set(v) - set(err.schema.get("properties", {})))
        return f"{path}: unexpected key '{extra[0]}'; valid: {', '.join(err.schema.get('properties', {}))}"
    if kind == "minItems":
        return f"{path}: {len(v)} item(s), at least {want} needed"
    if kind == "maxItems":
        return f"{path}: {len(v)} item(s), at most {want} allowed"
    return f"{path}: {err.message.splitlines()[0][:200]}"


def _best(errors: list[str]) -> str:
    """The most telling of several errors: not a const miss if there is another, then the deepest, enum misses
    first."""
    other = [e for e in errors if not (": got " in e and ", expected " in e)]
    return min(other or errors, key=lambda e: (-e.count("/"), "unknown value" not in e, len(e)))


def _tags(schema: dict) -> dict[str, Any]:
    """An alternative's tag: its properties fixed by a const (e.g. {"skill": "pick"})."""
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return {k: v["const"] for k, v in props.items() if isinstance(v, dict) and "const" in v}


def _explain(err: ValidationError) -> str:
    if err.validator != "anyOf" or not err.context:
        return _line(err)
    groups: dict[int, list[ValidationError]] = {}
    for sub in err.context:
        groups.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    inst, tags = err.instance, {i: _tags(err.validator_value[i]) for i in groups}
    meant = [i for i in groups if not tags[i] or (isinstance(inst, dict) and all(
        k in inst and inst[k] == v for k, v in tags[i].items()))]
    if meant:  # the alternatives whose tag matches (or that have none) say what is wrong
        return _best([_explain(groups[i][0]) for i in meant])
    keys = [k for t in tags.values() for k in t if isinstance(inst, dict) and k in inst]
    if keys:  # no alternative has this tag: name it and the valid ones
        key = max(set(keys), key=keys.count)
        valid = ", ".join(json.dumps(t[key]) for t in tags.values() if key in t)
        return f"{_path(err)}/{key}: got {json.dumps(inst[key])}; valid: {valid}"
    return _best([_explain(g[0]) for g in groups.values()])


def validate(value: Any, schema: dict) -> str | None:
    """None if `value` satisfies `schema`, else a one-line error."""
    err = next(Draft202012Validator(schema).iter_errors(value), None)
    return None if err is None else _explain(err)


def parse_and_validate(text: str, schema: dict | None) -> tuple[Any, str | None]:
    """(data, None) when the text holds JSON valid under `schema`; (None, error) otherwise."""
    try:
        data = extract_json(text)
    except ValueError as exc:
        return None, str(exc)
    if schema is not None and (err := validate(data, schema)):
        return None, err
    return data, None
