"""Language benchmark: the built-in parser on our own instruction corpus (tests/language/corpus).

Reports exact-goal accuracy (stages compared as sets of literals), refusal accuracy (refused with one
line; an ambiguous reference names every candidate; out-of-scope says what can be done with an example;
the reason matches), and parse time (CPU ms per instruction), separately for the tuned part and the
held-out part (sha1 of the text = 0 mod 4) that was never looked at while the grammar was tuned.

    PYTHONPATH=src python benchmarks/language.py [--show-failures] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from embodia.language.corpus import Entry, Scene, load_corpus
from embodia.language.parser import ParseError, parse_instruction

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "language" / "corpus"


def judge(e: Entry, scene: Scene) -> tuple[bool, str]:
    """(passed, what happened)."""
    try:
        goal = parse_instruction(e.text, list(scene.objects), set(scene.facts) if scene.facts is not None else None)
    except ParseError as err:
        msg = str(err)
        if not e.refusal:
            return False, f"refused: {msg}"
        ok = "\n" not in msg and err.reason == e.refusal
        ok = ok and all(c in msg and c in err.candidates for c in e.candidates)
        ok = ok and (e.refusal != "out_of_scope" or "e.g." in msg)
        return ok, f"refused ({err.reason}): {msg}"
    got = tuple(frozenset(s) for s in goal.stages)
    if e.refusal:
        return False, f"not refused: {goal.to_json()}"
    return got == e.stages, f"got {goal.to_json()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-failures", action="store_true", help="print failures of the tuned part only")
    ap.add_argument("--show-held-out", action="store_true", help="also print held-out failures (after tuning)")
    ap.add_argument("--repeat", type=int, default=3, help="parses per instruction for timing (default 3)")
    args = ap.parse_args(argv)
    scenes, entries = load_corpus(CORPUS)
    parse_instruction("put the red block in the blue bowl", list(scenes["playground"].objects))  # build once
    rows: dict[tuple[str, bool], list[bool]] = {}
    times: list[float] = []
    for e in entries:
        ok, what = judge(e, scenes[e.scene])
        t = time.process_time()
        for _ in range(args.repeat):
            try:
                parse_instruction(e.text, list(scenes[e.scene].objects), set(scenes[e.scene].facts or ()) or None)
            except ParseError:
                pass
        times.append((time.process_time() - t) / args.repeat * 1000)
        kind = "refusal" if e.refusal else "goal"
        rows.setdefault((kind, e.held_out), []).append(ok)
        if not ok and (args.show_held_out or (args.show_failures and not e.held_out)):
            print(f"FAIL {e.source} [{'held-out' if e.held_out else 'tuned'}] {e.text!r}\n     {what}")
    print(f"corpus: {len(entries)} instructions ({sum(e.held_out for e in entries)} held out), "
          f"{len(scenes)} scenes")
    for kind in ("goal", "refusal"):
        for held in (False, True):
            r = rows.get((kind, held), [])
            label = "exact goals" if kind == "goal" else "refusals  "
            split = "held-out" if held else "tuned   "
            print(f"{label} {split}: {sum(r)}/{len(r)} = {100 * sum(r) / max(1, len(r)):.1f} %")
        r = rows.get((kind, False), []) + rows.get((kind, True), [])
        print(f"{label} all     : {sum(r)}/{len(r)} = {100 * sum(r) / max(1, len(r)):.1f} %")
    q = statistics.quantiles(times, n=20)
    print(f"parse time: median {statistics.median(times):.2f} CPU ms, p95 {q[18]:.2f} CPU ms, "
          f"max {max(times):.2f} CPU ms per instruction ({args.repeat} parses each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
