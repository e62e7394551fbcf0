"""Planning time for 5/10/20-subgoal goals (and random-tower rebuilds), per search/heuristic, with
and without the per-stage object reduction. Prints a table, then one JSON object on the last line.

    python benchmarks/planning.py [--reps 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import embodia.planning.planner as planner
from embodia.types import Goal, Literal

TOWER = [f"{c}_block" for c in ("red", "green", "blue", "yellow", "purple", "orange")]
BINNED = [f"{c}_cylinder" for c in ("red", "green", "blue", "yellow", "purple", "orange")]
DRAWERED = ["white_block", "black_block", "white_cylinder", "black_cylinder"]
OBJECTS: dict[str, str] = {o: o.split("_")[1] for o in TOWER + BINNED + DRAWERED}
OBJECTS |= {"red_bin": "bin", "blue_bin": "bin", "drawer": "drawer"}


def L(pred: str, *args: str) -> Literal:
    return Literal(pred, args)


def goal(n: int) -> Goal:
    """5: a tower of 6; 10: + 5 cylinders into bins; 20: 6 into bins, drawer open/put 4/close, 3 off."""
    tower = tuple(L("on", a, b) for a, b in zip(TOWER[1:], TOWER))
    if n == 5:
        return Goal((tower,))
    binned = tuple(L("in", o, ("red_bin", "blue_bin")[i % 2]) for i, o in enumerate(BINNED))
    if n == 10:
        return Goal((tower, binned[:5]))
    drawer = (L("open", "drawer"),), tuple(L("in", o, "drawer") for o in DRAWERED), (L("closed", "drawer"),)
    off = tuple(L("on_table", o) for o in TOWER[3:])
    return Goal((tower, binned) + drawer + (off,))


def start(scrambled: bool) -> set[Literal]:
    """Everything on the table, or the tower blocks stacked upside down plus a held cylinder."""
    facts = {L("on_table", o) for o, k in OBJECTS.items() if k in ("block", "cylinder")}
    facts.add(L("closed", "drawer"))
    if scrambled:
        rev = TOWER[::-1]
        facts -= {L("on_table", o) for o in rev[1:] + [BINNED[0]]}
        facts |= {L("on", a, b) for a, b in zip(rev[1:], rev)} | {L("holding", BINNED[0])}
    return facts


def random_towers(nb: int, seed: int) -> tuple[Goal, set[Literal], dict[str, str]]:
    """nb blocks in random towers; goal: one tower b0..b(nb-1) (nb-1 subgoals)."""
    rng = random.Random(seed)
    blocks = [f"b{i}_block" for i in range(nb)]
    facts: set[Literal] = set()
    towers: list[list[str]] = []
    for b in rng.sample(blocks, nb):
        if towers and rng.random() < 0.6:
            t = rng.choice(towers)
            facts.add(L("on", b, t[-1]))
            t.append(b)
        else:
            towers.append([b])
            facts.add(L("on_table", b))
    return Goal((tuple(L("on", a, b) for a, b in zip(blocks[1:], blocks)),)), facts, {b: "block" for b in blocks}


def subgoals(g: Goal) -> int:
    return len(g.literals)


def measure(n: int, scrambled: bool, search: str, heur: str, reduce: bool, reps: int,
            case: tuple[Goal, set[Literal], dict[str, str]] | None = None) -> dict:
    g, facts, objects = case or (goal(n), start(scrambled), OBJECTS)
    keep = planner._relevant
    if not reduce:
        planner._relevant = lambda targets, state, objects: objects  # type: ignore[assignment]
    try:
        times, length = [], 0
        for _ in range(reps):
            t0 = time.perf_counter()
            p = planner.plan(g, facts, objects, search=search, heuristic=heur)
            times.append(time.perf_counter() - t0)
            length = len(p.steps)
    except planner.PlanningError as e:
        return {"error": str(e)}
    finally:
        planner._relevant = keep
    return {"ms_median": round(1000 * statistics.median(times), 1), "ms_max": round(1000 * max(times), 1),
            "steps": length}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    configs = [("astar", "hff", True), ("gbf", "hff", True), ("gbf", "hadd", True), ("wastar", "hff", True),
               ("astar", "hff", False)]
    results: dict[str, dict] = {}
    for n in (5, 10, 20):
        assert subgoals(goal(n)) == n
        for scrambled in (False, True):
            for search, heur, reduce in configs:
                key = f"{n}/{'scrambled' if scrambled else 'table'}/{search}+{heur}{'' if reduce else '/all-objects'}"
                results[key] = measure(n, scrambled, search, heur, reduce, args.reps)
                print(f"{key:45s} {results[key]}", flush=True)
    for nb in (8, 12):  # harder: random towers rebuilt into one (not in the 20 ms class)
        for search, heur, reduce in configs[:2]:
            key = f"{nb - 1}/random-towers/{search}+{heur}"
            results[key] = measure(nb - 1, True, search, heur, reduce, args.reps, random_towers(nb, nb))
            print(f"{key:45s} {results[key]}", flush=True)
    chosen = {k: v for k, v in results.items() if "/astar+hff" in k and "all-objects" not in k}
    print(json.dumps({"planner": "pyperplan astar+hff, goal agenda, per-stage object reduction", "results": results,
                      "chosen_ms_max": max(v.get("ms_max", float("inf")) for v in chosen.values())}))


if __name__ == "__main__":
    main()
