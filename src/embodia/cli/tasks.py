"""`embodia tasks [--json]`: every task id with its family, tier and tags."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser("tasks", help="list every registered task id")
    p.add_argument("--json", action="store_true", help="print a JSON list of {id, family, tier, tags, description}")
    p.add_argument("--suites", action="store_true", help="list the suites instead")
    p.add_argument("--robot", default="panda", choices=("panda", "so101"), help="whose tasks (default panda)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from embodia.tasks.registry import SUITES, all_tasks

    if args.suites:
        rows = [{"suite": n, "tasks": list(ids), "seeds": list(seeds)} for n, (ids, seeds) in SUITES.items()]
        print(json.dumps(rows, indent=2) if args.json else "\n".join(
            f"{r['suite']:<14} {len(r['tasks'])} tasks x {len(r['seeds'])} seeds" for r in rows))
        return 0
    if args.robot == "so101":
        from embodia.tasks import so101

        specs = list(so101.registry().values())
    else:
        specs = list(all_tasks().values())  # the tabletop's and the kitchen's
    if args.json:
        print(json.dumps([{k: s.to_json()[k] for k in ("id", "family", "tier", "tags", "description")}
                          for s in specs], indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "family", "tier", "subgoals", "tags", "description", box=None)
    for s in specs:
        table.add_row(s.id, s.family, s.tier, str(s.subgoals), ",".join(s.tags), s.description)
    Console().print(table)
    return 0
