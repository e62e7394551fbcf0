"""`embodia record`: task episodes as a LeRobot dataset (with skill annotations) and/or Rerun recordings.

    embodia record [--lerobot DIR] [--rerun DIR] (--task ID | --suite NAME) [--seeds A..B] [--disturb]
                   [--perception privileged|camera] [--cameras front,wrist] [--size 224] [--fps 20]
                   [--workers N] [--only-success] [--no-video] [--brain builtin|oracle] [--json]

Episodes run in parallel and are written in (task, seed) order. Running the same command again resumes: episodes
already in the dataset (or whose .rrd exists) are skipped. --lerobot needs LeRobot's environment (make lerobot-env).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from embodia.types import EmbodiaError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("record", help="record episodes as a LeRobot dataset and/or Rerun recordings",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lerobot", metavar="DIR", help="write (or resume) a LeRobot v3.0 dataset in DIR")
    p.add_argument("--rerun", metavar="DIR", help="write DIR/<task>/<seed>.rrd for every episode")
    p.add_argument("--task", help="task id (see 'embodia tasks')")
    p.add_argument("--suite", help="every task of a suite")
    p.add_argument("--seeds", help="A..B (inclusive) or N (default: the suite's seeds, or 0)")
    p.add_argument("--disturb", action="store_true", help="the disturbed variant of every task")
    p.add_argument("--perception", default="privileged", help="privileged (default) or camera")
    p.add_argument("--brain", default="builtin", help="builtin (default) or oracle")
    p.add_argument("--cameras", default="front,wrist", help="dataset cameras (default front,wrist; also top)")
    p.add_argument("--size", type=int, default=224, help="dataset image size in px (square, default 224)")
    p.add_argument("--fps", type=int, default=20, help="dataset frames per simulated second (divides 20)")
    p.add_argument("--workers", type=int, default=1, help="episodes run in parallel (default 1)")
    p.add_argument("--only-success", action="store_true", help="drop failed episodes (default: keep, marked)")
    p.add_argument("--no-video", action="store_true", help="store frames as images instead of encoded video")
    p.add_argument("--json", action="store_true", help="one JSON object at the end instead of progress lines")
    p.set_defaults(func=run)


def _jobs(args: argparse.Namespace) -> list[tuple[str, int]]:
    from embodia.bench.runner import parse_seeds
    from embodia.tasks.registry import SUITES, disturbed_variant, get_suite, get_task

    if bool(args.task) == bool(args.suite):
        raise EmbodiaError("give exactly one of --task ID or --suite NAME")
    if args.suite:
        get_suite(args.suite)
        tasks, seeds = SUITES[args.suite]
    else:
        tasks, seeds = (args.task,), (0,)
    seeds = parse_seeds(args.seeds) if args.seeds else seeds
    ids = [(disturbed_variant(get_task(t)) if args.disturb else get_task(t)).id for t in tasks]
    if args.lerobot and any(get_task(t).robot != "panda" for t in ids):  # its features: the Panda's 7 joints + gripper
        raise EmbodiaError("LeRobot datasets of the SO-101's tasks are not supported yet; record them with --rerun")
    return [(t, s) for t in ids for s in seeds]


def _config(args: argparse.Namespace):
    from embodia.record.lerobot_capture import CaptureConfig
    from embodia.sim.render import CAMERAS

    cams = tuple(c.strip() for c in args.cameras.split(",") if c.strip())
    bad = [c for c in cams if c not in CAMERAS]
    if bad or not cams:
        raise EmbodiaError(f"unknown camera '{(bad or [''])[0]}'; valid: {', '.join(CAMERAS)}")
    if not 16 <= args.size <= 1024:
        raise EmbodiaError(f"--size {args.size} out of range; valid: 16..1024 px")
    if args.perception not in ("privileged", "camera"):
        raise EmbodiaError(f"unknown perception '{args.perception}'; valid: privileged, camera")
    if args.brain not in ("builtin", "oracle"):
        raise EmbodiaError(f"unknown brain '{args.brain}' for recording; valid: builtin, oracle")
    if args.workers < 1:
        raise EmbodiaError(f"--workers must be >= 1, got {args.workers}")
    cfg = CaptureConfig(cams, args.size, args.fps, args.perception, args.brain)
    cfg.every()  # --fps must divide the control rate
    return cfg


def record_one(task: str, seed: int, cfg, staging: str | None, rerun_dir: str | None) -> dict[str, Any]:
    """Worker: run one episode; its frames go to staging/<task>.<seed>, its recording to rerun_dir."""
    from embodia.bench.capture import capture_episode

    rrd = Path(rerun_dir) / task / f"{seed}.rrd" if rerun_dir else None
    ep = capture_episode(task, seed, cfg, frames=staging is not None, rerun_path=rrd)
    if staging:
        ep.save(Path(staging) / f"{task}.{seed}")
    return {"task": task, "seed": seed, "success": ep.meta.get("success"), "frames": ep.frames,
            "rerun_path": ep.meta.get("rerun_path")}


def run(args: argparse.Namespace) -> int:
    if not args.lerobot and not args.rerun:
        raise EmbodiaError("nothing to record: give --lerobot DIR and/or --rerun DIR")
    jobs, cfg = _jobs(args), _config(args)
    if args.rerun:
        from embodia.record.rerun_log import _rerun

        _rerun()  # missing extra: say so before anything runs
    writer, staging = None, None
    if args.lerobot:
        from embodia.record.lerobot_writer import LeRobotWriter

        writer = LeRobotWriter(Path(args.lerobot), cfg, video=not args.no_video)
        staging = Path(str(args.lerobot).rstrip("/") + ".staging")
        staging.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    todo = [j for j in jobs if not _done(j, writer, args.rerun)]
    rows: list[dict[str, Any]] = []
    try:
        for result in _run_all(todo, cfg, staging, args):
            if writer:
                from embodia.record.lerobot_capture import CapturedEpisode
                from embodia.record.lerobot_writer import remove_staging

                folder = staging / f"{result['task']}.{result['seed']}"
                row = writer.add(CapturedEpisode.load(folder), keep=result["success"] or not args.only_success)
                remove_staging(folder)
                result.update(kept=row["kept"], episode_index=row["episode_index"])
            rows.append(result)
            if not args.json:
                mark = "ok" if result["success"] else "FAILED"
                kept = "" if not writer else (f" -> episode {result['episode_index']}" if result["kept"] else
                                              " (dropped)")
                print(f"{result['task']} seed {result['seed']}: {mark}, {result['frames']} frames{kept}", flush=True)
    finally:
        if writer:
            writer.finalize()
    if staging:
        staging.rmdir() if staging.exists() and not any(staging.iterdir()) else None
    return _report(args, jobs, todo, rows, writer, time.perf_counter() - t0)


def _done(job: tuple[str, int], writer, rerun_dir: str | None) -> bool:
    in_dataset = writer is None or job in writer.done
    in_rerun = rerun_dir is None or (Path(rerun_dir) / job[0] / f"{job[1]}.rrd").is_file()
    return in_dataset and in_rerun


def _run_all(todo: list[tuple[str, int]], cfg, staging: Path | None, args: argparse.Namespace):
    """Yield results in job order while up to --workers episodes run at once."""
    stage = str(staging) if staging else None
    if args.workers == 1 or len(todo) <= 1:
        for task, seed in todo:
            yield record_one(task, seed, cfg, stage, args.rerun)
        return
    ctx = mp.get_context("spawn")  # the driver may hold LeRobot's encoder threads: never fork it
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=ctx) as pool:
        futures: dict[Future, int] = {pool.submit(record_one, t, s, cfg, stage, args.rerun): i
                                      for i, (t, s) in enumerate(todo)}
        ready: dict[int, dict[str, Any]] = {}
        pending, nxt = set(futures), 0
        while pending or ready:
            while nxt in ready:
                yield ready.pop(nxt)
                nxt += 1
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                ready[futures[f]] = f.result()


def _report(args, jobs, todo, rows, writer, seconds: float) -> int:
    from embodia.record.lerobot_writer import dataset_bytes

    result = {"episodes": len(jobs), "recorded_now": len(rows), "skipped_done": len(jobs) - len(todo),
              "succeeded": sum(1 for r in rows if r["success"]), "frames": sum(r["frames"] for r in rows),
              "wall_seconds": round(seconds, 2)}
    if writer:
        result.update(lerobot=str(writer.root), dataset_episodes=writer.ds.meta.total_episodes,
                      dataset_frames=writer.ds.meta.total_frames, dataset_bytes=dataset_bytes(writer.root),
                      dropped=sum(1 for r in writer.done.values() if not r["kept"]))
    if args.rerun:
        result["rerun"] = str(args.rerun)
    print(json.dumps(result) if args.json else
          "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0
