"""`embodia bench`: a task suite in parallel (process pool or Ray), resumable, stored in SQLite, with a report.

    embodia bench --suite NAME [--brain SPEC] [--mode M] [--seeds A..B] [--disturb] [--video] [--rerun]
                  [--workers K] [--ray [ADDRESS]] [--out DIR] [--resume] [--json]
    embodia bench compare RUN_A RUN_B [--json]
    embodia bench report RUN
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from embodia.brains.base import MODES
from embodia.perception.modes import MODES as PERCEPTION_MODES
from embodia.types import EmbodiaError

BENCH_FIELDS = ("out", "episodes", "success_rate", "subgoal_progress", "by_family_tier", "errors", "wall_seconds",
                "complete", "report", "perception", "failure_causes")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("bench", help="run a task suite in parallel and resumably, with a report; compare two runs",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--suite", help="suite to run (see 'embodia tasks'); required unless --resume")
    p.add_argument("--brain", help="who decides (default builtin; 'oracle' grounds to each task's own goal)")
    p.add_argument("--mode", choices=MODES, help="plan (LLM+P, default), stepwise or fullplan")
    p.add_argument("--seeds", help="A..B (inclusive) overrides the suite's seeds")
    p.add_argument("--perception", choices=PERCEPTION_MODES,
                   help="what the agent senses: camera (default), rgbd or privileged (the simulator's state)")
    p.add_argument("--disturb", action="store_true", default=None, help="the disturbed variant of every task")
    p.add_argument("--video", action="store_true", default=None, help="record video.mp4 of every episode")
    p.add_argument("--rerun", action="store_true", default=None,
                   help="Rerun recordings (recording.rrd) of failed episodes, linked from the report")
    p.add_argument("--workers", type=int, help="parallel episodes (default: the machine's cores)")
    p.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                   help="run on Ray: a local instance, or the cluster at ADDRESS (HOST:PORT, ray://..., auto)")
    p.add_argument("--out", help="run folder (default runs/bench-<suite>)")
    p.add_argument("--resume", action="store_true", help="continue the interrupted run in --out")
    p.add_argument("--json", action="store_true", help="no live progress; one JSON object at the end")
    p.add_argument("--robot", choices=("panda", "so101"), help="simulated arm: so101 runs each task's SO-101 "
                   "version (default suite 'so101')")
    p.set_defaults(func=run)
    subs = p.add_subparsers(dest="bench_command", metavar="{compare,report}")
    c = subs.add_parser("compare", help="two runs side by side")
    c.add_argument("run_a", help="run folder A")
    c.add_argument("run_b", help="run folder B")
    c.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    c.set_defaults(func=compare_runs)
    r = subs.add_parser("report", help="rewrite report.md and report.html of a run folder from its database")
    r.add_argument("run", help="run folder")
    r.set_defaults(func=rewrite_report)


def _stored_config(out: Path | None) -> dict[str, Any] | None:
    from embodia.bench.store import DB_NAME, RunStore

    if out is None or not (out / DB_NAME).is_file():
        return None
    store = RunStore(out / DB_NAME)
    try:
        return store.get("config")
    finally:
        store.close()


def _config(args: argparse.Namespace) -> tuple[Path, Any]:
    """The run folder and the run's config (None: take the stored one on --resume)."""
    from embodia.bench.runner import make_config
    from embodia.tasks.registry import SUITES

    if getattr(args, "robot", None) == "so101" and args.suite is None and not args.resume:
        args.suite = "so101"
    if args.out is None and args.suite is None:
        raise EmbodiaError(f"--suite is required (known: {', '.join(SUITES)})" if not args.resume
                           else "--resume needs --out (the run folder to continue)")
    out = Path(args.out) if args.out else Path("runs") / f"bench-{args.suite}"
    stored = _stored_config(out) if args.resume else None

    def pick(name: str, default: Any) -> Any:
        given = getattr(args, name)
        return given if given is not None else stored[name] if stored else default

    suite = pick("suite", None)
    if suite is None:
        raise EmbodiaError(f"nothing to resume in '{out}'; give --suite to start a run there")
    seeds = args.seeds if args.seeds is not None else tuple(stored["seeds"]) if stored else None
    config = make_config(suite, seeds, pick("brain", "builtin"), pick("mode", "plan"), bool(pick("disturb", False)),
                         bool(pick("video", False)), bool(pick("rerun", False)),
                         getattr(args, "robot", None) or "panda", pick("perception", "camera"))
    return out, config


def _executor(args: argparse.Namespace, workers: int) -> Any:
    from embodia.bench.workers import LocalPool, crash_rule

    if args.ray is None:
        return LocalPool(workers, crash_rule())
    from embodia.bench.raypool import RayPool

    return RayPool(args.ray, workers, crash_rule())


def _discard_new_run(out: Path, created: bool) -> None:
    """A run that never started leaves nothing behind that looks like a run."""
    if not created:
        return
    for name in ("results.db", "results.db-wal", "results.db-shm"):
        (out / name).unlink(missing_ok=True)
    try:
        out.rmdir()
    except OSError:
        pass


def run(args: argparse.Namespace) -> int:
    from embodia.bench import report
    from embodia.bench.progress import ProgressBar
    from embodia.bench.raypool import LOCAL, check_reachable
    from embodia.bench.runner import default_workers, execute_run, open_run, todo
    from embodia.bench.store import DB_NAME
    from embodia.bench.summary import summarize

    t0 = time.perf_counter()
    out, config = _config(args)
    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise EmbodiaError(f"--workers must be at least 1, got {workers}")
    if args.ray not in (None, LOCAL):
        check_reachable(args.ray)
    created = not (out / DB_NAME).exists()
    store, config = open_run(out, config, args.resume)
    for stale in ("report.md", "report.html"):  # never present an earlier state's report as this run's
        (out / stale).unlink(missing_ok=True)
    try:
        executor = _executor(args, min(workers, max(1, len(todo(store, config, out)))))
    except BaseException:
        store.close()
        _discard_new_run(out, created)
        raise
    total = len(config.tasks) * len(config.seeds)
    try:
        with ProgressBar(total, total - len(todo(store, config, out)), enabled=not args.json,
                      label=f"{config.suite} ({config.brain}/{config.mode}/{config.perception})") as progress:
            stats = execute_run(store, config, out, executor, progress.update)
    finally:
        executor.close()
    wall = time.perf_counter() - t0
    paths = report.build(out, store, wall)
    summary = summarize(store.rows())
    complete = store.get("state") == "complete"
    store.close()
    result = {"out": str(out), "episodes": summary["episodes"], "success_rate": summary["success_rate"],
              "subgoal_progress": summary["subgoal_progress"], "by_family_tier": summary["by_family_tier"],
              "errors": summary["errors"], "wall_seconds": round(wall, 2), "complete": complete,
              "report": str(paths["html"]), "perception": config.perception,
              "failure_causes": summary["failure_causes"]}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{summary['episodes']} episodes ({stats.ran} run now, {stats.skipped} stored before): success "
              f"{summary['successes']}/{summary['completed']} ({summary['success_rate']:.1%}), subgoal progress "
              f"{summary['subgoal_progress']:.1%}, {summary['errors']} errors, {wall:.0f} s wall")
        print(f"results: {out / DB_NAME}\nreport:  {paths['md']}\n         {paths['html']}")
        sys.stdout.flush()
    return 0 if complete and summary["errors"] == 0 else 1


def compare_runs(args: argparse.Namespace) -> int:
    from embodia.bench.compare import compare, render

    result = compare(args.run_a, args.run_b)
    print(json.dumps(result) if args.json else render(result))
    return 0


def rewrite_report(args: argparse.Namespace) -> int:
    from embodia.bench import report
    from embodia.bench.store import RunStore

    store = RunStore.open_existing(args.run)
    try:
        paths = report.build(Path(args.run), store)
    finally:
        store.close()
    print(f"report: {paths['md']}\n        {paths['html']}")
    return 0
