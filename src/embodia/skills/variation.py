"""How a retried skill changes its approach: another grasp yaw, a small placement offset, a gentler lowering.

The episode's recovery (agent.recovery) picks one per attempt of a call and runs the skill inside `varied(v)`;
the skills read `current()`. Outside a recovery it is `NONE`, and the skills behave exactly as written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class Variation:
    attempt: int = 0  # how many times this call failed before
    grasp_turn: int = 0  # face steps added to the grasp yaw (90 deg for blocks, 45 deg for round items)
    diagonal: bool = False  # a block is gripped across its corners (wide open; the squeeze turns it square)
    place_offset: tuple[float, float] = (0.0, 0.0)  # m, added to where a held item is put on a block
    lower_speed: float = 1.0  # scale of the final lowering speed when placing

    def describe(self) -> str:
        parts = []
        if self.grasp_turn:
            parts.append(f"grasp turned {self.grasp_turn:+d} face")
        if self.diagonal:
            parts.append("a block gripped across its corners")
        if any(self.place_offset):
            dx, dy = (round(v * 1000) for v in self.place_offset)
            parts.append(f"placement offset ({dx:+d}, {dy:+d}) mm")
        if self.lower_speed != 1.0:
            parts.append(f"lowering at {self.lower_speed:.0%} speed")
        return ", ".join(parts) or "as planned"

    def to_json(self) -> dict:
        return {**asdict(self), "description": self.describe()}


NONE = Variation()
# Attempt k of a call (k failures before it) uses SCHEDULE[k]; past the end the last one repeats.
SCHEDULE = (
    NONE,
    Variation(1, grasp_turn=1, lower_speed=0.6),
    Variation(2, grasp_turn=-1, diagonal=True, place_offset=(0.004, -0.004), lower_speed=0.6),
    Variation(3, grasp_turn=2, place_offset=(-0.004, 0.004), lower_speed=0.5),
)

_CURRENT: ContextVar[Variation] = ContextVar("skill_variation", default=NONE)


def for_attempt(attempt: int) -> Variation:
    v = SCHEDULE[min(attempt, len(SCHEDULE) - 1)]
    return v if v.attempt == attempt else replace(v, attempt=attempt)


def current() -> Variation:
    """The variation the running skill should apply."""
    return _CURRENT.get()


@contextmanager
def varied(variation: Variation) -> Iterator[Variation]:
    """Run skills inside this block with `variation`."""
    token = _CURRENT.set(variation)
    try:
        yield variation
    finally:
        _CURRENT.reset(token)
