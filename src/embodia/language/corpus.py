"""Instruction corpora: plain-text files of instructions with the goal (or refusal) each must produce.

Format (one entry a line, '#' starts a comment):
    @scene <name>            scene for the lines below (a key of the scenes JSON file)
    @family <name>           family tag for the lines below
    @let NAME = text         macro; '$NAME' in later lines is replaced by text
    instruction => on(a, b); in(c, d) | closed(drawer)     stages split by '|', literals by ';'
    instruction => ?ambiguous: a, b     refused; the line must name every candidate listed
    instruction => ?out_of_scope        refused; the line says what can be done, with an example
    instruction => ?unknown | ?impossible   refused for a missing object / an impossible placement
A line starting with '~ ' is held out: never looked at while tuning the grammar (chosen once, when the
corpus was written, as the entries whose text had a sha1 of 0 mod 4).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from embodia.sim.catalog import ObjectSpec, assign_names
from embodia.types import EmbodiaError, Literal

REFUSALS = ("ambiguous", "out_of_scope", "unknown", "impossible")


@dataclass(frozen=True)
class Entry:
    text: str
    scene: str
    family: str
    stages: tuple[frozenset[Literal], ...] = ()  # expected goal (empty when refused)
    refusal: str = ""  # one of REFUSALS, or '' for a goal
    candidates: tuple[str, ...] = ()
    source: str = ""  # file:line
    held_out: bool = False


@dataclass(frozen=True)
class Scene:
    objects: tuple[ObjectSpec, ...]
    facts: frozenset[Literal] | None


def load_scenes(path: Path) -> dict[str, Scene]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for name, s in raw.items():
        objs = tuple(assign_names([ObjectSpec(*o) for o in s["objects"]]))
        facts = frozenset(Literal.parse(f) for f in s["facts"]) if "facts" in s else None
        out[name] = Scene(objs, facts)
    return out


def load_entries(path: Path) -> list[Entry]:
    scene = family = ""
    macros: dict[str, str] = {}
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for k in sorted(macros, key=len, reverse=True):
            line = line.replace("$" + k, macros[k])
        where = f"{path.name}:{n}"
        if line.startswith("@scene "):
            scene = line.split(None, 1)[1]
        elif line.startswith("@family "):
            family = line.split(None, 1)[1]
        elif line.startswith("@let "):
            key, _, value = line[5:].partition("=")
            macros[key.strip()] = value.strip()
        elif "=>" in line:
            held = line.startswith("~ ")
            text, _, want = (x.strip() for x in line.removeprefix("~ ").rpartition("=>"))
            out.append(replace(_entry(text, want, scene, family, where), held_out=held))
        else:
            raise EmbodiaError(f"{where}: expected 'instruction => goal', got '{line}'")
    return out


def _entry(text: str, want: str, scene: str, family: str, where: str) -> Entry:
    if want.startswith("?"):
        reason, _, cands = want[1:].partition(":")
        if reason.strip() not in REFUSALS:
            raise EmbodiaError(f"{where}: unknown refusal '{reason}'; known: {', '.join(REFUSALS)}")
        names = tuple(c.strip() for c in cands.split(",") if c.strip())
        return Entry(text, scene, family, refusal=reason.strip(), candidates=names, source=where)
    stages = tuple(frozenset(Literal.parse(x) for x in re.split(r";\s*(?![^()]*\))", st) if x.strip())
                   for st in want.split("|"))
    return Entry(text, scene, family, stages=stages, source=where)


def load_corpus(folder: Path) -> tuple[dict[str, Scene], list[Entry]]:
    """Every *.txt file in `folder` plus its scenes.json."""
    scenes = load_scenes(folder / "scenes.json")
    entries = [e for p in sorted(folder.glob("*.txt")) for e in load_entries(p)]
    bad = [e.source for e in entries if e.scene not in scenes]
    if bad:
        raise EmbodiaError(f"unknown scene in {', '.join(bad)}; known: {', '.join(scenes)}")
    return scenes, entries
