"""`embodia mcp`: serve the robot to any MCP host (stdio by default; stdout carries only the protocol)."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from embodia.cli.args import seed_arg

TRANSPORTS = ("stdio", "streamable-http")


def _positive(kind: type, what: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number > 0, got '{text}'") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{what} must be a number > 0, got {text}")
        return value
    return parse


def add_parser(sub) -> None:
    p = sub.add_parser("mcp", help="serve the robot over the Model Context Protocol (tools with safety gates)")
    p.add_argument("--task", default=None, help="task id (see 'embodia tasks'; default chain-5-v0, for so101 stack-2)")
    p.add_argument("--seed", default=0, type=seed_arg, help="scene seed (integer >= 0, default 0)")
    p.add_argument("--robot", default="panda", help="simulated arm: panda (default) or so101")
    p.add_argument("--perception", default=None,
                   help="perception mode: privileged (simulator state, default) or camera (rendered images)")
    p.add_argument("--brain", default="builtin", help="who decides in the run tool (default builtin)")
    p.add_argument("--transport", default="stdio", choices=TRANSPORTS, help="stdio (default) or streamable-http")
    p.add_argument("--host", default="127.0.0.1", help="HTTP host (streamable-http; default 127.0.0.1)")
    p.add_argument("--port", default=8000, type=_positive(int, "port"), help="HTTP port (default 8000)")
    p.add_argument("--max-skills", default=100, type=_positive(int, "--max-skills"),
                   help="skill executions per session, the run tool's included (default 100)")
    p.add_argument("--max-sim-seconds", default=1200.0, type=_positive(float, "--max-sim-seconds"),
                   help="simulated seconds per session (default 1200)")
    p.add_argument("--confirm", action="store_true",
                   help="run a skill only after the client confirms it (MCP elicitation)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from embodia.types import EmbodiaError

    if importlib.util.find_spec("mcp") is None:
        raise EmbodiaError("embodia mcp needs the official MCP SDK: pip install 'embodia[mcp]'")
    from embodia.cli.run import RUN_FIELDS
    from embodia.mcp import perceive
    from embodia.mcp.session import DEFAULT_TASK, Session, SessionConfig
    from embodia.mcp.simthread import SimThread
    from embodia.models import parse_spec
    from embodia.tasks.registry import for_robot, get_task

    perception = args.perception or perceive.DEFAULT
    if perception not in perceive.MODES:
        raise EmbodiaError(f"unknown perception '{perception}'; valid: {', '.join(perceive.MODES)}")
    default = DEFAULT_TASK if args.robot == "panda" else "stack-2"
    task = get_task(for_robot(args.task or default, args.robot)).id  # unknown: one line naming the valid ones
    if args.brain != "builtin":
        parse_spec(args.brain)  # a bad brain spec fails now, not at the first run call
    cfg = SessionConfig(task=task, seed=args.seed, perception=perception, brain=args.brain,
                        max_skills=args.max_skills, max_sim_seconds=args.max_sim_seconds, confirm=args.confirm,
                        run_fields=RUN_FIELDS)
    sim, session = SimThread(), Session(cfg)
    sim.submit(session.reset)  # the first scene is built while the SDK loads and the client connects
    from embodia.mcp.server import serve

    print(f"embodia mcp: {task} seed {args.seed}, {perception} perception, {args.transport}", file=sys.stderr)
    serve(cfg, args.transport, args.host, args.port, sim, session)
    return 0
