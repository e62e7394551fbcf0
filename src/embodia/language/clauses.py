"""Parsed clauses -> goal literals and stages (see parser.py for the conventions)."""

from __future__ import annotations

from embodia.language.phrases import NP, Referents
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.types import Goal, Literal

Clause = tuple[str, list]
OWN_STAGE = ("open_c", "close_c")  # clauses that always form a stage of their own


def build_goal(stages: list[list[Clause]], scene: Referents, facts: set[Literal] | None) -> Goal:
    out: list[tuple[Literal, ...]] = []
    for stage in stages:
        current: list[Literal] = []
        for kind, ch in stage:
            lits = _clause(kind, ch, scene, facts)
            if kind in OWN_STAGE:
                out += [tuple(current)] if current else []
                out.append(tuple(lits))
                current = []
            else:
                current += [x for x in lits if x not in current]
        if current:
            out.append(tuple(current))
    return Goal(tuple(out))


def _clause(kind: str, ch: list, scene: Referents, facts: set[Literal] | None) -> list[Literal]:
    nps = [c for c in ch if isinstance(c, NP)]
    lists = [c for c in ch if isinstance(c, list)]
    if kind in ("move", "tail"):
        items = [n for np in lists[0] for n in scene.resolve(np, "item")]
        rel = next(c for c in ch if isinstance(c, str))
        dest = ch[-1]
        return [_place(x, rel, dest, scene) for x in items]
    if kind == "putdown":
        return [Literal("on_table", (x,)) for np in lists[0] for x in scene.resolve(np, "item")]
    if kind == "open_c":
        return [Literal("open", (scene.one(nps[0], "drawer"),))]
    if kind == "close_c":
        return [Literal("closed", (scene.one(nps[0], "drawer"),))]
    if kind == "pickup":
        held = [x for np in lists[0] for x in scene.resolve(np, "item")]
        if len(held) != 1:
            raise scene.error(f"the gripper holds one object, not {', '.join(held)}")
        return [Literal("holding", (held[0],))]
    if kind == "tower":
        return _tower(ch, scene)
    if kind == "sort":
        return _sort(lists, ch, scene)
    if kind == "unstack_all":
        return _unstack(lists, scene, facts)
    raise AssertionError(f"unhandled clause {kind}")


def _place(x: str, rel: str, dest: object, scene: Referents) -> Literal:
    """Literal for moving item x with relation `rel` ('on', 'in', 'to', 'off', 'bare_in') to `dest`."""
    if isinstance(dest, tuple):  # ('kinds', ...): the container of x's colour
        return Literal("in", (x, _by_colour(x, [o.name for o in scene.objects if o.kind in dest[1]], scene)))
    if rel == "bare_in":
        if not scene.last_container:
            raise scene.error(f"I cannot tell what to put {x} inside")
        return Literal("in", (x, scene.last_container))
    if not isinstance(dest, NP):
        raise scene.error(f"put {x} in or on one object at a time")
    if dest.table:
        if rel == "off":
            raise scene.error(f"'off {dest.text}' is not something I can do with {x}")
        return Literal("on_table", (x,))
    role = "container" if rel == "in" else "any"
    d = scene.one(dest, role)
    if d == x:
        raise scene.error(f"{x} cannot be placed relative to itself")
    dkind = scene.kind(d)
    if dkind == "block" and rel != "in":
        return Literal("on", (x, d), positive=rel != "off")
    if dkind in CONTAINER_KINDS or dkind == "drawer":
        return Literal("in", (x, d), positive=rel != "off")
    raise scene.error(f"nothing can be put {'in' if rel == 'in' else 'on'} {d} (a {dkind})")


def _by_colour(x: str, candidates: list[str], scene: Referents) -> str:
    colour = scene.by_name[x].colour
    same = [c for c in candidates if scene.by_name[c].colour == colour and c != x]
    if len(same) != 1:
        what = "no container has" if not same else f"several containers ({', '.join(same)}) have"
        raise scene.error(f"{what} the colour of {x} ({colour})")
    scene.note([same[0]])
    return same[0]


def _sort(lists: list, ch: list, scene: Referents) -> list[Literal]:
    items = [n for np in lists[0] for n in scene.resolve(np, "item")]
    dest = [c for c in ch if isinstance(c, tuple)]
    if dest:
        pool = [o.name for o in scene.objects if o.kind in dest[0][1]]
    elif len(lists) > 1:
        pool = [n for np in lists[1] for n in scene.resolve(np, "container")]
    else:
        pool = [o.name for o in scene.objects if o.kind in CONTAINER_KINDS]
    return [Literal("in", (x, _by_colour(x, pool, scene))) for x in items]


def _tower(ch: list, scene: Referents) -> list[Literal]:
    elems = [c for c in ch if isinstance(c, list)][-1]
    names = [scene.one(np, "item") for np in elems]
    if len(set(names)) != len(names):
        raise scene.error(f"a tower cannot use one block twice: {', '.join(names)}")
    dirs = [c[1] for c in ch if isinstance(c, tuple) and c[0] == "dir"]
    if dirs and dirs[0] == "down":
        names.reverse()
    with_ = [c for c in ch if isinstance(c, tuple) and c[0] == "with"]
    if with_:
        where = with_[0][2]
        anchor = scene.one(with_[0][1], "item")
        want = 0 if where == "bottom" else len(names) - 1
        if anchor == names[len(names) - 1 - want]:
            names.reverse()
        elif anchor != names[want]:
            raise scene.error(f"{anchor} is not at either end of the tower {', '.join(names)}")
    return [Literal("on", (upper, lower)) for lower, upper in zip(names, names[1:])]


def _unstack(lists: list, scene: Referents, facts: set[Literal] | None) -> list[Literal]:
    if lists:
        blocks = [n for np in lists[0] for n in scene.resolve(np, "item")]
    else:
        blocks = [o.name for o in scene.objects if o.kind == "block"]
    if facts is not None:
        stacked = [b for b in blocks if any(f.predicate == "on" and f.args[0] == b for f in facts)]
        blocks = stacked or blocks
    if not blocks:
        raise scene.error("there is nothing to unstack")
    return [Literal("on_table", (b,)) for b in blocks if scene.kind(b) in ITEM_KINDS]
