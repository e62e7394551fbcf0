"""Typed skill parameters: the one source for argument checks, JSON schemas and help text.

Every skill declares `params`, a tuple of these (in the spirit of smolagents' `Tool.inputs`):
- `ObjectParam`: an object of the scene of given kinds (and optionally named non-object targets);
- `ChoiceParam`: one of a fixed set of words;
- `RangeParam`: a number within [low, high] in a stated unit.
Skill call arguments are strings (`SkillCall.args`); JSON values are converted by `from_json`.
The safety layer, the model brains' output schemas, the CLI help and MCP tool schemas derive from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS

Objects = Mapping[str, "str | None"]  # the scene's objects: name -> kind (None: unknown, fits any kind)

TABLE = "table"  # the symbolic pseudo-object every table target stands for in the STRIPS schemas
TABLE_REGIONS = ("left", "right", "front", "back")  # left = the robot's left (+y), front = near the robot
TABLE_TARGETS = (TABLE, *(f"{TABLE}:{r}" for r in TABLE_REGIONS))  # place_on targets besides blocks
# Push directions in the robot's frame: forward = away from the robot (+x), left = +y.
DIRECTIONS: dict[str, tuple[float, float]] = {
    "left": (0.0, 1.0), "right": (0.0, -1.0), "forward": (1.0, 0.0), "back": (-1.0, 0.0)}
PUSH_MIN_M, PUSH_MAX_M = 0.01, 0.25  # push distance range (m): what the push skill can do reliably


def _listed(values: Iterable[str]) -> str:
    return ", ".join(values) or "(none)"


def _either(values: Iterable[str]) -> str:
    v = list(values)
    return v[0] if len(v) == 1 else f"{', '.join(v[:-1])} or {v[-1]}"


@dataclass(frozen=True)
class Param:
    """One named argument. `check` returns None when `value` is valid, else a one-line reason."""

    name: str
    description: str

    def check(self, value: str, objects: Objects) -> str | None:
        raise NotImplementedError

    def json_schema(self, objects: Objects) -> dict[str, Any]:
        raise NotImplementedError

    def from_json(self, value: Any) -> str:
        """A validated JSON value -> the skill call's argument text."""
        return str(value)

    def symbol(self, value: str) -> str:
        """The argument as the STRIPS schemas name it (identity except for table targets)."""
        return value

    def explain(self) -> str:
        """What a valid value is, in words (for help texts and JSON Schema descriptions)."""
        return self.description

    def describe(self) -> str:
        return f"{self.name}: {self.explain()}"


@dataclass(frozen=True)
class ObjectParam(Param):
    """An object of one of `kinds`, or one of the named `targets` (which stand for `target_symbol`)."""

    kinds: tuple[str, ...]
    noun: str  # what a valid value is, e.g. "graspable item"
    targets: tuple[str, ...] = ()
    target_symbol: str = ""

    def choices(self, objects: Objects) -> list[str]:
        """Valid values in this scene: the named targets, then matching objects by name."""
        return [*self.targets, *sorted(n for n, k in objects.items() if k is None or k in self.kinds)]

    def check(self, value: str, objects: Objects) -> str | None:
        if value in self.targets:
            return None
        if value not in objects:
            if self.targets and value.startswith(f"{TABLE}:"):
                return f"unknown {self.noun} '{value}'; known: {_listed(self.choices(objects))}"
            return f"unknown object '{value}'; known: {_listed(sorted(objects))}"
        if objects[value] is not None and objects[value] not in self.kinds:
            return (f"'{value}' is a {objects[value]}, not a {self.noun}; "
                    f"{self.noun}s: {_listed(self.choices(objects))}")
        return None

    def json_schema(self, objects: Objects) -> dict[str, Any]:
        return {"type": "string", "enum": self.choices(objects)}

    def symbol(self, value: str) -> str:
        return self.target_symbol if value in self.targets else value

    def explain(self) -> str:
        also = f", or {_either(self.targets)}" if self.targets else ""
        return f"{self.description}: a {_either(self.kinds)}{also}"


@dataclass(frozen=True)
class ChoiceParam(Param):
    """One word of `choices`."""

    choices: tuple[str, ...]

    def check(self, value: str, objects: Objects) -> str | None:
        if value in self.choices:
            return None
        return f"unknown {self.name} '{value}'; known: {_listed(self.choices)}"

    def json_schema(self, objects: Objects) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices)}

    def explain(self) -> str:
        return f"{self.description}: {_either(self.choices)}"


@dataclass(frozen=True)
class RangeParam(Param):
    """A number in [low, high] `unit`; the text may carry the unit's symbol ('0.1' or '0.1m')."""

    low: float
    high: float
    unit: str  # e.g. "m"

    def parse(self, value: str) -> float:
        """The number in range; raises ValueError with the one-line reason otherwise."""
        try:
            x = float(str(value).strip().removesuffix(self.unit).strip())
        except ValueError:
            raise ValueError(f"{self.name} '{value}' is not a number ({self.unit}, {self.low:g} to {self.high:g})") \
                from None
        if not self.low <= x <= self.high:
            raise ValueError(f"{self.name} {x:g} {self.unit} outside {self.low:g} to {self.high:g} {self.unit}")
        return x

    def check(self, value: str, objects: Objects) -> str | None:
        try:
            self.parse(value)
        except ValueError as e:
            return str(e)
        return None

    def json_schema(self, objects: Objects) -> dict[str, Any]:
        return {"type": "number", "minimum": self.low, "maximum": self.high}

    def from_json(self, value: Any) -> str:
        return f"{float(value):g}"

    def explain(self) -> str:
        return f"{self.description}: {self.low:g} to {self.high:g} {self.unit}"


# The parameter kinds the skills share.
ITEM = ObjectParam("obj", "the item", ITEM_KINDS, "graspable item")
CONTAINER = ObjectParam("container", "where to put the held item", (*CONTAINER_KINDS, "drawer"), "container")
DRAWER = ObjectParam("drawer", "the drawer", ("drawer",), "drawer")
PLACE_TARGET = ObjectParam("target", "where to put the held item (table:<region> = a free spot in that part)",
                           ("block",), "place_on target", TABLE_TARGETS, TABLE)
DIRECTION = ChoiceParam("direction", "the direction in the robot's frame (forward = away from it)", tuple(DIRECTIONS))
PUSH_DISTANCE = RangeParam("distance", "how far to slide it", PUSH_MIN_M, PUSH_MAX_M, "m")


class HasParams(Protocol):
    name: str
    params: tuple[Param, ...]


def check_args(skill: HasParams, args: tuple[str, ...], objects: Objects) -> str | None:
    """None when `args` fit the skill's parameters in a scene with `objects`, else the first problem."""
    if len(args) != len(skill.params):
        names = ", ".join(p.name for p in skill.params)
        return f"{skill.name} takes {len(skill.params)} argument(s) ({names}), got {len(args)}: {tuple(args)}"
    for param, arg in zip(skill.params, args):
        why = param.check(arg, objects)
        if why:
            return why
    return None


def symbolic_args(skill: HasParams, args: tuple[str, ...]) -> tuple[str, ...]:
    """The arguments as the STRIPS schemas name them (e.g. 'table:left' -> 'table')."""
    return tuple(p.symbol(a) for p, a in zip(skill.params, args)) + tuple(args[len(skill.params):])


def arguments_schema(skill: HasParams, objects: Objects | Iterable[str] | None = None) -> dict[str, Any]:
    """JSON Schema of one skill's arguments (an object keyed by parameter name) in a scene, each with a
    description. `objects` maps name -> kind (object parameters then list only objects of their kinds),
    or is just the names (object parameters then list every name); None: no scene (any object name)."""
    kinds = None if objects is None else scene_kinds(objects)
    props = {p.name: {**(p.json_schema(kinds) if kinds is not None or not isinstance(p, ObjectParam)
                         else {"type": "string"}), "description": p.explain()} for p in skill.params}
    return {"type": "object", "properties": props, "required": [p.name for p in skill.params],
            "additionalProperties": False}


def scene_kinds(objects: Objects | Iterable[str]) -> Objects:
    """name -> kind; bare names get kind None (accepted by every object parameter)."""
    if isinstance(objects, Mapping):
        return objects
    return {n: None for n in objects}


def from_json(skill: HasParams, args: Mapping[str, Any]) -> tuple[str, ...]:
    """Arguments validated against `arguments_schema` -> the skill call's argument texts, in order."""
    return tuple(p.from_json(args[p.name]) for p in skill.params)


def signature(skill: HasParams) -> str:
    """e.g. 'push(obj, direction, distance)'."""
    return f"{skill.name}({', '.join(p.name for p in skill.params)})"
