"""The scene graph: perceived objects, gripper and drawer, and the predicate atoms true over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from embodia.perception.nodes import DrawerNode, GripperState, ObjectNode
from embodia.perception.relations import relations
from embodia.types import PREDICATES, EmbodiaError, Literal, unknown


@dataclass(frozen=True)
class SceneGraph:
    """Objects sorted by name, the gripper, the drawer (None if the scene has none) and the atoms
    carried over for objects not observed now (their last known relations)."""

    objects: tuple[ObjectNode, ...]
    gripper: GripperState
    drawer: DrawerNode | None = None
    carried: frozenset[Literal] = frozenset()
    source: str = ""
    time: float = 0.0
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.objects, key=lambda n: n.name))
        object.__setattr__(self, "objects", ordered)
        self._index.update({n.name: n for n in ordered})

    @property
    def names(self) -> list[str]:
        return [n.name for n in self.objects]

    def kinds(self) -> dict[str, str]:
        return {n.name: n.kind for n in self.objects}

    def object(self, name: str) -> ObjectNode:
        if name not in self._index:
            raise unknown("object", name, self.names)
        return self._index[name]

    @property
    def observed(self) -> list[str]:
        return [n.name for n in self.objects if n.observed]

    def poses(self) -> dict[str, tuple[tuple[float, float, float], float]]:
        """Each object's perceived centre and yaw, for the skills to aim at (skills.aim): as seen now, or where
        last seen (never-seen objects have none)."""
        return {n.name: (n.pos, n.yaw) for n in self.objects if n.pos is not None}

    @cached_property
    def _facts(self) -> frozenset[Literal]:
        return relations(self.objects, self.gripper, self.drawer, self.carried)

    def facts(self) -> frozenset[Literal]:
        """All true positive atoms (closed world)."""
        return self._facts

    def holds(self, lit: Literal | str) -> bool:
        """Whether a literal holds; a negative literal holds when its atom is absent."""
        if isinstance(lit, str):
            lit = Literal.parse(lit)
        if lit.predicate not in PREDICATES:
            raise EmbodiaError(f"predicate '{lit.predicate}' is not observable; known: {', '.join(sorted(PREDICATES))}")
        for a in lit.args:
            self.object(a)
        atom = lit if lit.positive else lit.negated()
        return (atom in self._facts) == lit.positive

    def sorted_facts(self) -> list[str]:
        return sorted(str(f) for f in self._facts)

    def to_json(self) -> dict:
        return {
            "source": self.source, "time": round(self.time, 4),
            "objects": [n.to_json() for n in self.objects],
            "gripper": {"gap": round(self.gripper.gap, 4), "holding": self.gripper.holding},
            "drawer": None if self.drawer is None else {
                "slide": round(self.drawer.slide, 4), "state": self.drawer.state, "observed": self.drawer.observed},
            "facts": self.sorted_facts(),
        }

    def to_prompt(self) -> str:
        """Compact, deterministic text for a model prompt (positions in metres, centre of each object)."""
        lines = ["objects:"]
        for n in self.objects:
            if n.kind == "drawer":
                continue
            where = "not visible" if n.pos is None else "at ({:.3f}, {:.3f}, {:.3f})".format(*n.pos)
            if not n.observed and n.pos is not None:
                where = f"not visible, last seen {where} (confidence {n.confidence:.2f})"
            lines.append(f"- {n.name}: {n.size} {n.colour} {n.kind}, {where}")
        if self.drawer is not None:
            lines.append(f"drawer: {self.drawer.state} (pulled out {self.drawer.slide:.3f})")
        held = self.gripper.holding or "nothing"
        lines.append(f"gripper: holding {held} (finger gap {self.gripper.gap:.3f})")
        lines.append("facts: " + ", ".join(self.sorted_facts()))
        return "\n".join(lines)
