"""Language benchmark: the built-in parser on our own instruction sets, each reported on its own.

Sets: the tuned corpus (tests/language/corpus, lines without '~'), its held-out part (lines with '~',
chosen when the corpus was written and not looked at while tuning), and each blind set
(tests/language/blind/*.txt: instructions written by someone who had not tuned the parser on them;
see each file's header for when it was written and whether fixes were made after looking at it).

For each set: exact-goal accuracy (stages compared as sets of literals) and refusal accuracy (refused
with one line; an ambiguous reference names every candidate; out-of-scope says what can be done with an
example; the reason matches). Parse time: CPU ms per instruction over all sets.

    PYTHONPATH=src python benchmarks/language.py [--show-failures SET ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from embodia.language.corpus import Entry, Scene, load_entries, load_scenes
from embodia.language.parser import ParseError, parse_instruction

HERE = Path(__file__).resolve().parent.parent / "tests" / "language"
CORPUS, BLIND = HERE / "corpus", HERE / "blind"


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


def _pct(oks: list[bool]) -> str:
    return f"{sum(oks)}/{len(oks)} = {100 * sum(oks) / max(1, len(oks)):.1f} %"


def sets() -> dict[str, list[Entry]]:
    """Set name -> entries: 'tuned', 'held-out', and one per blind file."""
    corpus = [e for p in sorted(CORPUS.glob("*.txt")) for e in load_entries(p)]
    out = {"tuned": [e for e in corpus if not e.held_out], "held-out": [e for e in corpus if e.held_out]}
    for p in sorted(BLIND.glob("*.txt")):
        out[p.stem] = load_entries(p)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-failures", nargs="*", metavar="SET", help="print failures of these sets (all if none)")
    ap.add_argument("--repeat", type=int, default=3, help="parses per instruction for timing (default 3)")
    args = ap.parse_args(argv)
    scenes = load_scenes(CORPUS / "scenes.json")
    parse_instruction("put the red block in the blue bowl", list(scenes["playground"].objects))  # build once
    times: list[float] = []
    show = set(args.show_failures or ()) if args.show_failures is not None else None
    total = 0
    for name, entries in sets().items():
        rows: dict[str, list[bool]] = {"goal": [], "refusal": []}
        for e in entries:
            scene = scenes[e.scene]
            ok, what = judge(e, scene)
            t = time.process_time()
            for _ in range(args.repeat):
                try:
                    parse_instruction(e.text, list(scene.objects), set(scene.facts or ()) or None)
                except ParseError:
                    pass
            times.append((time.process_time() - t) / args.repeat * 1000)
            rows["refusal" if e.refusal else "goal"].append(ok)
            if not ok and show is not None and (not show or name in show):
                print(f"FAIL {e.source} [{name}] {e.text!r}\n     {what}")
        total += len(entries)
        g, r = rows["goal"], rows["refusal"]
        print(f"{name:9s} {len(entries):4d} instructions: exact goals {_pct(g)}, refusals {_pct(r)}")
    q = statistics.quantiles(times, n=20)
    print(f"parse time ({total} instructions, {args.repeat} parses each): median {statistics.median(times):.2f} "
          f"CPU ms, p95 {q[18]:.2f} CPU ms, max {max(times):.2f} CPU ms per instruction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
