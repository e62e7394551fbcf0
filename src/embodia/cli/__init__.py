"""The `embodia` command line. User errors are one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import sys

from embodia.types import EmbodiaError

DEMO_TASK = "chain-10-v0"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other user error
        print(f"embodia: error: {message} (see '{self.prog} --help')", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    from embodia.cli import bench, calibrate, hardware, models, record, run, skills, tasks
    from embodia.cli import mcp as mcp_cli
    from embodia.cli.args import seed_arg

    p = _Parser(prog="embodia", description="Foundation-model agents for long-horizon robot tasks.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run.add_parser(sub)
    tasks.add_parser(sub)
    skills.add_parser(sub)
    models.add_parser(sub)
    bench.add_parser(sub)
    record.add_parser(sub)
    hardware.add_parser(sub)  # the SO-101 bridge
    calibrate.add_parser(sub)
    mcp_cli.add_parser(sub)
    d = sub.add_parser("demo", help="the main job: a disturbed 10-subgoal chain task, with video and summary")
    d.add_argument("--out", default="runs/demo", help="output folder (default runs/demo)")
    d.add_argument("--seed", default=0, type=seed_arg, help="scene seed (integer >= 0, default 0)")
    run.add_perception_arg(d)
    d.set_defaults(func=_cmd_demo)
    return p


def _cmd_demo(args: argparse.Namespace) -> int:
    argv = ["run", "--task", DEMO_TASK, "--seed", str(args.seed), "--disturb", "--video", "--out", args.out,
            "--perception", args.perception]
    print("embodia " + " ".join(argv))
    run_args = build_parser().parse_args(argv)
    return run_args.func(run_args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EmbodiaError as exc:
        print(f"embodia: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("embodia: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
