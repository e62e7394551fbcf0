"""Task ids, suites and lookup. Ids are versioned (`stack-3-v0`); disturbed variants end `-disturbed-v0`."""

from __future__ import annotations

import difflib
from dataclasses import replace
from functools import lru_cache

from embodia.tasks.base import TaskInstance, TaskSpec
from embodia.tasks.families import BUILDERS, DESCRIPTIONS, SIZES, schedule
from embodia.types import EmbodiaError

VERSION = "v0"


def task_id(family: str, size: int, disturbed: bool = False) -> str:
    return f"{family}-{size}{'-disturbed' if disturbed else ''}-{VERSION}"


def _maker(family: str, size: int, disturbed: bool):
    def make(seed: int) -> TaskInstance:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise EmbodiaError(f"seed must be an integer, got {seed!r}")
        inst = BUILDERS[family](size, seed)
        inst = replace(inst, task_id=task_id(family, size, disturbed))
        return replace(inst, disturbances=schedule(family, inst.subgoals, seed)) if disturbed else inst
    return make


def _subgoals(family: str, size: int) -> int:
    return {"stack": size - 1, "unstack": size - 1, "drawer": size + 2}.get(family, size)


_EXTERNAL: dict[str, TaskSpec] = {}  # other worlds' tasks (embodia.kitchen registers its own on import)


def register_external(specs: list[TaskSpec], suites: dict[str, tuple[tuple[str, ...], tuple[int, ...]]]) -> None:
    """Add another world's tasks and suites; they run in that world (see embodia.kitchen)."""
    _EXTERNAL.update({s.id: s for s in specs})
    SUITES.update(suites)


def all_tasks() -> dict[str, TaskSpec]:
    """Every task id -> spec: the tabletop's (`registry()`) and other worlds'."""
    return {**registry(), **_EXTERNAL}


@lru_cache(maxsize=1)
def registry() -> dict[str, TaskSpec]:
    """Every tabletop task id -> spec (built once, lazily)."""
    out: dict[str, TaskSpec] = {}
    for family, sizes in SIZES.items():
        for size in sizes:
            for disturbed in (False, True):
                tid = task_id(family, size, disturbed)
                desc = DESCRIPTIONS[family].format(n=size) + (", with disturbances" if disturbed else "")
                out[tid] = TaskSpec(tid, family, size, _subgoals(family, size), disturbed, desc,
                                    _maker(family, size, disturbed))
    return out


def family_range(family: str) -> str:
    sizes = SIZES[family]
    return ", ".join(map(str, sizes))


ROBOTS = ("panda", "so101")


def for_robot(tid: str, robot: str) -> str:
    """The id of task `tid` for a simulated robot: `stack-2` with so101 is `so101-stack-2-v0`."""
    if robot not in ROBOTS:
        raise EmbodiaError(f"unknown robot '{robot}'; known: {', '.join(ROBOTS)}")
    if robot == "panda" or tid.startswith("so101-"):
        return tid
    from embodia.tasks import so101

    return so101.get_task(tid).id


def get_task(tid: str) -> TaskSpec:
    if tid.startswith("so101-"):
        from embodia.tasks import so101

        return so101.get_task(tid)
    reg = all_tasks()
    if tid in reg:
        return reg[tid]
    if f"{tid}-{VERSION}" in reg:  # `stack-3` is accepted for the current version
        return reg[f"{tid}-{VERSION}"]
    family, _, rest = tid.partition("-")
    size = rest.split("-")[0]
    if family in SIZES and size.isdigit() and int(size) not in SIZES[family]:
        raise EmbodiaError(f"task '{tid}': size {size} is outside the {family} family's range ({family_range(family)})")
    close = difflib.get_close_matches(tid, list(reg), n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}" if close else f"; families: {', '.join(SIZES)} (see 'embodia tasks')"
    raise EmbodiaError(f"unknown task '{tid}'{hint}")


def disturbed_variant(spec: TaskSpec) -> TaskSpec:
    if spec.id in _EXTERNAL:
        raise EmbodiaError(f"task '{spec.id}' has no disturbed variant (kitchen tasks have -perturbed variants)")
    return spec if spec.disturbed else registry()[task_id(spec.family, spec.size, True)]


# Suites: name -> (task ids, seeds). Seeds are per task.
SUITES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "smoke": (tuple(task_id(f, s) for f, s in (("stack", 2), ("sort", 2), ("drawer", 1), ("clear", 2),
                                                  ("unstack", 2), ("chain", 5))), (0,)),
    "tiny": ((task_id("stack", 2), task_id("unstack", 2)), (0, 1)),  # tests of the benchmark machinery
    "families": (tuple(task_id(f, s) for f, sizes in SIZES.items() for s in sizes if f != "chain"), tuple(range(5))),
    "long-horizon": (tuple(task_id(f, s) for f, s in (("stack", 6), ("sort", 6), ("drawer", 3), ("chain", 5),
                                                         ("chain", 10), ("chain", 20))), tuple(range(20))),
    "so101": (tuple(f"so101-{f}-{s}-v0" for f in ("stack", "sort", "clear", "unstack") for s in (2, 3)),
              tuple(range(20))),  # the SO-101's families (tasks/so101.py)
    "disturbed": (tuple(task_id(f, s, True) for f, s in (("stack", 4), ("sort", 4), ("drawer", 2), ("clear", 3),
                                                           ("unstack", 3), ("chain", 10), ("chain", 20))),
                  tuple(range(20))),
}


def get_suite(name: str) -> list[tuple[str, int]]:
    if name not in SUITES:
        close = difflib.get_close_matches(name, list(SUITES), n=3, cutoff=0.4)
        hint = f"did you mean: {', '.join(close)}; " if close else ""
        raise EmbodiaError(f"unknown suite '{name}'; {hint}known: {', '.join(SUITES)}")
    ids, seeds = SUITES[name]
    return [(t, s) for t in ids for s in seeds]
