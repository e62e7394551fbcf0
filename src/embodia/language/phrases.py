"""Noun phrases of an instruction and their resolution against the objects in the scene."""

from __future__ import annotations

from dataclasses import dataclass, field

from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS, ObjectSpec
from embodia.types import EmbodiaError

WORD_KINDS: dict[str, tuple[str, ...]] = {
    "block": ("block",), "cube": ("block",), "cylinder": ("cylinder",), "can": ("cylinder",),
    "bowl": ("bowl",), "bin": ("bin",), "box": ("bin",), "drawer": ("drawer",),
    "container": CONTAINER_KINDS, "thing": ITEM_KINDS, "object": ITEM_KINDS, "item": ITEM_KINDS,
}
SIZE_WORDS = {"small": "small", "little": "small", "tiny": "small", "large": "large", "big": "large",
              "huge": "large"}
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


class ParseError(EmbodiaError):
    """The instruction could not be parsed or a reference could not be resolved; one line."""


def singular(word: str) -> tuple[str, bool]:
    """'boxes' -> ('box', True), 'block' -> ('block', False)."""
    for suffix in ("es", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in WORD_KINDS:
            return word[: -len(suffix)], True
    return word, False


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


class Referents:
    """Resolves noun phrases; remembers the last item(s), container and kind for 'it'/'them'/'one'."""

    def __init__(self, objects: list[ObjectSpec]) -> None:
        self.objects = sorted(objects, key=lambda o: o.name)
        self.by_name = {o.name: o for o in self.objects}
        self.last_items: list[str] = []
        self.last_container = ""
        self.last_kinds: tuple[str, ...] = ITEM_KINDS

    def error(self, why: str) -> ParseError:
        return ParseError(f"{why}; I see: {', '.join(o.name for o in self.objects) or '(nothing)'}")

    def kind(self, name: str) -> str:
        return self.by_name[name].kind

    def matches(self, np: NP, kinds: tuple[str, ...] | None = None) -> list[str]:
        want = np.kinds or self.last_kinds
        return [o.name for o in self.objects
                if o.kind in want and (kinds is None or o.kind in kinds) and not np.unknown
                and all(o.colour == c for c in np.colours) and all(o.size == s for s in np.sizes)]

    def resolve(self, np: NP, role: str, many: bool = True) -> list[str]:
        """Names `np` refers to. role: 'item' (graspable), 'container', 'drawer', 'dest' or 'any'."""
        if np.pronoun:
            return self._pronoun(np, role)
        if np.table:
            raise self.error(f"'{np.text}' cannot be used here")
        names = self.matches(np)
        if not names:
            raise self.error(f"no object matches '{np.text}'")
        exact = np.count or (2 if np.quant == "both" else 0)
        if exact and len(names) != exact:
            raise self.error(f"'{np.text}' should match {exact} objects but matches {len(names)}: {', '.join(names)}")
        if not (np.plural or np.quant or np.count):
            if len(names) > 1 and np.det not in ("a", "an", "any"):
                raise self.error(f"'{np.text}' is ambiguous: it matches {', '.join(names)}")
            names = names[:1]
        if len(names) > 1 and not many:
            raise self.error(f"'{np.text}' must name one object but matches {', '.join(names)}")
        self._check_role(names, role, np.text)
        self.note(names)
        if np.kinds:
            self.last_kinds = np.kinds
        return names

    def one(self, np: NP, role: str) -> str:
        return self.resolve(np, role, many=False)[0]

    def note(self, names: list[str]) -> None:
        """Remember names for later pronouns."""
        items = [n for n in names if self.kind(n) in ITEM_KINDS]
        if items:
            self.last_items = items
        conts = [n for n in names if self.kind(n) not in ITEM_KINDS]
        if conts:
            self.last_container = conts[-1]

    def _pronoun(self, np: NP, role: str) -> list[str]:
        if role in ("container", "drawer", "dest") and self.last_container:
            names = [self.last_container]
        elif role in ("item", "any") and self.last_items and (np.pronoun != "it" or len(self.last_items) == 1):
            names = self.last_items
        else:
            raise self.error(f"I cannot tell what '{np.text}' refers to")
        self._check_role(names, role, np.text)
        return names

    def _check_role(self, names: list[str], role: str, text: str) -> None:
        allowed = {"item": ITEM_KINDS, "container": CONTAINER_KINDS + ("drawer",), "drawer": ("drawer",)}.get(role)
        bad = [n for n in names if allowed is not None and self.kind(n) not in allowed]
        if bad:
            what = {"item": "a block or cylinder", "container": "a bowl, bin or the drawer", "drawer": "the drawer"}
            raise self.error(f"'{text}' is {', '.join(bad)}, but here it must be {what[role]}")
