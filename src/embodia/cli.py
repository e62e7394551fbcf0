"""The `embodia` command line. User errors are one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import sys

from embodia.types import EmbodiaError


def _cmd_demo(args: argparse.Namespace) -> int:
    from embodia.demo import scripted_demo

    return scripted_demo(args.out, seed=args.seed)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="embodia", description="Foundation-model agents for long-horizon robot tasks.")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="run the built-in demo and write a video and a summary")
    d.add_argument("--out", default="runs/demo", help="output folder (default runs/demo)")
    d.add_argument("--seed", type=int, default=0)
    d.set_defaults(func=_cmd_demo)
    return p


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
