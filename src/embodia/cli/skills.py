"""`embodia skills [--json]`: every skill with its typed parameters (from skills.params)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser("skills", help="list the skills and their parameters")
    p.add_argument("--json", action="store_true", help="print a JSON list of {name, description, arguments}, "
                                                       "arguments as a JSON Schema")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from embodia.skills import SKILLS, describe_skills
    from embodia.skills.params import arguments_schema

    if args.json:
        print(json.dumps([{"name": s.name, "description": s.description, "arguments": arguments_schema(s)}
                          for s in SKILLS.values()], indent=2))
    else:
        print(describe_skills())
    return 0
