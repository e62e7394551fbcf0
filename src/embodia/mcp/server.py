"""The MCP server (official `mcp` SDK, `MCPServer`): the robot's tools and resources, each call gated.

Every tool validates its arguments, and every skill passes the safety layer and the session budget before the
arm moves; a refusal is a tool error naming the problem. All physics and GL run on one thread (`SimThread`);
the event loop only speaks the protocol and sends progress while a skill or an episode runs. No exception
escapes a tool: ours become tool errors, anything else is logged to stderr and reported as an internal error.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import sys
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import AcceptedElicitation, Context, Elicit, ElicitationResult, MCPServer, Resolve
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp_types import CallToolResult, ImageContent, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from embodia import __version__
from embodia.mcp import skilltools
from embodia.mcp.session import Session, SessionConfig
from embodia.mcp.simthread import SimThread
from embodia.skills import SKILLS
from embodia.types import EmbodiaError

log = logging.getLogger("embodia.mcp")
READ_ONLY = ToolAnnotations(read_only_hint=True)
# A job's result waits for the GIL to pass from thread to thread: Python's default 5 ms switch interval
# added ~7 ms to every call; at 1 ms a call costs ~1 ms beyond its own work.
GIL_SWITCH_S = 0.001
INSTRUCTIONS = (
    "A simulated Franka Panda at a table (MuJoCo). Call observe for the objects and facts, then skills "
    "(pick, place_on, place_in, open, close, push, home) one at a time, or run for a whole episode with the "
    "built-in brain and planner. goal_status tells how far the task's staged goal is; reset starts a new scene. "
    "Every skill is checked by a safety layer and counted against the session's budget.")


class Approval(BaseModel):
    """What the client is asked before a skill runs in --confirm mode."""

    run: bool = Field(description="run this call on the robot now")


def _text(text: str, structured: dict[str, Any] | None = None, error: bool = False) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured,
                          is_error=error)


def _png(rgb) -> bytes:
    import imageio.v3 as iio

    buf = io.BytesIO()
    iio.imwrite(buf, rgb, extension=".png")
    return buf.getvalue()


class RobotServer:
    """One session's robot behind an `MCPServer` (`.mcp`)."""

    def __init__(self, cfg: SessionConfig, sim: SimThread | None = None, session: Session | None = None) -> None:
        """`sim` and `session` may come already started (the first scene building); else they start here."""
        self.cfg = cfg
        self.sim, self.session = sim or SimThread(), session or Session(cfg)
        if session is None:
            self.sim.submit(self.session.reset)  # the first scene is built while the client connects
        self.mcp = MCPServer("embodia", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING",
                             tools=self._tools())
        self.mcp.resource("embodia://task", name="task", mime_type="application/json",
                          description="the current task: id, seed, instruction, staged goal, progress, budget")(
            self._task_resource)
        self.mcp.resource("embodia://trace", name="trace", mime_type="application/json",
                          description="every call of this session in order, with outcomes")(self._trace_resource)

    # --- plumbing ---------------------------------------------------------------------------------------------
    async def _on_sim(self, fn: Callable[..., Any], *args: Any, on_wait=None) -> Any:
        try:
            return await self.sim.call(fn, *args, on_wait=on_wait)
        except EmbodiaError as exc:  # a refusal (nothing moved) or a user error, one line
            raise ToolError(str(exc)) from None
        except Exception as exc:  # no call may crash the server
            log.exception("internal error in %s", getattr(fn, "__name__", fn))
            raise ToolError(f"internal error: {type(exc).__name__}: {exc}") from None

    def _tools(self) -> list[Tool]:
        def make(fn, description: str, name: str | None = None, read_only: bool = False,
                 schema: dict[str, Any] | None = None) -> Tool:
            made = Tool.from_function(fn, name=name, description=description, structured_output=False,
                                      annotations=READ_ONLY if read_only else None)
            return made.model_copy(update={"parameters": schema}) if schema else made

        tools = [
            make(self.observe, "The scene graph now: objects with poses, the facts (predicates) that hold, the "
                 "drawer, what the gripper holds and which objects are not observed.", read_only=True),
            make(self.camera, "An RGB image (PNG) from a scene camera: front, top or wrist; size in px "
                 "(32 to 1024).", read_only=True)]
        for skill in SKILLS.values():
            extra = None
            if self.cfg.confirm:
                resolver = skilltools.resolver_function(skill, self._ask, Approval | Elicit[Approval])
                extra = {"approval": Annotated[ElicitationResult[Approval], Resolve(resolver)]}
            fn = skilltools.tool_function(skill, self._skill, Context, extra)
            tools.append(make(fn, skilltools.description(skill), skill.name, schema=skilltools.input_schema(skill)))
        return [*tools,
                make(self.run, "Run a whole episode with embodia's brain and PDDL planner from the current state "
                     "(perceive, plan, act, verify, replan). Without an instruction: the task's, judged by the "
                     "task's goal. Returns the summary of `embodia run --json`."),
                make(self.reset, "A new scene: task id (default the current one, see tasks) and seed (default the "
                     "current one). The session's budget is not renewed."),
                make(self.goal_status, "The task's staged goal and progress: stages reached, subgoals done, "
                     "success; and the session's budget left.", read_only=True),
                make(self.tasks, "Every task id with its family, tier and description.", read_only=True)]

    # --- tools ------------------------------------------------------------------------------------------------
    async def observe(self) -> CallToolResult:
        scene = await self._on_sim(self.session.observe)
        data = {**scene.to_json(), "holding": scene.gripper.holding,
                "not_observed": [n.name for n in scene.objects if not n.observed]}
        return _text(scene.to_prompt(), data)

    async def camera(self, name: str = "front", size: int = 256) -> CallToolResult:
        rgb = await self._on_sim(self.session.camera, name, size)
        image = ImageContent(type="image", data=base64.b64encode(_png(rgb)).decode(), mime_type="image/png")
        text = TextContent(type="text", text=f"{name} camera, {size}x{size} px, RGB")
        return CallToolResult(content=[image, text])

    async def _ask(self, skill, arguments: dict[str, Any]) -> Any:
        call = self._call(skill, arguments)
        await self._on_sim(self.session.check, call)  # a call the safety layer refuses is never put to the user
        return Elicit(f"Run {call} on the robot? ({skill.description})", Approval)

    def _call(self, skill, arguments: dict[str, Any]):
        try:
            return skilltools.to_call(skill, arguments)
        except ValueError as exc:
            raise ToolError(str(exc)) from None

    async def _skill(self, skill, arguments: dict[str, Any], ctx: Context, approval: Any = None) -> CallToolResult:
        call = self._call(skill, arguments)
        if self.cfg.confirm and not (isinstance(approval, AcceptedElicitation) and approval.data.run):
            why = "declined" if isinstance(approval, AcceptedElicitation) else getattr(approval, "action", "no answer")
            self.session.trace.append({"tool": skill.name, "call": str(call), "ok": False, "confirmed": False})
            raise ToolError(f"{call} not run: the client did not confirm it ({why})")
        last = [0.0]

        async def progress() -> None:
            done = self.session.elapsed(call)
            if done is not None and done > last[0]:
                last[0] = done
                await ctx.report_progress(done, skill.budget, f"{call}: {done:.1f} simulated s")

        out = await self._on_sim(self.session.act, call, on_wait=progress)
        if out["ok"]:
            text = f"{call}: ok ({out['detail']}); " + ("effects verified" if out["verified"] else
                                                         f"verification found {', '.join(out['mismatches'][:3])}")
        else:
            text = f"{call} failed: {out['reason']} ({out['detail']})"
        return _text(f"{text}; {out['sim_seconds']:.1f} simulated s", out, error=not out["ok"])

    async def run(self, ctx: Context, instruction: str | None = None) -> CallToolResult:
        seen: list[str] = []

        def note(record) -> None:
            call = getattr(record, "call", "")
            seen.append(f"{record.type} {call}".strip())

        last = [0]

        async def progress() -> None:  # every record since the last poll, so a client never misses a step
            for i in range(last[0], len(seen)):
                await ctx.report_progress(i + 1, None, f"step {i + 1}: {seen[i]}")
            last[0] = len(seen)

        summary = await self._on_sim(self.session.run, instruction, note, on_wait=progress)
        ok = bool(summary.get("success"))
        text = (f"{'SUCCESS' if ok else 'FAILED'}: {summary.get('subgoals_done')}/{summary.get('subgoals_total')} "
                f"subgoals, {summary.get('skills_executed')} skills, {summary.get('replans')} replans"
                + ("" if ok else f"; {summary.get('failure')}"))
        return _text(text, summary, error=not ok)

    async def reset(self, task: str | None = None, seed: int | None = None) -> CallToolResult:
        info = await self._on_sim(self.session.reset, task, seed)
        return _text(f"{info['task']} seed {info['seed']}: {info['instruction']}", info)

    async def goal_status(self) -> CallToolResult:
        status = await self._on_sim(self.session.goal_status)
        text = (f"{status['task']}: {status['subgoals_done']}/{status['subgoals_total']} subgoals, stage "
                f"{status['stages_reached']}/{status['stage_total']}{', success' if status['success'] else ''}")
        return _text(text, status)

    async def tasks(self) -> CallToolResult:
        rows = self.session.tasks()
        return _text(f"{len(rows)} tasks: " + ", ".join(r["id"] for r in rows), {"tasks": rows})

    # --- resources --------------------------------------------------------------------------------------------
    async def _task_resource(self) -> str:
        info = await self._on_sim(lambda: {**self.session.task_info(), **self.session.goal_status()})
        return json.dumps(info)

    async def _trace_resource(self) -> str:
        return json.dumps(await self._on_sim(lambda: list(self.session.trace)), default=str)

    def close(self) -> None:
        self.sim.submit(self.session.close)
        self.sim.close()


def serve(cfg: SessionConfig, transport: str = "stdio", host: str = "127.0.0.1", port: int = 8000,
          sim: SimThread | None = None, session: Session | None = None) -> None:
    """Run the server until the client disconnects (stdio) or the process is stopped (HTTP)."""
    sys.setswitchinterval(GIL_SWITCH_S)
    robot = RobotServer(cfg, sim, session)
    try:
        if transport == "stdio":
            robot.mcp.run("stdio")
        else:
            robot.mcp.run("streamable-http", host=host, port=port)
    finally:
        robot.close()
