"""Core value types shared by every layer: literals, goals, skill calls, errors.

This module imports nothing from embodia, so any layer may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

PREDICATES: dict[str, int] = {
    "on": 2,  # on(a, b): a rests on top of b
    "in": 2,  # in(a, container): a inside a bowl, bin or the drawer
    "on_table": 1,
    "loose": 1,  # an item resting on none of the table, an item or a container (tipped over, on a rim)
    "open": 1,  # open(drawer)
    "closed": 1,
    "holding": 1,
    "hand_empty": 0,
    "clear": 1,  # nothing rests on top of a
    "leans_on": 2,  # leans_on(a, b): loose item a lies partly above item b, so b is not clear
    "switched_on": 1,  # kitchen: the light or a burner's knob turned on (embodia.kitchen)
}

# Static type facts used only inside the planner's domain (never observed, never goals).
TYPE_PREDICATES: dict[str, int] = {"item": 1, "block": 1, "container": 1, "drawer": 1}


class EmbodiaError(Exception):
    """Root of every error embodia raises on purpose; its message is one user-facing line."""


def unknown(kind: str, name: str, known: list[str] | tuple[str, ...]) -> EmbodiaError:
    """Build the standard 'unknown X' error that lists the valid choices."""
    listed = ", ".join(sorted(known)) or "(none)"
    return EmbodiaError(f"unknown {kind} '{name}'; known: {listed}")


@dataclass(frozen=True, order=True)
class Literal:
    """A predicate over object names, e.g. Literal("on", ("red_block", "blue_block"))."""

    predicate: str
    args: tuple[str, ...] = ()
    positive: bool = True

    def __post_init__(self) -> None:
        arity = PREDICATES.get(self.predicate, TYPE_PREDICATES.get(self.predicate))
        if arity is None:
            raise unknown("predicate", self.predicate, list(PREDICATES))
        if len(self.args) != arity:
            raise EmbodiaError(
                f"predicate '{self.predicate}' takes {arity} argument(s), "
                f"got {len(self.args)}: {self.args}"
            )

    def negated(self) -> Literal:
        return Literal(self.predicate, self.args, not self.positive)

    def __str__(self) -> str:
        body = f"{self.predicate}({', '.join(self.args)})"
        return body if self.positive else f"not {body}"

    @staticmethod
    def parse(text: str) -> Literal:
        """Parse 'on(a, b)' or 'not on(a, b)'."""
        s = text.strip()
        positive = True
        if s.startswith("not "):
            positive, s = False, s[4:].strip()
        if "(" not in s or not s.endswith(")"):
            raise EmbodiaError(f"malformed literal '{text}'; expected e.g. 'on(red_block, blue_block)'")
        name, rest = s.split("(", 1)
        args = tuple(a.strip() for a in rest[:-1].split(",") if a.strip())
        return Literal(name.strip(), args, positive)


@dataclass(frozen=True)
class Goal:
    """Ordered stages; each stage is a conjunction of literals that must hold together."""

    stages: tuple[tuple[Literal, ...], ...]

    @property
    def literals(self) -> tuple[Literal, ...]:
        return tuple(lit for stage in self.stages for lit in stage)

    def objects(self) -> set[str]:
        return {a for lit in self.literals for a in lit.args}

    def to_json(self) -> list[list[str]]:
        return [[str(lit) for lit in stage] for stage in self.stages]

    @staticmethod
    def from_json(stages: list[list[str]]) -> Goal:
        return Goal(tuple(tuple(Literal.parse(s) for s in stage) for stage in stages))


@dataclass(frozen=True)
class SkillCall:
    """A request to run one skill; data only, validated before anything moves."""

    name: str
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.name}({', '.join(self.args)})"

    @staticmethod
    def parse(text: str) -> SkillCall:
        s = text.strip()
        if "(" not in s or not s.endswith(")"):
            raise EmbodiaError(f"malformed skill call '{text}'; expected e.g. 'pick(red_block)'")
        name, rest = s.split("(", 1)
        return SkillCall(name.strip(), tuple(a.strip() for a in rest[:-1].split(",") if a.strip()))


@dataclass(frozen=True)
class Done:
    """A brain's answer in step-wise mode when it believes the goal holds."""

    reason: str = ""
