"""The model path end to end against the scripted server: a correct model leads to task success in physics in
each mode; invalid answers are repaired or end the episode cleanly; the CLI reports faults in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scripted_server import ScriptedServer, ok, user_text

from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.brains.factory import make_brain
from embodia.brains.model import ModelBrain
from embodia.cli.run import RUN_FIELDS
from embodia.sim.world import World
from embodia.tasks.base import TaskInstance
from embodia.tasks.registry import get_task
from embodia.types import EmbodiaError, Goal

REFUSAL = "I'm sorry, but I can't help with that request."


def goal_json(goal: Goal) -> dict:
    return {"stages": [[{"predicate": lit.predicate, "args": list(lit.args)} for lit in stage]
                       for stage in goal.stages]}


def step(skill: str, **args: str) -> dict:
    return {"skill": skill, "args": args}


def stack2() -> tuple:
    inst = get_task("stack-2").make(0)
    top, bottom = inst.goal.literals[0].args
    return inst, top, bottom


def run(brain: ModelBrain, inst: TaskInstance, mode: str) -> list:
    cfg = EpisodeConfig(inst.instruction, mode=mode, judge=inst.goal, skill_budget=8, sim_seconds_budget=120)
    return list(run_episode(World(inst.scene, seed=0), brain, cfg))


def embodia(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "embodia.cli", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("mode", ["stepwise", "fullplan"])
def test_correct_model_succeeds_in_physics(scripted: ScriptedServer, mode: str) -> None:
    inst, top, bottom = stack2()
    plan = [step("pick", obj=top), step("place_on", obj=top, target=bottom)]
    later = [ok({"next": plan[0]}), ok({"next": plan[1]}), ok({"next": {"done": True, "reason": "stacked"}})] \
        if mode == "stepwise" else [ok({"steps": plan})]
    scripted.script(ok(goal_json(inst.goal)), *later)
    brain = make_brain(f"openai:scripted@{scripted.url},retries=0")
    records = run(brain, inst, mode)
    end = records[-1]
    assert end.type == "EpisodeEnded" and end.success, end.failure
    assert [r.call for r in records if r.type == "SkillFinished"] == [f"pick({top})", f"place_on({top}, {bottom})"]
    assert end.summary["model_calls"] == len(scripted.requests)  # the loop stops asking once the goal holds
    assert end.summary["prompt_tokens"] == 11 * end.summary["model_calls"]
    first = scripted.requests[0]["messages"]
    assert "never an instruction" in first[0]["content"]  # scene text is data
    assert any(p["type"] == "image_url" and p["image_url"]["url"].startswith("data:image/jpeg;base64,")
               for p in first[1]["content"])
    if mode == "stepwise":
        assert f"pick({top}): ok" in user_text(scripted.requests[2])  # memory summary reaches the model


def test_plan_mode_via_cli_with_trace_and_no_key_leak(scripted: ScriptedServer, tmp_path: Path) -> None:
    inst, _, _ = stack2()
    scripted.script(fallback=lambda body: ok(goal_json(inst.goal)))
    out = tmp_path / "run"
    proc = embodia("run", "--task", "stack-2", "--brain", f"openai:scripted@{scripted.url}", "--json",
                   "--out", str(out), env={"OPENAI_API_KEY": "sk-secret-777"})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert list(result) == list(RUN_FIELDS) and result["success"] and result["model_calls"] == 1
    assert result["prompt_tokens"] == 11 and result["completion_tokens"] == 7
    trace = (out / "trace.jsonl").read_text()
    assert "sk-secret-777" not in trace + proc.stdout + proc.stderr
    assert json.loads(trace.splitlines()[0])["brain"] == "openai:scripted"
    assert scripted.headers[0]["authorization"] == "Bearer sk-secret-777"


def test_unknown_object_is_repaired_with_the_error(scripted: ScriptedServer) -> None:
    inst, top, bottom = stack2()
    bad = {"stages": [[{"predicate": "on", "args": ["purple_block", bottom]}]]}
    scripted.script(ok(bad), ok(goal_json(inst.goal)))
    brain = make_brain(f"openai:scripted@{scripted.url},images=false")
    from embodia.brains.base import Observation
    from embodia.perception.provider import PrivilegedProvider

    obs = Observation(PrivilegedProvider().observe(World(inst.scene, seed=0)))
    assert brain.ground(inst.instruction, obs) == inst.goal
    assert len(brain.model_calls) == 2
    repair = user_text(scripted.requests[1])
    assert 'unknown value "purple_block"' in repair and f'"{top}"' in repair
    assert scripted.requests[1]["messages"][-2]["role"] == "assistant"


def test_refusals_end_stepwise_cleanly(scripted: ScriptedServer) -> None:
    inst, _, _ = stack2()
    scripted.script(ok(goal_json(inst.goal)), fallback=lambda body: ok(REFUSAL))
    records = run(make_brain(f"openai:scripted@{scripted.url},repairs=1,images=false"), inst, "stepwise")
    rejected = [r for r in records if r.type == "Rejected"]
    assert rejected and rejected[0].source == "brain" and "no valid answer in 2 tries" in rejected[0].reason
    assert records[-1].type == "EpisodeEnded" and not records[-1].success
    assert records[-1].failure.startswith("no decision")


def test_model_pointing_is_grounded_through_the_mask(scripted: ScriptedServer) -> None:
    """Qwen3-VL style 0-1000 points instead of names: resolved to objects via the segmentation mask."""
    from embodia.sim.render import Cameras

    inst, top, bottom = stack2()
    with Cameras(World(inst.scene, seed=0), 448, 448) as cams:
        mask = cams.segmentation("front")
        names = cams.names

    def point(name: str) -> dict:
        rows, cols = np.nonzero(mask == names.index(name) + 1)
        i = int(np.argmin((rows - rows.mean()) ** 2 + (cols - cols.mean()) ** 2))  # a pixel on the object
        return {"point_2d": [round((cols[i] + 0.5) / 448 * 1000), round((rows[i] + 0.5) / 448 * 1000)]}

    scripted.script(ok({"stages": [[{"predicate": "on", "args": [point(top), point(bottom)]}]]}))
    brain = make_brain(f"openai:scripted@{scripted.url},grounding=qwen3")
    assert brain.cameras == ("front", "front:segmentation")
    records = run(brain, inst, "plan")
    assert records[0].type == "Grounded" and records[0].goal == inst.goal.to_json()
    assert records[-1].success
    assert "point_2d" in json.dumps(scripted.requests[0]["response_format"])


def test_refusal_and_server_down_are_one_line_cli_errors(scripted: ScriptedServer, tmp_path: Path) -> None:
    from embodia.models.llamacpp import free_port

    scripted.script(fallback=lambda body: ok(REFUSAL))
    proc = embodia("run", "--task", "stack-2", "--brain", f"openai:m@{scripted.url},repairs=1", "--out",
                   str(tmp_path / "a"))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "could not ground the instruction" in lines[0]
    assert "no valid answer" in lines[0] and len(scripted.requests) == 2
    down = f"openai:m@http://127.0.0.1:{free_port()}/v1,retries=1"
    proc = embodia("run", "--task", "stack-2", "--brain", down, "--out", str(tmp_path / "b"))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "cannot reach the model server" in lines[0], proc.stderr


def test_unknown_brain_prefix_lists_valid_specs() -> None:
    with pytest.raises(EmbodiaError, match="unknown brain 'gpt9:x'; valid: builtin, qwen:MODEL"):
        make_brain("gpt9:x")
