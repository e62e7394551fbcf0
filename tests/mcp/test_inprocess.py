"""The MCP server through the SDK's in-process client: schemas from the skills' typed parameters, argument checks,
--confirm (elicitation), resources, the simulated-time budget, and that no exception crashes the server."""

from __future__ import annotations

import json
import threading

import anyio
import pytest

pytest.importorskip("mcp")
import mcp_types
from mcp import Client, MCPError

from embodia.mcp import skilltools
from embodia.mcp.server import RobotServer
from embodia.mcp.session import SessionConfig
from embodia.mcp.simthread import SimThread
from embodia.skills import SKILLS
from embodia.skills.params import arguments_schema

pytestmark = pytest.mark.xdist_group("mcp-inprocess")


def test_skill_schemas_are_the_typed_parameters_renamed() -> None:
    for skill in SKILLS.values():
        mine, theirs = skilltools.input_schema(skill), arguments_schema(skill)
        assert list(mine["properties"].values()) == list(theirs["properties"].values())
        assert [skilltools.arg_name(n) for n in theirs["required"]] == mine["required"]
    assert list(skilltools.input_schema(SKILLS["place_in"])["properties"]) == ["object", "container"]


@pytest.mark.parametrize("args, words", [
    ({}, ["'object' is a required property", "arguments: object, direction, distance"]),
    ({"object": "a", "direction": "up", "distance": 0.1}, ["argument 'direction'", "left, right, forward or back"]),
    ({"object": "a", "direction": "left", "distance": 2}, ["argument 'distance'", "0.01 to 0.25 m"]),
    ({"object": "a", "direction": "left", "distance": "far"}, ["argument 'distance'", "not of type 'number'"]),
    ({"object": "a", "direction": "left", "distance": 0.1, "speed": 1}, ["'speed' was unexpected"]),
])
def test_bad_arguments_are_one_line_naming_what_is_valid(args: dict, words: list[str]) -> None:
    with pytest.raises(ValueError) as err:
        skilltools.to_call(SKILLS["push"], args)
    assert "\n" not in str(err.value) and all(w in str(err.value) for w in words)


def test_good_arguments_become_the_skill_call() -> None:
    call = skilltools.to_call(SKILLS["push"], {"object": "red_block", "direction": "left", "distance": 0.1})
    assert str(call) == "push(red_block, left, 0.1)"


def test_the_sim_thread_is_one_thread_and_passes_errors_back() -> None:
    sim = SimThread()

    async def main() -> set[int]:
        idents = {await sim.call(threading.get_ident) for _ in range(5)}
        with pytest.raises(ZeroDivisionError):
            await sim.call(lambda: 1 / 0)
        return idents

    try:
        assert anyio.run(main) == {sim.ident} and sim.ident != threading.get_ident()
    finally:
        sim.close()


def _answer(action: str, run: bool = True):
    asked: list[str] = []

    async def elicit(context, params) -> mcp_types.ElicitResult:
        asked.append(params.message)
        return mcp_types.ElicitResult(action=action, content={"run": run} if action == "accept" else None)
    return elicit, asked


def test_confirm_mode_runs_a_skill_only_when_the_client_confirms() -> None:
    robot = RobotServer(SessionConfig(task="stack-2-v0", confirm=True))
    decline, asked_no = _answer("decline")
    accept, asked_yes = _answer("accept")

    async def main() -> None:
        async with Client(robot.mcp, elicitation_callback=decline, mode="legacy") as client:  # asked mid-call
            refused = await client.call_tool("pick", {"object": "green_block"})
            assert refused.is_error and "not run" in refused.content[0].text
            bad = await client.call_tool("pick", {"object": "blue_bowl"})  # refused before anyone is asked
            assert bad.is_error and "unknown object 'blue_bowl'" in bad.content[0].text
        async with Client(robot.mcp) as client:  # a client that cannot be asked: an error, never a motion
            with pytest.raises(MCPError, match="elicitation"):
                await client.call_tool("pick", {"object": "green_block"})
        async with Client(robot.mcp, elicitation_callback=accept) as client:  # 2026-07-28: asked by returning
            done = await client.call_tool("pick", {"object": "green_block"})
            assert not done.is_error and done.structured_content["holding"] == "green_block"
            trace = json.loads((await client.read_resource("embodia://trace")).contents[0].text)
            assert [t.get("call") for t in trace if t["tool"] == "pick"] == ["pick(green_block)"] * 2
            assert [t["ok"] for t in trace if t["tool"] == "pick"] == [False, True]

    try:
        anyio.run(main)
    finally:
        robot.close()
    assert asked_no == ["Run pick(green_block) on the robot? (" + SKILLS["pick"].description + ")"]
    assert len(asked_yes) == 1


def test_budgets_resources_and_faults_end_in_tool_errors() -> None:
    robot = RobotServer(SessionConfig(task="stack-2-v0", max_sim_seconds=0.5))

    def broken() -> None:
        raise RuntimeError("injected fault")

    async def main() -> None:
        async with Client(robot.mcp) as client:
            task = json.loads((await client.read_resource("embodia://task")).contents[0].text)
            assert task["task"] == "stack-2-v0" and task["goal"] == [["on(green_block, blue_block)"]]
            first = await client.call_tool("pick", {"object": "green_block"})  # cut short by the 0.5 s left
            assert first.is_error and first.structured_content["reason"] == "timeout"
            over = await client.call_tool("home")
            assert over.is_error and "simulated s used" in over.content[0].text
            unknown = await client.call_tool("reset", {"task": "stack-99"})
            assert unknown.is_error and "stack-99" in unknown.content[0].text
            robot.session.observe = broken  # a bug deep inside: reported, not fatal
            crashed = await client.call_tool("observe")
            assert crashed.is_error and "internal error: RuntimeError: injected fault" in crashed.content[0].text
            assert not (await client.call_tool("tasks")).is_error  # still serving

    try:
        anyio.run(main)
    finally:
        robot.close()


@pytest.mark.parametrize("argv, words", [
    (["--task", "stack-99"], ["stack-99", "stack family's range"]),
    (["--perception", "xray"], ["unknown perception 'xray'", "privileged"]),
    (["--max-skills", "0"], ["--max-skills must be a number > 0"]),
    (["--transport", "carrier-pigeon"], ["stdio", "streamable-http"]),
])
def test_bad_options_are_one_line_and_exit_2(argv: list[str], words: list[str], capsys) -> None:
    from embodia.cli import main

    try:
        code = main(["mcp", *argv])
    except SystemExit as stop:  # argparse's own checks
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and all(w in err for w in words), err


def test_camera_perception_observes_from_images() -> None:
    robot = RobotServer(SessionConfig(task="stack-2-v0", perception="camera"))

    async def main() -> dict:
        async with Client(robot.mcp) as client:
            return (await client.call_tool("observe")).structured_content

    try:
        scene = anyio.run(main)
    finally:
        robot.close()
    assert scene["source"] != "privileged"
    assert {"green_block", "blue_block"} <= {o["name"] for o in scene["objects"] if o["observed"]}
