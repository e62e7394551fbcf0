"""Stage builders: each picks objects from a symbolic state, returns goal stages and an English
sentence, and advances the state as if the stage were done. Families and chains compose them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from embodia.sim.catalog import CAPACITY, ObjectSpec
from embodia.types import Literal

Stages = list[list[Literal]]


def on(a: str, b: str, positive: bool = True) -> Literal:
    return Literal("on", (a, b), positive)


def inside(a: str, c: str) -> Literal:
    return Literal("in", (a, c))


def phrase(name: str) -> str:
    """'small_red_block' -> 'the small red block'."""
    return "the " + name.replace("_", " ")


def join_and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class SymState:
    """Where each item is, symbolically: 'table', 'on:<x>' or 'in:<container>'."""

    objects: dict[str, ObjectSpec]
    loc: dict[str, str] = field(default_factory=dict)
    drawer_open: bool = False

    def __post_init__(self) -> None:
        for n, o in self.objects.items():
            self.loc.setdefault(n, "table") if o.is_item else None

    def items(self, kind: str | None = None) -> list[str]:
        return sorted(n for n, o in self.objects.items() if o.is_item and (kind is None or o.kind == kind))

    def free(self, kind: str | None = None) -> list[str]:
        """Items usable in a new stage: not in the drawer and not under anything."""
        under = {v[3:] for v in self.loc.values() if v.startswith("on:")}
        return [n for n in self.items(kind) if self.loc[n] != "in:drawer" and n not in under]

    def on_table(self, kind: str | None = None) -> list[str]:
        return [n for n in self.free(kind) if self.loc[n] == "table"]

    def room(self, container: str) -> int:
        kind = "drawer" if container == "drawer" else self.objects[container].kind
        return CAPACITY[kind] - sum(v == f"in:{container}" for v in self.loc.values())

    def towers(self) -> list[list[str]]:
        """Towers bottom-up (>= 2 blocks)."""
        above = {v[3:]: n for n, v in self.loc.items() if v.startswith("on:")}
        bases = [n for n in above if not self.loc[n].startswith("on:")]
        out = []
        for b in sorted(bases):
            t = [b]
            while t[-1] in above:
                t.append(above[t[-1]])
            out.append(t)
        return out


def stack(state: SymState, rng: np.random.Generator, n: int) -> tuple[Stages, str]:
    blocks = list(rng.permutation(state.on_table("block")))[:n]
    lits = [on(blocks[i + 1], blocks[i]) for i in range(len(blocks) - 1)]
    for i in range(1, len(blocks)):
        state.loc[blocks[i]] = f"on:{blocks[i - 1]}"
    cols = [state.objects[b].colour for b in blocks]
    style = int(rng.integers(3)) if len(blocks) > 2 else 3 + int(rng.integers(2))
    if style == 0:
        text = f"build a tower from bottom to top: {join_and(cols)}"
    elif style == 1:
        text = f"stack the blocks from top to bottom: {join_and(cols[::-1])}"
    elif style == 2:
        text = f"build a tower of the {join_and(cols)} blocks with the {cols[0]} one at the bottom"
    elif style == 3:
        text = f"put {phrase(blocks[1])} on top of {phrase(blocks[0])}"
    else:
        text = f"stack {phrase(blocks[1])} on {phrase(blocks[0])}"
    return [lits], text


def put_in(state: SymState, rng: np.random.Generator, n: int, container: str) -> tuple[Stages, str]:
    pool = state.on_table()  # only from the table: items are not shuffled between containers
    chosen = sorted(rng.permutation(pool)[:n])
    for x in chosen:
        state.loc[x] = f"in:{container}"
    verb = ["put", "place", "move"][int(rng.integers(3))]
    prep = ["in", "into", "inside"][int(rng.integers(3))]
    text = f"{verb} {join_and([phrase(x) for x in chosen])} {prep} {phrase(container)}"
    return [[inside(x, container) for x in chosen]], text


def drawer(state: SymState, rng: np.random.Generator, n: int) -> tuple[Stages, str]:
    chosen = sorted(rng.permutation(state.on_table())[:n])
    for x in chosen:
        state.loc[x] = "in:drawer"
    stages = [[Literal("open", ("drawer",))], [inside(x, "drawer") for x in chosen], [Literal("closed", ("drawer",))]]
    things = join_and([phrase(x) for x in chosen])
    style = int(rng.integers(2))
    if style == 0:
        text = f"open the drawer, put {things} in it, then close it"
    else:
        text = f"open the drawer and put {things} inside, then shut the drawer"
    return stages, text


def unstack(state: SymState, rng: np.random.Generator, tower: list[str], named: bool) -> tuple[Stages, str]:
    lits = [on(tower[i + 1], tower[i], positive=False) for i in range(len(tower) - 1)]
    for b in tower[1:]:
        state.loc[b] = "table"
    if not named:
        text = ["take the tower apart", "unstack the blocks onto the table", "unstack the tower"][int(rng.integers(3))]
    else:
        parts = [f"{phrase(tower[i + 1])} off {phrase(tower[i])}" for i in range(len(tower) - 2, -1, -1)]
        text = "take " + join_and(parts)
    return [lits], text
