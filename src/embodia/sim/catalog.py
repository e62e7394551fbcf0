"""The typed object catalogue: kinds, colours, sizes and stable names."""

from __future__ import annotations

from dataclasses import dataclass

from embodia.types import EmbodiaError, unknown

COLOURS: dict[str, tuple[float, float, float]] = {
    "red": (0.85, 0.12, 0.10),
    "green": (0.15, 0.70, 0.20),
    "blue": (0.12, 0.30, 0.90),
    "yellow": (0.95, 0.85, 0.10),
    "purple": (0.55, 0.20, 0.75),
    "orange": (1.00, 0.50, 0.05),
    "white": (0.92, 0.92, 0.92),
    "black": (0.08, 0.08, 0.08),
}
SIZES = ("small", "large")
# Kinds the arm can grasp, kinds that hold things, and the fixed cabinet drawer.
ITEM_KINDS = ("block", "cylinder")
CONTAINER_KINDS = ("bowl", "bin")
KINDS = ITEM_KINDS + CONTAINER_KINDS + ("drawer",)

# Half extents (m). Blocks are cubes; cylinders are (radius, radius, half height).
BLOCK_HALF = {"small": 0.020, "large": 0.025}
CYLINDER_HALF = {"small": (0.018, 0.025), "large": (0.022, 0.030)}
BOWL_RADIUS = {"small": 0.065, "large": 0.095}
BIN_HALF = {"small": (0.075, 0.075), "large": (0.090, 0.090)}
CONTAINER_WALL_HEIGHT = {"bowl": 0.045, "bin": 0.06}
CONTAINER_WALL = 0.012  # m, wall thickness of bowls and bins
CONTAINER_FLOOR = 0.008  # m, floor thickness of bowls and bins
CAPACITY = {"bowl": 3, "bin": 4, "drawer": 3}  # drawer: free drop spots in its open part


@dataclass(frozen=True)
class ObjectSpec:
    """One object requested in a scene. `name` is filled in by `assign_names`."""

    kind: str
    colour: str = "white"
    size: str = "small"
    name: str = ""
    scale: float = 1.0  # every dimension times this (the SO-101's scene uses smaller things)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise unknown("object kind", self.kind, list(KINDS))
        if self.colour not in COLOURS:
            raise unknown("colour", self.colour, list(COLOURS))
        if self.size not in SIZES:
            raise unknown("size", self.size, list(SIZES))

    @property
    def is_item(self) -> bool:
        return self.kind in ITEM_KINDS

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINER_KINDS or self.kind == "drawer"

    def half_extents(self) -> tuple[float, float, float]:
        """Axis-aligned half extents of the object's outer box (x, y, z)."""
        x, y, z = self._unscaled()
        return (x * self.scale, y * self.scale, z * self.scale)

    def _unscaled(self) -> tuple[float, float, float]:
        if self.kind == "block":
            h = BLOCK_HALF[self.size]
            return (h, h, h)
        if self.kind == "cylinder":
            r, hz = CYLINDER_HALF[self.size]
            return (r, r, hz)
        if self.kind == "bowl":
            r = BOWL_RADIUS[self.size]
            return (r, r, CONTAINER_WALL_HEIGHT["bowl"] / 2)
        if self.kind == "bin":
            hx, hy = BIN_HALF[self.size]
            return (hx, hy, CONTAINER_WALL_HEIGHT["bin"] / 2)
        return (0.0, 0.0, 0.0)  # drawer: fixed cabinet, sized by the world


def assign_names(specs: list[ObjectSpec]) -> list[ObjectSpec]:
    """Give each spec a stable unique name: `red_block`, or `small_red_block` when colours repeat."""
    from dataclasses import replace

    counts: dict[tuple[str, str], int] = {}
    for s in specs:
        counts[(s.colour, s.kind)] = counts.get((s.colour, s.kind), 0) + 1
    seen: set[str] = set()
    named: list[ObjectSpec] = []
    for s in specs:
        if s.kind == "drawer":
            base = "drawer"
        elif s.name:
            base = s.name
        elif counts[(s.colour, s.kind)] > 1:
            base = f"{s.size}_{s.colour}_{s.kind}"
        else:
            base = f"{s.colour}_{s.kind}"
        if base in seen:
            raise EmbodiaError(f"duplicate object '{base}' in scene request; vary colour, size or kind")
        seen.add(base)
        named.append(replace(s, name=base))
    return named
