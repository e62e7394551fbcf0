"""What perception reports per thing: objects, the gripper, the drawer."""

from __future__ import annotations

from dataclasses import dataclass

from embodia.sim import layout

Vec3 = tuple[float, float, float]


@dataclass(frozen=True)
class ObjectNode:
    """One object as perceived. When `observed` is False, `pos` is the last pose seen (None if never)."""

    name: str
    kind: str
    colour: str
    size: str
    pos: Vec3 | None
    yaw: float
    half_extents: Vec3
    observed: bool = True
    last_seen: Vec3 | None = None  # set only for unobserved objects seen before
    confidence: float = 1.0  # that the object is still where it was last seen (1 while observed)

    def to_json(self) -> dict:
        r = rounded
        return {"name": self.name, "kind": self.kind, "colour": self.colour, "size": self.size,
                "pos": r(self.pos), "yaw": round(self.yaw, 4), "half_extents": r(self.half_extents),
                "observed": self.observed, "last_seen": r(self.last_seen),
                "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class GripperState:
    gap: float  # distance between the fingers (m)
    holding: str | None = None


@dataclass(frozen=True)
class DrawerNode:
    slide: float  # how far the drawer is pulled out (m)
    observed: bool = True

    @property
    def state(self) -> str:
        return drawer_state(self.slide)


def drawer_state(slide: float) -> str:
    """'open', 'closed' or 'ajar' from the slide thresholds in layout.py."""
    if slide >= layout.DRAWER_OPEN_AT:
        return "open"
    return "closed" if slide <= layout.DRAWER_CLOSED_AT else "ajar"


def rounded(v: tuple[float, ...] | None, nd: int = 4) -> list[float] | None:
    return None if v is None else [round(float(x), nd) for x in v]
