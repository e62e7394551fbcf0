"""`embodia run`: one episode — ground, plan, act, verify, replan — with live output and recordings."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from embodia.brains.base import MODES
from embodia.cli.args import robot_arg, seed_arg
from embodia.perception.modes import DEFAULT_MODE
from embodia.perception.modes import MODES as PERCEPTION_MODES

DEFAULT_INSTRUCTION = ("Put the red block in the blue bowl, then stack the yellow block on the green block, "
                       "then open the drawer, put the orange cylinder in it and close it.")
DRY_FIELDS = ("task", "seed", "instruction", "goal", "objects", "plan", "planning_seconds", "perception")
RUN_FIELDS = ("task", "seed", "instruction", "goal", "success", "subgoals_total", "subgoals_done", "skills_executed",
              "replans", "rejected_calls", "model_calls", "prompt_tokens", "completion_tokens", "planning_seconds",
              "sim_seconds", "wall_seconds", "failure", "failure_cause", "perception", "robot", "out_dir")


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="run the agent on an instruction or a task")
    p.add_argument("instruction", nargs="?", help="what to do (default: the task's instruction)")
    p.add_argument("--task", help="task id (see 'embodia tasks'); default: the playground scene")
    p.add_argument("--seed", default=0, type=seed_arg, help="scene seed (integer >= 0, default 0)")
    p.add_argument("--brain", default="builtin", help="who decides (default builtin)")
    p.add_argument("--mode", default="plan", choices=MODES,
                   help="plan (LLM+P: the brain grounds, the planner plans; default), stepwise (the brain picks "
                        "each next skill) or fullplan (the brain writes the whole skill list)")
    p.add_argument("--disturb", action="store_true", help="apply the task's disturbance schedule")
    add_perception_arg(p)
    p.add_argument("--out", default="runs/latest", help="output folder (default runs/latest)")
    p.add_argument("--video", action="store_true", help="record video.mp4 from the front camera")
    p.add_argument("--rerun", metavar="FILE.rrd", help="write a Rerun recording of the episode (rerun extra)")
    p.add_argument("--dry-run", action="store_true", help="ground and plan only; do not act")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of live output")
    p.add_argument("--robot", default=robot_arg("panda"), type=robot_arg,
                   help="panda (default), so101, or lerobot:so101@PORT: a physical SO-101 mirrors the simulated one")
    p.add_argument("--robot-id", default=None, help="LeRobot calibration id of the physical arm (embodia_so101)")
    p.add_argument("--confirm", action="store_true", help="physical arm: ask before each skill")
    p.add_argument("--camera", action="append", default=[], metavar="NAME=SOURCE",
                   help="physical arm: a depth camera whose RGB-D frames place the simulated twin's objects, e.g. "
                        "front=realsense:SERIAL (repeatable; calibrated with 'embodia calibrate')")
    p.add_argument("--extrinsics", default="calibration/cameras.json",
                   help="physical arm: the cameras' calibration file (default calibration/cameras.json)")
    p.set_defaults(func=run)


def add_perception_arg(p) -> None:
    p.add_argument("--perception", default=DEFAULT_MODE, choices=PERCEPTION_MODES,
                   help="what the agent senses: camera (RGB-D + masks + proprioception; default), rgbd (no masks: "
                        "segmented from RGB-D) or privileged (the simulator's state, a shortcut)")


def _setup(args: argparse.Namespace):
    from embodia.brains.factory import make_brain
    from embodia.sim.scene import playground
    from embodia.tasks.registry import disturbed_variant, for_robot, get_task
    from embodia.types import EmbodiaError

    seed = args.seed
    robot = args.robot.sim
    brain = make_brain(args.brain)
    if args.task:
        spec = get_task(for_robot(args.task, robot))
        if args.disturb and robot != "panda":
            raise EmbodiaError(f"--disturb: the {robot} tasks have no disturbed variants")
        spec = disturbed_variant(spec) if args.disturb else spec
        inst = spec.make(seed)
        instruction = args.instruction or inst.instruction
        return brain, inst.scene, seed, instruction, inst.goal, inst.disturbances, inst, spec.id
    if args.disturb:
        raise EmbodiaError("--disturb needs --task (disturbances are scheduled against a task's goal)")
    if robot == "so101":
        from embodia.tasks import so101

        return (brain, so101.playground(), seed, args.instruction or so101.PLAYGROUND_INSTRUCTION, None, (), None,
                "playground")
    return brain, playground(), seed, args.instruction or DEFAULT_INSTRUCTION, None, (), None, "playground"


def run(args: argparse.Namespace) -> int:
    from embodia.cli.kitchen import is_kitchen_task, run_kitchen_cli

    if is_kitchen_task(args.task):  # FrankaKitchen-v1: its own world and loop (embodia.kitchen)
        return run_kitchen_cli(args, RUN_FIELDS, _live_view, _print_summary)
    from embodia.agent.episode import EpisodeConfig, run_episode
    from embodia.perception.modes import make_provider
    from embodia.record.steps import EpisodeEnded
    from embodia.record.trace import FrameRecorder, TraceWriter, prepare_out, write_atomic
    from embodia.sim.world import World

    if args.rerun and not args.rerun.endswith(".rrd"):
        from embodia.types import EmbodiaError

        raise EmbodiaError(f"--rerun takes a file name ending in .rrd, got '{args.rerun}'")
    brain, scene, seed, instruction, judge, disturbances, inst, task = _setup(args)
    refusals = _keep_refusals(brain)
    if args.dry_run:
        return _dry_run(brain, scene, seed, instruction, task, args.json, args.perception)
    out = prepare_out(args.out)
    for stale in ("summary.json", "trace.jsonl", "video.mp4"):
        (out / stale).unlink(missing_ok=True)  # never present an old run's files as this run's
    if args.confirm and not args.robot.physical:
        from embodia.types import EmbodiaError

        raise EmbodiaError("--confirm is for a physical arm: --robot lerobot:so101@PORT")
    if args.camera and not args.robot.physical:
        from embodia.types import EmbodiaError

        raise EmbodiaError("--camera is for a physical arm: --robot lerobot:so101@PORT")
    world = World(scene, seed=seed)
    arm = _physical(args, world)
    skills, sim_s = inst.budget() if inst else (60, 600.0)
    config = EpisodeConfig(instruction, mode=args.mode, judge=judge, disturbances=disturbances,
                           skill_budget=skills, sim_seconds_budget=sim_s)
    trace = TraceWriter(out)
    frames = FrameRecorder(world, out / "video.mp4") if args.video else None
    viewer = _rerun_logger(world, args.rerun, task, seed)
    view = None if args.json else _live_view()
    summary = {}
    try:
        eyes = make_provider(args.perception, world)
        for record in run_episode(world, brain, config, arm.eyes(eyes) if arm else eyes):
            for synced in arm.drain() if arm else ():  # the twin's syncs from the real cameras before this record
                trace.write(synced.to_json())
            trace.write(record.to_json())
            if viewer:
                viewer.on_record(record)
            if view:
                view(record)
            if arm:
                arm.on_record(record)
            if isinstance(record, EpisodeEnded):
                summary = dict(record.summary)
    finally:
        if arm:
            arm.close()  # on success, failure, Ctrl-C or error alike: the arm holds still
        trace.close()
        video = frames.close() if frames else None
        rrd = viewer.close() if viewer else None
    if summary.get("skills_executed") == 0 and str(summary.get("failure", "")).startswith("could not ground"):
        for made in ("trace.jsonl", "video.mp4"):  # nothing happened: leave no outputs behind
            (out / made).unlink(missing_ok=True)
        from embodia.types import EmbodiaError

        if args.json:  # the refusal as an object: reason and candidates
            print(json.dumps(_refusal_json(refusals, summary["failure"])))
            return 2
        raise EmbodiaError(summary["failure"])
    summary.update(task=task, seed=seed, robot=args.robot.label, out_dir=str(out))
    result = {k: summary.get(k) for k in RUN_FIELDS}
    write_atomic(out / "summary.json", json.dumps({**result, "brain": brain.name, "mode": args.mode}, indent=2))
    if args.json:
        print(json.dumps(result))
    else:
        _print_summary(result, video)
        if rrd:
            print(f"rerun: {rrd} (open with: rerun {rrd})")
    return 0 if result["success"] else 1


def _physical(args: argparse.Namespace, world):
    """The physical arm's session when --robot names one (LeRobot imported only then), else None."""
    if not args.robot.physical:
        return None
    from embodia.hardware.connect import DEFAULT_ID
    from embodia.hardware.session import open_session

    session = open_session(args.robot, world, args.robot_id or DEFAULT_ID, args.confirm, tuple(args.camera),
                           args.extrinsics)
    print(f"driving the SO-101 at {args.robot.port}: it follows the simulated arm, whose objects the cameras "
          f"({', '.join(session.twin.cameras)}) place; Ctrl-C stops it holding still")
    return session


def _rerun_logger(world, path: str | None, task: str, seed: int):
    if not path:
        return None
    from embodia.record.rerun_log import RerunLogger

    return RerunLogger(world, path, name=f"{task} seed {seed}")


def _dry_run(brain, scene, seed: int, instruction: str, task: str, as_json: bool, perception: str) -> int:
    from embodia.brains.base import Observation
    from embodia.perception.modes import make_provider
    from embodia.planning.planner import plan
    from embodia.sim.world import World
    from embodia.types import EmbodiaError

    world = World(scene, seed=seed)
    eyes = make_provider(perception, world)
    graph = eyes.observe(world)
    getattr(eyes, "close", lambda: None)()
    try:
        goal = brain.ground(instruction, Observation(graph))
    except EmbodiaError as exc:
        if not as_json:
            raise
        print(json.dumps(_refusal_json([exc], str(exc))))
        return 2
    t = time.perf_counter()
    steps = plan(goal, set(graph.facts()), graph.kinds()).steps
    result = {"task": task, "seed": seed, "instruction": instruction, "goal": goal.to_json(),
              "objects": list(graph.names), "plan": [str(s) for s in steps],
              "planning_seconds": round(time.perf_counter() - t, 4), "perception": perception}
    if as_json:
        print(json.dumps({k: result[k] for k in DRY_FIELDS}))
        return 0
    print(f"instruction: {instruction}\nobjects: {', '.join(graph.names)}")
    for i, stage in enumerate(goal.to_json(), 1):
        print(f"stage {i}: {', '.join(stage)}")
    print("plan:\n" + "\n".join(f"  {i + 1:>2}. {s}" for i, s in enumerate(result["plan"])))
    return 0


def _keep_refusals(brain) -> list:
    """Remember the error a brain refuses an instruction with (the episode keeps only its text)."""
    seen: list = []
    ground = brain.ground

    def keeping(instruction, obs):
        try:
            return ground(instruction, obs)
        except Exception as exc:
            seen.append(exc)
            raise
    brain.ground = keeping
    return seen


def _refusal_json(refusals: list, message: str) -> dict:
    exc = refusals[-1] if refusals else None
    if exc is not None and hasattr(exc, "to_json"):
        return exc.to_json()
    return {"refused": True, "reason": "not_grounded", "message": message, "candidates": []}


def _live_view():
    from rich.console import Console

    from embodia.record.steps import Disturbed, Grounded, Planned, Rejected, Replanned, SkillFinished

    console = Console(stderr=False, highlight=False)

    def show(r) -> None:
        match r:
            case Grounded():
                console.print(f"[bold]instruction[/] {r.instruction}")
                for i, stage in enumerate(r.goal, 1):
                    console.print(f"  goal stage {i}: {', '.join(stage)}")
            case Planned():
                console.print(f"[cyan]plan[/] ({len(r.steps)} steps, {r.seconds * 1000:.0f} ms): " + ", ".join(r.steps))
            case SkillFinished():
                mark = "[green]ok[/]" if r.ok else f"[red]{r.reason}[/] {r.detail}"
                console.print(f"  {r.index + 1:>3}. {r.call:<40} {mark}  ({r.sim_seconds:.1f} s sim)")
            case Disturbed():
                console.print(f"[magenta]disturbance[/] {r.description}")
            case Replanned():
                console.print(f"[yellow]replan #{r.attempt}[/] {r.reason}")
            case Rejected():
                console.print(f"[red]rejected[/] {r.call}: {r.reason}")
    return show


def _print_summary(result: dict, video: Path | None) -> None:
    cause = f"; cause: {result['failure_cause']}" if result.get("failure_cause") else ""
    ok = "SUCCESS" if result["success"] else f"FAILED ({result['failure']}{cause})"
    print(f"\n{ok}: {result['subgoals_done']}/{result['subgoals_total']} subgoals, {result['skills_executed']} skills, "
          f"{result['replans']} replans, {result['rejected_calls']} rejected; {result['sim_seconds']:.1f} s simulated, "
          f"{result['wall_seconds']:.1f} s wall, planning {result['planning_seconds'] * 1000:.0f} ms; "
          f"perception: {result['perception']}")
    print(f"outputs: {result['out_dir']}/summary.json, trace.jsonl" + (f", {video.name}" if video else ""))
    if video:
        print(f"video: {video}")
    sys.stdout.flush()
