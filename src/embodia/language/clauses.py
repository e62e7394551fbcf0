"""Parsed clauses -> goal literals and stages (see parser.py for the conventions)."""

from __future__ import annotations

from embodia.goals import LOCATION
from embodia.language.phrases import NP, PLACES, Clause, ParseError, Referents, capabilities

__all__ = ["Clause", "build_goal"]
from embodia.language.towers import tower_literals
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS
from embodia.types import Goal, Literal

OWN_STAGE = ("open_c", "close_c")  # clauses that always form a stage of their own


def build_goal(stages: list[list[Clause]], scene: Referents, facts: set[Literal] | None) -> Goal:
    stages = _merge_towers(stages)
    out: list[tuple[Literal, ...]] = []
    last_move: list[Clause] = []
    prev_kind = ""
    last = stages[-1][-1] if stages and stages[-1] else None
    for stage in stages:
        current: list[Literal] = []
        for c in stage:
            if not _complete(c, last_move[0] if last_move else None, scene, c is last):
                continue
            if c.kind in ("move", "tail", "putdown", "offbare"):
                last_move = [c]
            restated = c.kind == "tower" and [t.pronoun != "" for t, _ in c.tower] == [True] and not c.anchors
            if restated and prev_kind == "tower":
                continue  # 'top to bottom: yellow, green, purple. stack them like that'
            prev_kind = c.kind
            scene.begin_clause()
            lits = _clause(c, scene, facts, current + [x for s in out for x in s])
            if c.kind in OWN_STAGE:
                out += [tuple(current)] if current else []
                out.append(tuple(lits))
                current = []
            else:
                for x in lits:
                    current = [y for y in current if not _replaced(y, x)]
                    current.append(x) if x not in current else None
        if current:
            out.append(tuple(current))
    return Goal(tuple(out))


def _complete(c: Clause, last_move: Clause | None, scene: Referents, is_last: bool) -> bool:
    """Fill in what a verb-less clause leaves out from the clause before it; False: it only names something."""
    if c.kind == "ellipsis" and last_move and any(t == "above" for _, t in c.tower) or (
            c.kind == "tower" and len(c.tower) == 1 and not c.anchors and c.tower[0][1] in ("above", "top")
            and scene.last_items):  # '..., X on top of that', 'then stack Y on it', 'then Z on top'
        c.kind, c.rel, c.dest, c.chain = "move", "on", NP("that", pronoun="it"), []
        c.items = c.items or [c.tower[0][0]]
    elif c.kind == "ellipsis" and last_move:  # '..., then the green block': the last placement again
        c.kind = "putdown" if last_move.kind == "putdown" else "move"
        c.rel, c.dest, c.chain, c.dest_many = last_move.rel, last_move.dest, [], last_move.dest_many
    elif c.kind == "ellipsis" and not is_last and not c.excepts:
        _items(c, scene)  # 'the red block, put it in the bowl': a mention for a later 'it'
        return False
    elif c.kind == "ellipsis":
        raise ParseError(f"I cannot tell what to do with '{c.items[0].text}'. {capabilities(scene.objects)}",
                         "out_of_scope")
    return True


def _replaced(old: Literal, new: Literal) -> bool:
    """A later placement of the same item in one stage replaces the earlier one ('pick X up and put it on Y')."""
    return (new.positive and new.predicate in LOCATION and old.predicate in LOCATION
            and old.args[0] == new.args[0] and old != new)


def _merge_towers(stages: list[list[Clause]]) -> list[list[Clause]]:
    """'Build a tower with red at the bottom, then green, then blue' arrives as stages (the order word
    'then' splits them); verb-less lists right after a tower continue it. A verb-less list with a
    position ('red at the bottom, ...') is a tower of its own."""
    out: list[list[Clause]] = []
    for st in stages:
        prev = out[-1][-1] if out and out[-1] else None
        head = st[0] if st else None
        if head and head.kind in ("ellipsis", "tower_fragment") and prev and prev.kind in ("tower", "tower_empty"):
            prev.kind = "tower"
            (prev.anchors if prev.anchors else prev.tower).extend(head.tower + head.anchors)
            prev.direction = prev.direction or head.direction
            out[-1] += st[1:]
            continue
        for k, c in enumerate(st):
            after_move = k > 0 and st[k - 1].kind in ("move", "tail") and {t for _, t in c.tower} == {"above"}
            if c.kind == "tower_fragment" or (c.kind == "ellipsis" and any(t for _, t in c.tower) and not after_move):
                c.kind = "tower"  # but '..., and the red one on top of that' after a move places it on that
        out.append(list(st))
    return out


def _items(c: Clause, scene: Referents) -> list[str]:
    names = [n for np in c.items for n in scene.resolve(np, "item")]
    names = scene.exclude(names, c.excepts) if c.excepts else names
    scene.note(names)  # 'the red and the green blocks ... them': every item of the clause
    if names:  # '... the green block and the green cylinder, and the yellow ones': both kinds
        scene.last_kinds = tuple(dict.fromkeys(scene.kind(n) for n in names))
    return names


def _drawer(c: Clause, scene: Referents) -> str:
    """The drawer a bare 'open' / 'close' means: the one named, the last one mentioned, or the only one."""
    if c.items:
        return scene.one(c.items[0], "drawer")
    drawers = scene.named(("drawer",))
    if scene.last_container in drawers:
        return scene.last_container
    if len(drawers) != 1:
        raise scene.error("I cannot tell which drawer to open or close", "ambiguous", drawers)
    scene.note(drawers)
    return drawers[0]


def _clause(c: Clause, scene: Referents, facts: set[Literal] | None, so_far: list[Literal]) -> list[Literal]:
    k = c.kind
    if k in ("move", "tail"):
        if c.dest is not None and c.dest.matching:
            return _sort(c, scene, [c.dest])
        if c.dest is None and c.rel != "bare_in":
            return _sort(c, scene, c.dest_many) if c.dest_many else []
        items = _items(c, scene)
        if len(items) > 1 and c.dest and not c.dest.pronoun and c.rel in ("on", "in", "to"):
            dest = scene.matches(c.dest, "on" if c.rel != "in" else "container")
            items = [x for x in items if x not in dest[:1] or len(dest) > 1]  # 'stack everything on the purple block'
        lits = [_place(x, c.rel, c.dest, scene) for x in items]
        lower = c.dest
        for nxt in c.chain:  # 'red on green on blue'
            lo = scene.one(lower, "on")  # type: ignore[arg-type]
            lits.append(_place(lo, "on", nxt, scene))
            lower = nxt
        return lits
    if k == "note":  # 'red block: bowl' or 'bowl: red, green': the container side receives the others
        first, rest = c.items[0], c.items[1:]
        names = scene.matches(first, "container")
        if len(c.items) >= 2 and names and all(scene.kind(n) in PLACES for n in names):
            return [_place(x, "in", first, scene) for np in rest for x in scene.resolve(np, "item")]
        return [_place(x, "to", c.items[-1], scene) for np in c.items[:-1] for x in scene.resolve(np, "item")]
    if k == "contain":
        return [_place(x, "in", c.dest, scene) for x in _items(c, scene)]
    if k == "putdown":
        return [Literal("on_table", (x,)) for x in _items(c, scene)]
    if k == "offbare":
        return [_off(x, scene, facts, so_far) for x in _items(c, scene)]
    if k == "open_c":
        return [Literal("open", (_drawer(c, scene),))]
    if k == "close_c":
        return [Literal("closed", (_drawer(c, scene),))]
    if k == "pickup":
        return [Literal("holding", (x,)) for x in _items(c, scene)]  # one at a time: checked once stages are tidy
    if k == "tower":
        return tower_literals(c, scene)
    if k == "tower_empty":
        blocks = scene.named(("block",))
        raise scene.error("which blocks should the tower use, in which order?", "ambiguous", blocks)
    if k == "sort":
        return _sort(c, scene, c.pool)
    if k == "unstack_all":
        return _unstack(c, scene, facts)
    raise AssertionError(f"unhandled clause {k}")


def _off(x: str, scene: Referents, facts: set[Literal] | None, so_far: list[Literal]) -> Literal:
    """'take X off' / 'take X out': off whatever this instruction or the facts last put it on or in."""
    for lit in reversed(so_far):
        if lit.positive and lit.predicate in ("on", "in") and lit.args[0] == x:
            return lit.negated()
    for lit in sorted(facts or ()):
        if lit.predicate in ("on", "in") and lit.args[0] == x:
            return lit.negated()
    if scene.last_container:
        return Literal("in", (x, scene.last_container), positive=False)
    raise scene.error(f"I cannot tell what to take {x} off or out of", "ambiguous")


def _place(x: str, rel: str, dest: NP | None, scene: Referents) -> Literal:
    """Literal for moving item x with relation `rel` ('on', 'in', 'to', 'off', 'next', 'bare_in') to `dest`."""
    if rel == "bare_in":
        if not scene.last_container and len(scene.named(PLACES)) == 1:
            scene.note(scene.named(PLACES))  # 'put the red block in' with one container in the scene
        if not scene.last_container:
            raise scene.error(f"I cannot tell what to put {x} inside", "ambiguous", scene.named(PLACES))
        return Literal("in", (x, scene.last_container))
    if dest is None:
        raise scene.error(f"put {x} in or on one object at a time", "impossible")
    if rel == "under":  # 'put X under Y': Y goes on X
        return Literal("on", (scene.one(dest, "tower"), x))
    if rel == "next":
        if not dest.table:
            scene.one(dest, "any")
        return Literal("on_table", (x,))
    if dest.table:
        if rel == "off":
            raise scene.error(f"'off {dest.text}' is not something I can do with {x}", "impossible")
        return Literal("on_table", (x,))
    role = "container" if rel == "in" else "on" if rel in ("on", "to") else "any"
    d = scene.one(dest, role)
    if d == x:
        raise scene.error(f"{x} cannot be placed relative to itself", "impossible")
    dkind = scene.kind(d)
    if dkind == "block" and rel != "in":
        return Literal("on", (x, d), positive=rel != "off")
    if dkind in PLACES:
        return Literal("in", (x, d), positive=rel != "off")
    raise scene.error(f"nothing can be put {'in' if rel == 'in' else 'on'} {d} (a {dkind})", "impossible")


def _by_colour(x: str, candidates: list[str], scene: Referents) -> str:
    colour = scene.by_name[x].colour
    same = [c for c in candidates if scene.by_name[c].colour == colour and c != x]
    if len(same) != 1:
        what = "no container has" if not same else f"several containers ({', '.join(same)}) have"
        raise scene.error(f"{what} the colour of {x} ({colour})", "impossible" if not same else "ambiguous", same)
    scene.note([same[0]])
    return same[0]


def _sort(c: Clause, scene: Referents, pool_nps: list[NP]) -> list[Literal]:
    if c.items:
        scene.them_all = True  # 'sort them': with nothing mentioned, everything
        items = _items(c, scene)
        scene.them_all = False
    else:
        items = [o.name for o in scene.objects if o.kind in ITEM_KINDS]
        items = scene.exclude(items, c.excepts) if c.excepts else items
    pool: list[str] = []
    for np in pool_nps:
        if np.matching or np.plural or np.quant:
            pool += [o.name for o in scene.objects if o.kind in (np.kinds or CONTAINER_KINDS)
                     and o.kind in PLACES and all(o.colour == col for col in np.colours)]
        else:
            pool += scene.resolve(np, "container")
    pool = pool or [o.name for o in scene.objects if o.kind in CONTAINER_KINDS]
    return [Literal("in", (x, _by_colour(x, pool, scene))) for x in items]


def _unstack(c: Clause, scene: Referents, facts: set[Literal] | None) -> list[Literal]:
    towers = facts is not None and any(f.predicate == "on" for f in facts)
    bare = towers and all(np.pronoun in ("it", "them") for np in c.items) and not scene.last_items  # 'take it apart'
    blocks = _items(c, scene) if c.items and not bare else scene.named(("block",))
    if facts is not None:
        stacked = [b for b in blocks if any(f.predicate == "on" and f.args[0] == b for f in facts)]
        blocks = stacked or blocks
    if not blocks:
        raise scene.error("there is nothing to unstack", "impossible")
    scene.note(blocks)
    return [Literal("on_table", (b,)) for b in blocks if scene.kind(b) in ITEM_KINDS]
