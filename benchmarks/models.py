"""Model-path overhead on our side (prompt building, image encoding, validation) and model calls / tokens per
episode by mode against the scripted OpenAI-compatible server (a "model" that always answers correctly).

    python benchmarks/models.py [--task stack-3] [--reps 200]

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "models"))

from scripted_server import ScriptedServer, ok

from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.brains import schemas
from embodia.brains.factory import make_brain
from embodia.brains.prompts import compact, conversation, render
from embodia.models.images import data_url
from embodia.models.replies import parse_and_validate
from embodia.perception.provider import PrivilegedProvider
from embodia.planning.planner import plan
from embodia.sim.render import Cameras
from embodia.sim.world import World
from embodia.tasks.registry import get_task


def median_ms(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 3)


def overhead(task: str, reps: int) -> dict:
    inst = get_task(task).make(0)
    world = World(inst.scene, seed=0)
    scene = PrivilegedProvider().observe(world)
    with Cameras(world, 448, 448) as cams:
        rgb = cams.rgb("front")
    goal_reply = json.dumps({"stages": [[{"predicate": lit.predicate, "args": list(lit.args)}
                                         for lit in stage] for stage in inst.goal.stages]})

    def build_prompt() -> None:
        schema = schemas.goal_schema(scene)
        conversation(render("ground", instruction=inst.instruction, scene=scene.to_prompt(),
                            schema=compact(schema), pointing=""), {})

    schema = schemas.goal_schema(scene)
    return {
        "prompt_build_ms": median_ms(build_prompt, reps),
        "image_jpeg_448_ms": median_ms(lambda: data_url(rgb, 448, "jpeg"), max(20, reps // 4)),
        "image_png_448_ms": median_ms(lambda: data_url(rgb, 448, "png"), max(20, reps // 4)),
        "image_jpeg_224_ms": median_ms(lambda: data_url(rgb, 224, "jpeg"), max(20, reps // 4)),
        "validate_goal_ms": median_ms(lambda: parse_and_validate(goal_reply, schema), reps),
        "validate_step_ms": median_ms(lambda: parse_and_validate(
            json.dumps({"next": {"skill": "pick", "args": {"obj": scene.names[0]}}}),
            schemas.step_schema(scene)), reps),
        "goal_schema_bytes": len(compact(schema)),
        "image_jpeg_448_bytes": len(data_url(rgb, 448, "jpeg")),
    }


def episode(server: ScriptedServer, task: str, mode: str) -> dict:
    inst = get_task(task).make(0)
    world = World(inst.scene, seed=0)
    scene = PrivilegedProvider().observe(world)
    steps = plan(inst.goal, set(scene.facts()), scene.kinds()).steps
    as_json = [{"skill": s.name, "args": dict(zip(_params(s.name), s.args, strict=True))} for s in steps]
    goal = {"stages": [[{"predicate": lit.predicate, "args": list(lit.args)} for lit in stage]
                       for stage in inst.goal.stages]}
    later = [ok({"next": s}) for s in as_json] + [ok({"next": {"done": True}})] if mode == "stepwise" else \
        [ok({"steps": as_json})] if mode == "fullplan" else []
    server.script(ok(goal), *later)
    brain = make_brain(f"openai:scripted@{server.url}")
    cfg = EpisodeConfig(inst.instruction, mode=mode, judge=inst.goal)
    t = time.perf_counter()
    end = list(run_episode(world, brain, cfg))[-1]
    s = end.summary
    return {"success": s["success"], "model_calls": s["model_calls"], "prompt_tokens": s["prompt_tokens"],
            "completion_tokens": s["completion_tokens"], "skills": s["skills_executed"],
            "request_bytes": sum(len(json.dumps(r)) for r in server.requests),
            "wall_s": round(time.perf_counter() - t, 2)}


def _params(skill: str) -> tuple[str, ...]:
    from embodia.skills import SKILLS

    return SKILLS[skill].params


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", default="stack-3")
    ap.add_argument("--reps", type=int, default=200)
    args = ap.parse_args()
    out: dict = {"task": args.task, "overhead": overhead(args.task, args.reps), "episodes": {}}
    for k, v in out["overhead"].items():
        print(f"{k:<22} {v}")
    server = ScriptedServer()  # the scripted server's usage is fixed: 11 prompt + 7 completion tokens a call
    try:
        for mode in ("plan", "stepwise", "fullplan"):
            out["episodes"][mode] = episode(server, args.task, mode)
            print(f"{mode:<9} " + ", ".join(f"{k}={v}" for k, v in out["episodes"][mode].items()))
    finally:
        server.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
