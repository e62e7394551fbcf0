"""Task families for the SO-101: what fits a 5-joint arm that reaches ~11-23 cm out and points its jaw down
only below ~8 cm. Things are the catalogue's at 5/8 scale (2.5 cm cubes, a 10.8 cm tray); towers stop at three
cubes (7.5 cm) and there is no drawer. Ids: `so101-<family>-<size>-v0`, Gymnasium `embodia/so101-stack-2-v0`."""

from __future__ import annotations

import difflib
from dataclasses import replace
from functools import lru_cache

import numpy as np

from embodia.sim.catalog import ObjectSpec, assign_names
from embodia.sim.scene import SceneRequest
from embodia.tasks import builders as st
from embodia.tasks.base import TaskInstance, TaskSpec
from embodia.types import EmbodiaError, Goal, Literal

ROBOT = "so101"
SCALE = 0.625  # a 4 cm Panda cube -> 2.5 cm
TRAY_SCALE = 0.72  # a small bin (15 cm) -> a 10.8 cm tray, 4.3 cm deep
COLOURS = ("red", "green", "blue", "yellow", "purple", "orange")
SIZES: dict[str, tuple[int, ...]] = {"stack": (2, 3), "sort": (2, 3), "clear": (2, 3), "unstack": (2, 3)}
DESCRIPTIONS = {
    "stack": "build one tower of {n} small cubes in a stated order",
    "sort": "put {n} small cubes into the tray of their colour",
    "clear": "put every cube of one colour ({n} of them) into the tray",
    "unstack": "take a tower of {n} small cubes apart onto the table",
}


def task_id(family: str, size: int) -> str:
    return f"{ROBOT}-{family}-{size}-v0"


def _cube(colour: str) -> ObjectSpec:
    return ObjectSpec("block", colour, "small", scale=SCALE)


def _tray(colour: str) -> ObjectSpec:
    return ObjectSpec("bin", colour, "small", scale=TRAY_SCALE)


def _named(objs: list[ObjectSpec]) -> dict[str, ObjectSpec]:
    return {o.name: o for o in assign_names(objs)}


def _instance(family: str, size: int, seed: int, objs: dict[str, ObjectSpec], stages: st.Stages, text: str,
              stacks: tuple = ()) -> TaskInstance:
    goal = Goal(tuple(tuple(s) for s in stages if s))
    scene = SceneRequest(objects=tuple(objs.values()), stacks=stacks, robot=ROBOT)
    text = text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return TaskInstance(task_id(family, size), seed, scene, goal, text)


def _rng(family: str, size: int, seed: int) -> np.random.Generator:
    return np.random.default_rng([sum(map(ord, ROBOT + family)), size, seed])


def make_stack(n: int, seed: int) -> TaskInstance:
    rng = _rng("stack", n, seed)
    objs = _named([_cube(str(c)) for c in rng.permutation(COLOURS)[:n + 1]])
    stages, text = st.stack(st.SymState(objs), rng, n)
    return _instance("stack", n, seed, objs, stages, text)


def make_unstack(n: int, seed: int) -> TaskInstance:
    rng = _rng("unstack", n, seed)
    objs = _named([_cube(str(c)) for c in rng.permutation(COLOURS)[:n + 1]])
    tower = list(objs)[:n]
    state = st.SymState(objs)
    for i in range(1, n):
        state.loc[tower[i]] = f"on:{tower[i - 1]}"
    stages, text = st.unstack(state, rng, tower, named=False)
    return _instance("unstack", n, seed, objs, stages, text, stacks=(tuple(tower),))


def make_sort(n: int, seed: int) -> TaskInstance:
    rng = _rng("sort", n, seed)
    c1, c2 = (str(c) for c in rng.permutation(["red", "green", "blue", "yellow"])[:2])
    cubes = [_cube(c1 if i % 2 == 0 else c2) for i in range(n)]
    cubes = [replace(c, size="large" if i >= 2 else "small") for i, c in enumerate(cubes)]  # names differ by size
    objs = _named(cubes + [_tray(c1), _tray(c2)])
    lits = [Literal("in", (name, f"{o.colour}_bin")) for name, o in sorted(objs.items()) if o.is_item]
    texts = ["put each block into the bin of its colour", "sort the blocks by colour into the bins"]
    text = texts[int(rng.integers(2))]
    return _instance("sort", n, seed, objs, [lits], text)


def make_clear(n: int, seed: int) -> TaskInstance:
    rng = _rng("clear", n, seed)
    colour = str(rng.choice(["red", "blue", "green"]))
    pool = [_cube(colour), replace(_cube(colour), size="large"), replace(_cube(colour), kind="cylinder")]
    match = [pool[i] for i in sorted(rng.permutation(len(pool))[:n])]
    others = [_cube(str(c)) for c in rng.permutation(["yellow", "purple", "orange"])[:2]]
    objs = _named(match + others + [_tray("white")])
    names = [o.name for o in assign_names(match + others)[:n]]
    lits = [Literal("in", (x, "white_bin")) for x in sorted(names)]
    what = [f"every {colour} thing", f"all the {colour} objects"][int(rng.integers(2))]
    return _instance("clear", n, seed, objs, [lits], f"put {what} into the bin")


BUILDERS = {"stack": make_stack, "sort": make_sort, "clear": make_clear, "unstack": make_unstack}


def _maker(family: str, size: int):
    def make(seed: int) -> TaskInstance:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise EmbodiaError(f"seed must be an integer, got {seed!r}")
        return BUILDERS[family](size, seed)
    return make


@lru_cache(maxsize=1)
def registry() -> dict[str, TaskSpec]:
    """Every SO-101 task id -> spec."""
    out: dict[str, TaskSpec] = {}
    for family, sizes in SIZES.items():
        for size in sizes:
            tid = task_id(family, size)
            subgoals = size - 1 if family in ("stack", "unstack") else size
            out[tid] = TaskSpec(tid, family, size, subgoals, False, DESCRIPTIONS[family].format(n=size),
                                _maker(family, size), robot=ROBOT)
    return out


def get_task(tid: str) -> TaskSpec:
    """An SO-101 task by id; `stack-2`, `stack-2-v0` and `so101-stack-2` name `so101-stack-2-v0` too."""
    reg = registry()
    name = tid if tid.startswith(ROBOT + "-") else f"{ROBOT}-{tid}"
    for cand in (name, f"{name}-v0"):
        if cand in reg:
            return reg[cand]
    family, _, rest = name.removeprefix(ROBOT + "-").partition("-")
    size = rest.split("-")[0]
    if family not in SIZES:
        raise EmbodiaError(f"the SO-101 has no '{family}' tasks; its families: {', '.join(SIZES)} "
                           "(see 'embodia tasks --robot so101')")
    if size.isdigit() and int(size) not in SIZES[family]:
        raise EmbodiaError(f"task '{tid}': size {size} is outside the SO-101 {family} range "
                           f"({', '.join(map(str, SIZES[family]))})")
    close = difflib.get_close_matches(name, list(reg), n=3, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}" if close else f"SO-101 tasks: {', '.join(reg)}"
    raise EmbodiaError(f"unknown SO-101 task '{tid}'; {hint}")


PLAYGROUND_INSTRUCTION = "Stack the red block on the green block, then put the blue block in the white bin."


def playground() -> SceneRequest:
    """The SO-101's default scene: three small cubes and a tray."""
    return SceneRequest(objects=(_cube("red"), _cube("green"), _cube("blue"), _tray("white")), robot=ROBOT)
