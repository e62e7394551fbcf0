"""Noun phrases and clauses of an instruction, and the resolution of noun phrases against the scene's objects."""

from __future__ import annotations

from dataclasses import dataclass, field

from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS, ObjectSpec
from embodia.types import EmbodiaError

PLACES = CONTAINER_KINDS + ("drawer",)
ROLE_KINDS = {"item": ITEM_KINDS, "tower": ITEM_KINDS, "container": PLACES, "drawer": ("drawer",)}
ROLE_WORDS = {"item": "a block or cylinder", "tower": "a block or cylinder", "container": "a bowl, bin or the drawer",
              "drawer": "the drawer"}


class ParseError(EmbodiaError):
    """The instruction was refused: one line. `reason` is 'out_of_scope', 'ambiguous', 'unknown' or
    'impossible'; `candidates` are the objects an ambiguous reference could mean."""

    def __init__(self, message: str, reason: str = "out_of_scope", candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.candidates = tuple(candidates)

    def to_json(self) -> dict:
        return {"refused": True, "reason": self.reason, "message": str(self), "candidates": list(self.candidates)}


def capabilities(objects: list[ObjectSpec]) -> str:
    """One sentence saying what the built-in brain can do, with an example from this scene."""
    items = [o.name for o in objects if o.is_item]
    places = [o.name for o in objects if o.is_container]
    example = (f"put the {items[0].replace('_', ' ')} in the {places[0].replace('_', ' ')}" if items and places
               else "stack the red block on the blue block")
    return ("I can put objects in or on others, stack towers, sort objects by colour, open or close the drawer, "
            f"pick up objects and take towers apart, e.g. '{example}'")


@dataclass
class NP:
    """A noun phrase: pronoun, description or the table. `text` is what the user wrote."""

    text: str
    pronoun: str = ""
    table: bool = False
    colours: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # adjectives we do not know
    kinds: tuple[str, ...] | None = None  # None: "one(s)", the kind mentioned last
    plural: bool = False
    quant: str = ""  # all / every / each / both
    count: int = 0  # "the two ...": exactly this many
    det: str = ""
    bare: bool = False  # colour or size only: 'red', 'the big one'
    rest: bool = False  # 'the rest', 'everything else'
    matching: bool = False  # 'the container of its colour'
    each_kind: bool = False  # 'the yellow block and cylinder': one of each kind
    noun_unknown: str = ""  # 'the cup'
    stacked: bool = False  # 'the stacked blocks': those the facts show on another object
    group_plural: bool = False  # one part of 'the red and blue objects': all that match, if several do


class Referents:
    """Resolves noun phrases; remembers the last item(s), container and kind for 'it'/'them'/'one'."""

    def __init__(self, objects: list[ObjectSpec], facts: set | None = None) -> None:
        self.objects = sorted(objects, key=lambda o: o.name)
        self.by_name = {o.name: o for o in self.objects}
        self.facts = facts
        self.last_items: list[str] = []
        self.prior_items: list[str] = []  # the items before the current clause: what a destination 'it' means
        self.them_all = False  # 'sort them by colour' with nothing mentioned: every item
        self.last_container = ""
        self.last_kinds: tuple[str, ...] = ITEM_KINDS
        self.mentioned: set[str] = set()

    def error(self, why: str, reason: str = "unknown", candidates: list[str] | tuple[str, ...] = ()) -> ParseError:
        return ParseError(f"{why}; I see: {', '.join(o.name for o in self.objects) or '(nothing)'}", reason,
                          tuple(candidates))

    def kind(self, name: str) -> str:
        return self.by_name[name].kind

    def named(self, kinds: tuple[str, ...]) -> list[str]:
        return [o.name for o in self.objects if o.kind in kinds]

    def matches(self, np: NP, role: str = "any") -> list[str]:
        if np.bare:  # a colour alone: the role decides the kind ('on green' prefers the green block)
            order = {"item": [ITEM_KINDS], "container": [PLACES], "on": [("block",), PLACES + ITEM_KINDS],
                     "tower": [("block",), ITEM_KINDS]}
            for kinds in order.get(role, [ITEM_KINDS + PLACES]):
                found = self._filter(np, kinds)
                if found:
                    return found
            return []
        everything = np.rest and not np.text.endswith(("one", "ones"))  # 'the rest' vs 'the remaining ones'
        return self._filter(np, np.kinds or (ITEM_KINDS if everything else self.last_kinds))

    def _filter(self, np: NP, kinds: tuple[str, ...]) -> list[str]:
        if np.unknown or np.noun_unknown:
            return []
        return [o.name for o in self.objects if o.kind in kinds
                and all(o.colour == c for c in np.colours) and all(o.size == s for s in np.sizes)]

    def resolve(self, np: NP, role: str, many: bool = True) -> list[str]:
        """Names `np` refers to. role: 'item' (graspable), 'container', 'drawer', 'on' or 'any'."""
        if np.pronoun:
            return self._pronoun(np, role)
        if np.table:
            raise self.error(f"'{np.text}' cannot be used here", "impossible")
        names = self.matches(np, role)
        if np.rest and not self.mentioned:
            raise self.error(f"'{np.text}' follows nothing I was told about", "ambiguous", names)
        if np.rest:  # 'the rest', 'the other container'
            names = [n for n in names if n not in self.mentioned and (np.kinds or self.kind(n) in ITEM_KINDS)]
        if np.stacked and self.facts is not None:
            names = [n for n in names if any(f.predicate == "on" and f.args[0] == n for f in self.facts)]
        if not names:
            what = np.noun_unknown or " ".join(np.unknown) or np.text
            raise self.error(f"no object matches '{np.text}' (I do not know '{what}')"
                             if np.noun_unknown or np.unknown else f"no object matches '{np.text}'")
        if np.each_kind and not np.plural:
            return self._one_each(np, names, role)
        exact = np.count or (2 if np.quant == "both" else 0)
        if exact and len(names) != exact:
            raise self.error(f"'{np.text}' should match {exact} objects but matches {len(names)}: {', '.join(names)}",
                             "ambiguous", names)
        if not (np.plural or np.quant or np.count or (np.group_plural and many)):
            if len(names) > 1 and np.det not in ("a", "an", "any"):
                raise self.error(f"'{np.text}' is ambiguous: it could be {', '.join(names)}", "ambiguous", names)
            names = names[:1]
        if len(names) > 1 and not many:
            raise self.error(f"'{np.text}' must name one object but matches {', '.join(names)}", "ambiguous", names)
        self._check_role(names, role, np.text)
        if role in ("item", "tower"):  # destinations are not what a later 'it' or 'one' means
            self.note(names)
            self.last_kinds = np.kinds or self.last_kinds
        else:
            self.note([n for n in names if self.kind(n) not in ITEM_KINDS])
        return names

    def _one_each(self, np: NP, names: list[str], role: str) -> list[str]:
        out = []
        for k in np.kinds or ():
            same = [n for n in names if self.kind(n) == k]
            if len(same) != 1:
                raise self.error(f"'{np.text}' is ambiguous: it could be {', '.join(names)}", "ambiguous", names)
            out += same
        self._check_role(out, role, np.text)
        self.note(out)
        return out

    def one(self, np: NP, role: str) -> str:
        return self.resolve(np, role, many=False)[0]

    def exclude(self, names: list[str], nps: list[NP]) -> list[str]:
        """`names` without those the 'except ...' phrases name (resolved among `names` only)."""
        drop: set[str] = set()
        for np in nps:
            kinds = np.kinds or tuple({self.kind(n) for n in names})
            hit = [n for n in names if self.kind(n) in kinds and all(self.by_name[n].colour == c for c in np.colours)
                   and all(self.by_name[n].size == s for s in np.sizes)]
            if not hit and not self.matches(np):
                raise self.error(f"'except {np.text}' matches none of {', '.join(names)}", "unknown")
            # 'the red and green blocks but not the blue one': an exclusion outside the set only stresses it
            drop |= set(hit)
        return [n for n in names if n not in drop]

    def begin_clause(self) -> None:
        self.prior_items = list(self.last_items)

    def note(self, names: list[str]) -> None:
        """Remember names for later pronouns."""
        items = [n for n in names if self.kind(n) in ITEM_KINDS]
        if items:
            self.last_items = items
            self.mentioned |= set(items)
        conts = [n for n in names if self.kind(n) not in ITEM_KINDS]
        if conts:
            self.last_container = conts[-1]
            self.mentioned |= set(conts)  # 'the other container'

    def _pronoun(self, np: NP, role: str) -> list[str]:
        own = np.pronoun in ("itself", "themselves") or role in ("item", "tower")
        items = self.last_items if own else self.prior_items  # 'put X in the bowl, then Y on it': it = X
        if role in ("container", "drawer") and self.last_container:
            names = [self.last_container]
        elif role in ("item", "tower", "any", "on") and items and (
                np.pronoun not in ("it", "itself") or len(items) == 1):
            names = items
        elif role == "on" and self.last_container:
            names = [self.last_container]
        elif role == "item" and self.them_all and np.pronoun in ("them", "they", "these", "those") and (
                not self.last_items):
            names = self.named(ITEM_KINDS)  # 'sort them all by colour' with nothing mentioned yet
        elif role in ("container", "drawer") and len(self.named(ROLE_KINDS[role])) == 1:
            names = self.named(ROLE_KINDS[role])  # 'open it' with one drawer in the scene
            self.last_container = names[0]
        else:
            cands = self.named(ROLE_KINDS.get(role, ITEM_KINDS))
            raise self.error(f"I cannot tell what '{np.text}' refers to: it could be {', '.join(cands)}",
                             "ambiguous", cands)
        self._check_role(names, role, np.text)
        return names

    def _check_role(self, names: list[str], role: str, text: str) -> None:
        allowed = ROLE_KINDS.get(role)
        bad = [n for n in names if allowed is not None and self.kind(n) not in allowed]
        if bad:
            raise self.error(f"'{text}' is {', '.join(bad)}, but here it must be {ROLE_WORDS[role]}", "impossible")


@dataclass
class Clause:
    kind: str
    items: list[NP] = field(default_factory=list)
    excepts: list[NP] = field(default_factory=list)
    rel: str = ""
    dest: NP | None = None
    dest_many: list[NP] = field(default_factory=list)
    chain: list[NP] = field(default_factory=list)
    tower: list[tuple[NP, str]] = field(default_factory=list)  # (element, 'bottom'|'top'|'middle'|'above'|'')
    anchors: list[tuple[NP, str]] = field(default_factory=list)
    direction: str = ""
    pool: list[NP] = field(default_factory=list)
