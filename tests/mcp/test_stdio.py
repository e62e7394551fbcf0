"""Real client, real server: the SDK's stdio client spawns `embodia mcp` with a bare environment (no MUJOCO_GL),
runs a task to success through skill tools and through `run`, gets an image, and gets tool errors (no crash, no
hang) for an unknown object, a violated precondition, a bad argument type and a budget overrun."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import anyio
import pytest

mcp = pytest.importorskip("mcp")
from mcp import Client, StdioServerParameters, stdio_client  # noqa: E402
from mcp.client.stdio import get_default_environment  # noqa: E402

from embodia.cli.run import RUN_FIELDS  # noqa: E402
from embodia.skills import SKILLS  # noqa: E402

SRC = Path(__file__).resolve().parents[2] / "src"
TIMEOUT_S = 240  # a hard deadline per request (progress does not extend it): a hang fails, never blocks CI


def _server(*args: str) -> StdioServerParameters:
    # the client passes its allow-list (PATH, HOME, ...) only; PYTHONPATH points at this checkout's sources
    return StdioServerParameters(command=sys.executable, args=["-m", "embodia.cli", "mcp", *args],
                                 env={"PYTHONPATH": str(SRC)})


def test_bare_environment_has_no_gl_choice() -> None:
    assert "MUJOCO_GL" not in get_default_environment()


@pytest.mark.xdist_group("mcp-stdio")
def test_a_host_drives_the_robot_over_stdio(tmp_path: Path) -> None:
    seen: dict = {"progress": [], "faults": []}

    async def progress(done: float, total: float | None, message: str | None) -> None:
        seen["progress"].append((done, message))

    async def on_message(message) -> None:  # a line on stdout that is not protocol arrives here as an exception
        if isinstance(message, Exception):
            seen["faults"].append(message)

    async def session() -> None:
        with open(tmp_path / "stderr.log", "w") as errlog:
            transport = stdio_client(_server("--task", "stack-2-v0", "--max-skills", "5"), errlog=errlog)
            async with Client(transport, read_timeout_seconds=TIMEOUT_S, message_handler=on_message) as client:
                tools = {t.name: t for t in (await client.list_tools()).tools}
                assert set(SKILLS) | {"observe", "camera", "run", "reset", "goal_status", "tasks"} <= set(tools)
                assert tools["place_on"].input_schema["required"] == ["object", "target"]

                scene = (await client.call_tool("observe")).structured_content
                assert {o["name"] for o in scene["objects"]} >= {"green_block", "blue_block"}

                unknown = await client.call_tool("pick", {"object": "red_cube"})
                assert unknown.is_error and "unknown object 'red_cube'" in unknown.content[0].text
                assert "green_block" in unknown.content[0].text  # the valid ones are named
                early = await client.call_tool("place_on", {"object": "green_block", "target": "blue_block"})
                assert early.is_error and "holding(green_block)" in early.content[0].text
                typed = await client.call_tool("pick", {"object": 7})
                assert typed.is_error and "argument 'object'" in typed.content[0].text

                for name, args in (("pick", {"object": "green_block"}),
                                   ("place_on", {"object": "green_block", "target": "blue_block"})):
                    done = await client.call_tool(name, args, progress_callback=progress)
                    assert not done.is_error, done.content[0].text
                    assert done.structured_content["verified"]
                status = (await client.call_tool("goal_status")).structured_content
                assert status["success"] and status["subgoals_done"] == 1

                image = (await client.call_tool("camera", {"name": "front", "size": 64})).content[0]
                assert image.type == "image" and base64.b64decode(image.data)[:8] == b"\x89PNG\r\n\x1a\n"

                await client.call_tool("reset", {"seed": 0})
                ran = await client.call_tool("run", progress_callback=progress)
                assert set(ran.structured_content) == set(RUN_FIELDS)
                assert ran.structured_content["success"], ran.content[0].text

                last = await client.call_tool("home")  # the 5th skill call of --max-skills 5
                assert not last.is_error, last.content[0].text
                over = await client.call_tool("pick", {"object": "green_block"})
                assert over.is_error and "budget exhausted" in over.content[0].text
                assert not (await client.call_tool("goal_status")).is_error  # still serving
        seen["stderr"] = (tmp_path / "stderr.log").read_text()

    anyio.run(session)
    assert any("pick(green_block)" in (m or "") for _, m in seen["progress"])
    assert "Traceback" not in seen["stderr"] and not seen["faults"]
