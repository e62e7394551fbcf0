"""`embodia run --task kitchen-...`: one FrankaKitchen-v1 episode with live output, trace, summary and video."""

from __future__ import annotations

import argparse
import json

from embodia.types import EmbodiaError

KITCHEN_FIELDS = ("checker", "d4rl_score", "d4rl_score_at_end")


def is_kitchen_task(task: str | None) -> bool:
    return bool(task) and str(task).startswith("kitchen-")


def run_kitchen_cli(args: argparse.Namespace, run_fields: tuple[str, ...], live_view, print_summary) -> int:
    """`embodia run` for a kitchen task; the tabletop run's fields, live view and summary printer are passed in."""
    from embodia.kitchen.planner import plan
    from embodia.kitchen.run import run_kitchen
    from embodia.kitchen.tasks import get_kitchen_task
    from embodia.record.trace import prepare_out, write_atomic

    task = get_kitchen_task(args.task)
    if args.disturb:
        raise EmbodiaError(f"kitchen tasks have no disturbance schedule; use the perturbed variant "
                           f"'{task.id.replace('-v0', '-perturbed-v0')}'" if not task.perturbed else
                           "kitchen tasks have no disturbance schedule")
    if args.mode != "plan":
        raise EmbodiaError(f"the kitchen runs in plan mode only, got --mode {args.mode}")
    if args.rerun:
        raise EmbodiaError("--rerun records tabletop episodes only; use --video in the kitchen")
    instruction = args.instruction or task.instruction(args.seed)
    if args.dry_run:
        from embodia.kitchen.brains import kitchen_brain
        from embodia.kitchen.planner import planning_state
        from embodia.types import Literal

        goal = kitchen_brain(args.brain, task.goal(args.seed)).ground(instruction, None)
        steps = plan(goal, planning_state({Literal("on", ("kettle", "bottom_burner"))}))
        result = {"task": task.id, "seed": args.seed, "instruction": instruction, "goal": goal.to_json(),
                  "plan": [str(s) for s in steps]}
        print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
        return 0
    out = prepare_out(args.out)
    for stale in ("summary.json", "trace.jsonl", "video.mp4"):
        (out / stale).unlink(missing_ok=True)
    view = None if args.json else live_view()
    summary = run_kitchen(task.id, args.seed, args.brain, instruction, out, args.video, on_record=view)
    if summary.get("skills_executed") == 0 and str(summary.get("failure", "")).startswith("could not ground"):
        (out / "trace.jsonl").unlink(missing_ok=True)
        raise EmbodiaError(summary["failure"])
    summary.update(task=task.id, seed=args.seed, out_dir=str(out))
    result = {k: summary.get(k) for k in (*run_fields, *KITCHEN_FIELDS)}
    write_atomic(out / "summary.json", json.dumps({**result, "brain": args.brain, "mode": args.mode}, indent=2))
    if args.json:
        print(json.dumps(result))
    else:
        from pathlib import Path

        print_summary(result, Path(summary["video_path"]) if summary.get("video_path") else None)
        c = result["checker"]
        still = ", ".join(c["still_true_at_end"]) or "none"
        print(f"checker {c['name']}: completed {', '.join(c['completed']) or 'nothing'} "
              f"(steps {c['completed_at_step']}), still true at the end: {still}; "
              f"{c['steps']} of {c['step_budget']} steps; D4RL score {result['d4rl_score']}")
    return 0 if result["success"] else 1
