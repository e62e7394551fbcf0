"""`embodia models`: list the brain specs, and check a model server's reachability and capabilities."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: Any) -> None:  # argparse's subparsers action (a private type)
    p = sub.add_parser("models", help="model brains: list the specs, check a server")
    msub = p.add_subparsers(dest="models_command", required=True, parser_class=type(p))
    c = msub.add_parser("check", help="reachability and capabilities (images, json_schema, tools) of a brain")
    c.add_argument("--brain", required=True, help="brain spec, e.g. qwen:qwen-vl-max or vllm:MODEL@URL")
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c.set_defaults(func=check)
    ls = msub.add_parser("list", help="the brain specs embodia understands")
    ls.set_defaults(func=list_specs)


def list_specs(args: argparse.Namespace) -> int:
    from embodia.models.specs import OPTIONS, PREFIXES

    print("builtin".ljust(10) + "grammar parser + planner, no model")
    for prefix, form in PREFIXES.items():
        print(prefix.ljust(10) + form)
    print("options: append ,name=value — " + ", ".join(OPTIONS))
    return 0


def check(args: argparse.Namespace) -> int:
    from embodia.models import make_backend
    from embodia.models.probe import check as probe
    from embodia.models.probe import render
    from embodia.types import EmbodiaError

    if args.brain == "builtin":
        raise EmbodiaError("the builtin brain uses no model; give a model spec, e.g. --brain qwen:qwen-vl-max")
    backend = make_backend(args.brain)
    try:
        rep = probe(backend)
    finally:
        backend.close()
    print(json.dumps(rep.to_json()) if args.json else render(rep))
    return 0 if rep.reachable else 1
