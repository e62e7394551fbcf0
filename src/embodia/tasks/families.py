"""Task families: stack, sort, drawer, clear, unstack and chain — each a seeded instance builder."""

from __future__ import annotations

import numpy as np

from embodia.sim.catalog import CAPACITY, ObjectSpec, assign_names
from embodia.sim.scene import SceneRequest
from embodia.tasks import builders as st
from embodia.tasks.base import Disturbance, TaskInstance
from embodia.types import EmbodiaError, Goal, Literal

BLOCK_COLOURS = ("red", "green", "blue", "yellow", "purple", "orange")
SIZES: dict[str, tuple[int, ...]] = {
    "stack": (2, 3, 4, 5, 6), "sort": (2, 3, 4, 5, 6), "drawer": (1, 2, 3), "clear": (2, 3, 4),
    "unstack": (2, 3, 4, 5), "chain": (5, 10, 20),
}
DESCRIPTIONS = {
    "stack": "build one tower of {n} blocks in a stated order",
    "sort": "put {n} objects into the bowl or bin of their colour",
    "drawer": "open the drawer, put {n} named objects in, close it",
    "clear": "put every object of a described set ({n} of them) into a container",
    "unstack": "take a tower of {n} blocks apart onto the table",
    "chain": "a mixed sequence of stages, {n} subgoals in all, where order matters",
}


def _rng(family: str, size: int, seed: int) -> np.random.Generator:
    return np.random.default_rng([sum(map(ord, family)), size, seed])


def _blocks(rng: np.random.Generator, n: int, size: str | None = None) -> list[ObjectSpec]:
    cols = rng.permutation(BLOCK_COLOURS)[:n]
    return [ObjectSpec("block", str(c), size or str(rng.choice(["small", "large"]))) for c in cols]


def _named(objs: list[ObjectSpec]) -> dict[str, ObjectSpec]:
    return {o.name: o for o in assign_names(objs)}


def _instance(family: str, size: int, seed: int, objs: dict[str, ObjectSpec], stages: st.Stages, text: str,
              stacks: tuple = ()) -> TaskInstance:
    goal = Goal(tuple(tuple(s) for s in stages if s))
    scene = SceneRequest(objects=tuple(objs.values()), stacks=stacks)
    text = text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return TaskInstance(f"{family}-{size}", seed, scene, goal, text)


def make_stack(n: int, seed: int) -> TaskInstance:
    rng = _rng("stack", n, seed)
    objs = _named(_blocks(rng, n) + [ObjectSpec("cylinder", "white"), ObjectSpec("bowl", "black")])
    stages, text = st.stack(st.SymState(objs), rng, n)
    return _instance("stack", n, seed, objs, stages, text)


def make_sort(n: int, seed: int) -> TaskInstance:
    rng = _rng("sort", n, seed)
    c1, c2 = (str(c) for c in rng.permutation(["red", "green", "blue", "yellow"])[:2])
    kinds = [(k, s) for k in ("block", "cylinder") for s in ("small", "large")]
    items = []
    for i in range(n):
        k, s = kinds[(i // 2) % len(kinds)]
        items.append(ObjectSpec(k, c1 if i % 2 == 0 else c2, s))
    # c1 has the larger share (ceil(n/2) items): it gets the roomier bin.
    objs = _named(items + [ObjectSpec("bin", c1, "large"), ObjectSpec("bowl", c2, "large")])
    home = {c1: f"{c1}_bin", c2: f"{c2}_bowl"}
    lits = [Literal("in", (name, home[o.colour])) for name, o in sorted(objs.items()) if o.is_item]
    text = ["put each object into the container of its colour", "sort the objects by colour into the bowl and the bin",
            "put every object in the bowl or bin that matches its colour"][int(rng.integers(3))]
    return _instance("sort", n, seed, objs, [lits], text)


def make_drawer(n: int, seed: int) -> TaskInstance:
    rng = _rng("drawer", n, seed)
    objs = _named(_blocks(rng, n + 1, "small") + [ObjectSpec("cylinder", "white"), ObjectSpec("drawer")])
    stages, text = st.drawer(st.SymState(objs), rng, n)
    return _instance("drawer", n, seed, objs, stages, text)


def make_clear(n: int, seed: int) -> TaskInstance:
    rng = _rng("clear", n, seed)
    mode = ["size", "colour", "kind"][int(rng.integers(3))]
    if mode == "size":
        cols = list(rng.permutation(BLOCK_COLOURS))
        match = [ObjectSpec("block", str(c), "small") for c in cols[:n]]
        other = [ObjectSpec("block", str(c), "large") for c in cols[n:n + 2]]
        what = "all the small blocks"
    elif mode == "colour":
        colour = str(rng.choice(["red", "blue", "green"]))
        pool = [ObjectSpec(k, colour, s) for k in ("block", "cylinder") for s in ("small", "large")]
        match = [pool[i] for i in rng.permutation(len(pool))[:n]]
        other = [ObjectSpec("block", "yellow"), ObjectSpec("cylinder", "purple")]
        what = [f"every {colour} thing", f"all the {colour} objects", f"all {colour} items"][int(rng.integers(3))]
    else:
        cols = list(rng.permutation(BLOCK_COLOURS))
        match = [ObjectSpec("cylinder", str(c)) for c in cols[:n]]
        other = [ObjectSpec("block", str(c)) for c in cols[n:n + 2]]
        what = ["all the cylinders", "every cylinder"][int(rng.integers(2))]
    container = ObjectSpec("bin", "white", "large") if n > CAPACITY["bowl"] or rng.random() < 0.5 \
        else ObjectSpec("bowl", "white", "large")
    objs = _named(match + other + [container])
    cname = f"white_{container.kind}"
    matched = {o.name for o in assign_names(match + other)[:len(match)]}
    lits = [Literal("in", (x, cname)) for x in sorted(matched)]
    verb = ["put", "move", "place"][int(rng.integers(3))]
    return _instance("clear", n, seed, objs, [lits], f"{verb} {what} into the {container.kind}")


def make_unstack(n: int, seed: int) -> TaskInstance:
    rng = _rng("unstack", n, seed)
    objs = _named(_blocks(rng, n) + [ObjectSpec("cylinder", "white")])
    tower = [o for o in objs if objs[o].kind == "block"]
    state = st.SymState(objs)
    for i in range(1, len(tower)):
        state.loc[tower[i]] = f"on:{tower[i - 1]}"
    stages, text = st.unstack(state, rng, tower, named=False)
    return _instance("unstack", n, seed, objs, stages, text, stacks=(tuple(tower),))


def make_chain(k: int, seed: int) -> TaskInstance:
    objs = _named([ObjectSpec("block", c, "small") for c in BLOCK_COLOURS]
                  + [ObjectSpec("cylinder", "white"), ObjectSpec("bowl", "blue", "large"),
                     ObjectSpec("bin", "green", "large"), ObjectSpec("drawer")])
    for attempt in range(400):  # random composition can paint itself into a corner: retry
        composed = _compose_chain(objs, k, np.random.default_rng([sum(map(ord, "chain")), k, seed, attempt]))
        if composed is not None:
            stages, sentences = composed
            break
    else:
        raise EmbodiaError(f"chain-{k}: could not compose {k} subgoals for seed {seed}")
    words = ["first, ", "then ", "after that, ", "next, "]
    text = ". ".join(
        (("finally, " if i == len(sentences) - 1 and i > 0 else words[min(i, 3)]) + s).capitalize()
        for i, s in enumerate(sentences))
    return _instance("chain", k, seed, objs, stages, text)


def _compose_chain(objs: dict[str, ObjectSpec], k: int, rng: np.random.Generator) -> tuple[st.Stages, list[str]] | None:
    state = st.SymState(objs)
    stages: st.Stages = []
    sentences: list[str] = []
    left, last = k, ""
    while left > 0:
        options = _chain_options(state, left, last)
        if not options:
            return None
        kind, size, arg = options[int(rng.integers(len(options)))]
        if kind == "stack":
            s, text = st.stack(state, rng, size + 1)
        elif kind == "put_in":
            s, text = st.put_in(state, rng, size, arg)
        elif kind == "drawer":
            s, text = st.drawer(state, rng, size - 2)
        else:
            s, text = st.unstack(state, rng, arg, named=True)
        stages += s
        sentences.append(text)
        left -= sum(len(x) for x in s)
        last = kind
    return stages, sentences


def _chain_options(state: st.SymState, left: int, last: str) -> list[tuple[str, int, object]]:
    """Stages that fit the remaining subgoal count (size = subgoals the stage adds)."""
    opts: list[tuple[str, int, object]] = []
    n_table_blocks = len(state.on_table("block"))
    for size in range(1, min(left, n_table_blocks - 1, 4) + 1):
        opts.append(("stack", size, None))
    for cont in ("blue_bowl", "green_bin"):
        for size in range(1, min(left, state.room(cont), 3) + 1):
            if len(state.on_table()) >= size:
                opts.append(("put_in", size, cont))
    for size in range(3, min(left, state.room("drawer") + 2, len(state.on_table()) + 2, 4) + 1):
        opts.append(("drawer", size, None))
    if last != "unstack":
        for tower in state.towers():
            if len(tower) - 1 <= left:
                opts.append(("unstack", len(tower) - 1, tower))
    return opts


BUILDERS = {"stack": make_stack, "sort": make_sort, "drawer": make_drawer, "clear": make_clear,
            "unstack": make_unstack, "chain": make_chain}

# Disturbed variants: (fraction of the subgoals after which it fires, kind).
DISTURBANCES = {
    "stack": ((0.6, "knock_tower"),), "sort": ((0.5, "move_object"),), "drawer": ((0.5, "drawer"), (0.7, "slip")),
    "clear": ((0.5, "move_object"),), "unstack": ((0.4, "slip"),),
    "chain": ((0.25, "knock_tower"), (0.5, "drawer"), (0.75, "move_object")),
}


def schedule(family: str, subgoals: int, seed: int) -> tuple[Disturbance, ...]:
    return tuple(Disturbance(max(1, min(subgoals - 1, round(f * subgoals))), kind, seed * 31 + i)
                 for i, (f, kind) in enumerate(DISTURBANCES[family]))
