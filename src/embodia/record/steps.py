"""Typed step records: the one stream the episode loop yields and every consumer reads
(terminal output, trace.jsonl, summaries, benchmarks)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def _plain(v: Any) -> Any:
    """Dataclasses (also inside tuples and lists) as dicts, for JSON."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return dataclasses.asdict(v)
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    return v


@dataclass(frozen=True)
class ModelCall:
    """One request to a model backend, as recorded (never holds credentials)."""

    request: Any
    reply: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0


@dataclass(frozen=True)
class Record:
    wall_s: float  # seconds since the episode started
    sim_s: float  # simulated seconds since the episode started

    @property
    def type(self) -> str:
        return type(self).__name__

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            out[f.name] = _plain(getattr(self, f.name))
        return out


@dataclass(frozen=True)
class Grounded(Record):
    instruction: str
    goal: list[list[str]]
    brain: str
    seconds: float
    model_calls: tuple[ModelCall, ...] = ()


@dataclass(frozen=True)
class Planned(Record):
    steps: list[str]
    seconds: float
    model_calls: tuple[ModelCall, ...] = ()


@dataclass(frozen=True)
class SkillStarted(Record):
    index: int
    call: str
    attempt: int = 0  # earlier failures of skills on the same item (agent.recovery)
    variation: str = ""  # how this attempt differs from the plain skill ("" = not varied)


@dataclass(frozen=True)
class SkillFinished(Record):
    index: int
    call: str
    ok: bool
    reason: str | None
    detail: str
    sim_seconds: float


@dataclass(frozen=True)
class Verified(Record):
    call: str
    ok: bool
    mismatches: list[str]  # expected literals that do not hold, and surprises
    progress: dict[str, Any] = field(default_factory=dict)
    relooked: bool = False  # a mismatch after a successful skill made the agent look again
    perception: dict[str, Any] = field(default_factory=dict)  # against the simulator: agree, missed, false


@dataclass(frozen=True)
class Disturbed(Record):
    kind: str
    description: str


@dataclass(frozen=True)
class Replanned(Record):
    reason: str
    attempt: int


@dataclass(frozen=True)
class Recovered(Record):
    """After a failed call: what recovery did before the replan, and how the next attempt will vary."""

    call: str  # the call that failed
    attempt: int  # failures so far on the same item
    steps: list[str]  # recovery skills run (put the held item down, re-seat the base)
    ok: bool  # every recovery step succeeded
    variation: dict[str, Any] = field(default_factory=dict)  # skills.variation.Variation.to_json of the next try


@dataclass(frozen=True)
class Rejected(Record):
    call: str
    reason: str
    source: str  # "safety", "parser", "planner", "model"


@dataclass(frozen=True)
class EpisodeEnded(Record):
    success: bool
    failure: str | None
    summary: dict[str, Any]


RECORD_TYPES = (Grounded, Planned, SkillStarted, SkillFinished, Verified, Disturbed, Replanned, Recovered, Rejected,
                EpisodeEnded)
