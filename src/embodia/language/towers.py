"""Tower clauses -> on(upper, lower) literals. A listed tower is bottom-to-top unless 'top to bottom' says
otherwise, the first block is tagged 'on top' or the last 'at the bottom'. Blocks named apart with a position
('..., red at the bottom') anchor the order; when the bottom and the top block are named inside the list, the
others go between them in the order given ('red at the bottom and yellow on top, green and blue in between')."""

from __future__ import annotations

from embodia.language.phrases import NP, Clause, ParseError, Referents, capabilities
from embodia.types import Literal


def tower_literals(c: Clause, scene: Referents) -> list[Literal]:
    """on(upper, lower) for each adjacent pair of the tower clause `c` (see the module doc for the order)."""
    main, anchors_np = list(c.tower), list(c.anchors)
    odd = [np.text for np, _ in main + anchors_np if np.noun_unknown]
    if odd:  # 'make me a sandwich'
        raise ParseError(f"I cannot build '{odd[0]}'. {capabilities(scene.objects)}", "out_of_scope")
    members: list[str] = []
    if (main[0][0].plural or main[0][0].count or main[0][0].pronoun) and len(main) + len(anchors_np) >= 3:
        members = _members(main[0][0], scene)
        main, anchors_np = main[1:] + anchors_np, []  # 'a tower of four blocks: green at the bottom, then ...'
    elems: list[tuple[str, str]] = []
    for np, tag in main:
        name = scene.one(np, "tower")
        if tag and name in [n for n, _ in elems]:
            anchors_np.append((np, tag))  # 'the red, green and blue blocks, red at the bottom'
        else:
            elems.append((name, tag))
    names = [n for n, _ in elems]
    if len(names) < 2:
        raise scene.error("a tower needs at least two blocks, listed in order", "ambiguous", scene.named(("block",)))
    if len(set(names)) != len(names):
        raise scene.error(f"a tower cannot use one block twice: {', '.join(names)}", "impossible")
    tags = [t for _, t in elems]
    anchors = [(scene.one(np, "tower"), tag) for np, tag in anchors_np]
    if {"bottom", "top"} <= set(tags) and not {tags[0], tags[-1]} <= {"bottom", "top"}:
        names, tags = _ends_first(names, tags, c.direction == "down")  # bottom and top named inside the list
    missing = [m for m in members if m not in names + [n for n, _ in anchors]]
    if missing and len(missing) == 1 and {"bottom", "top"} <= set(tags):
        names.insert(tags.index("top"), missing[0])  # 'all the small blocks with red at the bottom and purple on top'
        tags.insert(tags.index("top"), "")
    elif missing:
        raise scene.error(f"where in the tower should {', '.join(missing)} go?", "ambiguous", missing)
    down = c.direction == "down" or tags[0] == "top" or tags[-1] == "bottom"
    for name, tag in anchors:
        if name not in names and tag == "middle" and len(names) == 2:
            names.insert(1, name)  # 'orange at the bottom and red at the top, with green in between'
            tags.insert(1, tag)
        if name not in names:
            raise scene.error(f"{name} is not in the tower {', '.join(names)}", "impossible")
        if tag in ("bottom", "top") and not c.direction:
            first = names.index(name) == 0
            down = (tag == "top") == first
    if down:
        names.reverse()
        tags.reverse()
    where = dict(anchors) | {n: t for n, t in zip(names, tags) if t}
    for n, t in where.items():
        if (t == "bottom" and names[0] != n) or (t == "top" and names[-1] != n):
            raise scene.error(f"{n} cannot be at the {t} of the tower {', '.join(names)}", "impossible")
    return [Literal("on", (upper, lower)) for lower, upper in zip(names, names[1:])]


def _members(np: NP, scene: Referents) -> list[str]:
    """The blocks a set phrase before the ordered ones names ('all the small blocks'), or none if unclear."""
    if np.pronoun or np.count or not (np.quant or np.sizes or np.colours):
        return []  # 'stack the blocks so that ...' means the blocks listed
    try:
        return scene.resolve(np, "tower")
    except ParseError:
        return []


def _ends_first(names: list[str], tags: list[str], down: bool) -> tuple[list[str], list[str]]:
    """The block tagged 'bottom' first, the one tagged 'top' last, the rest between them as listed."""
    bottom, top = names[tags.index("bottom")], names[tags.index("top")]
    middle = [n for n in names if n not in (bottom, top)]
    middle = middle[::-1] if down else middle
    order = [bottom, *middle, top]
    return order, ["bottom"] + [""] * len(middle) + ["top"]
