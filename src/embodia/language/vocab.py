"""The words the built-in parser knows, as data. The grammar (grammar.py) refers to word classes;
`build_grammar` fills each class from a Vocabulary, so adding a synonym is a one-line table edit.

A world can contribute its own words: `register("kitchen", Vocabulary(nouns={"kettle": ("kettle",)},
verbs={"open": ("open", "swing open")}))`; `vocabulary("kitchen")` is then the base tables merged with
that world's. Multi-word verbs like "pick up" also accept the object in the middle ("pick it up").
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from embodia.language.rewrites import REWRITES, UNSUPPORTED
from embodia.sim.catalog import CONTAINER_KINDS, ITEM_KINDS

Table = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Vocabulary:
    nouns: Table = field(default_factory=dict)  # singular noun -> object kinds it names
    verbs: Table = field(default_factory=dict)  # clause class -> verb phrases
    relations: Table = field(default_factory=dict)  # relation class -> preposition phrases
    words: Table = field(default_factory=dict)  # other word classes (colours, sizes, order words, ...)
    rewrites: dict[str, str] = field(default_factory=dict)  # phrase -> replacement, before parsing

    def merged(self, other: Vocabulary) -> Vocabulary:
        """This vocabulary with `other`'s entries added (tuples are concatenated, duplicates dropped)."""
        out = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "rewrites":
                out[f.name] = {**mine, **theirs}
            else:
                out[f.name] = {k: tuple(dict.fromkeys(mine.get(k, ()) + theirs.get(k, ()))) for k in {*mine, *theirs}}
        return Vocabulary(**out)


BASE = Vocabulary(
    nouns={
        "block": ("block",), "cube": ("block",), "cylinder": ("cylinder",), "can": ("cylinder",),
        "bowl": ("bowl",), "dish": ("bowl",), "bin": ("bin",), "box": ("bin",), "basket": ("bin",),
        "crate": ("bin",), "drawer": ("drawer",), "container": CONTAINER_KINDS,
        "thing": ITEM_KINDS, "object": ITEM_KINDS, "item": ITEM_KINDS, "stuff": ITEM_KINDS,
    },
    verbs={
        # put X in/on Y; 'down' after the object without a destination means on the table
        "put": ("put", "place", "set", "stow", "drop", "move", "pile", "stack", "transfer", "pack", "load",
                "bring", "get", "insert", "store", "stick", "rest", "throw", "dump", "lay", "position", "hide",
                "stash", "toss", "slide", "lower", "shift", "return", "collect", "gather", "relocate", "lift",
                "take", "remove", "put away", "clear away", "pile up", "clear", "sit", "stand", "plop", "chuck", "bung",
                "pop", "deposit", "carry", "fit", "settle", "park", "nest", "tuck", "tuck away", "shove",
                "pass", "bring over", "send"),
        "pickup": ("pick up", "grab", "grasp", "hold", "take", "lift", "lift up", "pick"),
        "tower": ("build", "make", "stack", "create", "form", "assemble", "construct", "arrange", "pile", "pile up",
                  "stack up", "erect", "put together", "set up"),
        "sort": ("sort", "group", "organize", "organise", "separate", "match", "distribute", "divide"),
        "unstack": ("unstack", "dismantle", "disassemble", "destack", "undo", "take apart", "take down",
                    "knock down", "knock over", "break down", "break up", "tear down", "pull apart", "topple",
                    "destroy", "demolish", "flatten", "collapse", "level", "take off each other"),
        "open": ("open", "open up", "pull out", "pull open", "slide open", "slide out"),
        "close": ("close", "shut", "push shut", "push closed", "slide shut", "slide closed", "push in", "close up"),
        # fill C with X -> in(X, C)
        "fill": ("fill", "fill up", "load up", "stock"),
    },
    relations={
        "on": ("on", "onto", "on to", "on top of", "atop", "upon", "over", "on the top of"),
        "in": ("in", "into", "in to", "inside", "inside of", "within"),
        "to": ("to", "over to", "towards"),
        "off": ("off", "off of", "from", "out of", "away from"),
        "next": ("next to", "beside", "by", "alongside"),
        "under": ("under", "underneath", "below", "beneath", "underneath of"),  # X under Y -> on(Y, X)
    },
    words={
        "colour": ("red", "green", "blue", "yellow", "purple", "orange", "white", "black"),
        "small": ("small", "little", "tiny", "smaller", "smallest"),
        "large": ("large", "big", "huge", "larger", "bigger", "largest", "biggest"),
        "tower": ("tower", "pile", "stack"),
        # 'the red and blue blocks stacked, red on top': a tower described after its blocks
        "tower_pp": ("stacked", "stacked up", "piled up", "in a tower", "as a tower", "into a tower", "in a stack",
                     "into a stack", "in a pile", "into a pile", "on top of each other", "on top of one another"),
        "colourword": ("colour", "color", "colours", "colors", "coloured", "colored"),
        # order words start a new stage
        "order": ("then", "next", "after that", "after this", "afterwards", "afterward", "finally", "lastly",
                  "last", "first", "firstly", "second", "secondly", "third", "thirdly", "to begin with", "to begin",
                  "to start", "to start with", "begin by", "start by", "once done", "once finished",
                  "once that is done", "when that is done", "once you are done", "when you are done", "when done",
                  "at the end", "after", "after you", "subsequently", "and then", "once", "as soon as", "when",
                  "followed by", "and after that", "and then after that", "after you are done", "once that is done",
                  "after that is done", "once you are done", "when you are done"),
        # order words that put their own clause first: 'after you open the drawer, put ...'
        "before_next": ("after", "after you", "once", "as soon as", "when", "after having"),
        # 'X should end up on Y': state descriptions read like 'X on Y'
        "copula": ("is", "are", "should be", "should end up", "should go", "should sit", "should all be",
                   "should all end up", "needs to be", "need to be", "must be", "has to be", "have to be",
                   "goes", "go", "belongs", "belong", "ends up", "end up", "sits", "sit", "sitting", "resting",
                   "standing", "lying", "to be", "be", "put", "placed", "put away", "stored", "stacked",
                   "will be", "should", "must", "needs to", "need to", "has to", "have to", "can", "could", "will",
                   "would", "ought to", "moved", "dropped", "set", "sat", "gets", "get", "been", "has been",
                   "have been", "is going to", "are going to", "going to", "to end up", "to go", "to sit", "to rest",
                   "to stand", "to land", "to get", "lands", "land", "rest", "stand", "lie", "rests", "stands"),
        "contain": ("contain", "contains", "hold", "holds", "have", "has"),
        # adjectives that describe a state, not which object: 'the open drawer', 'the empty bowl'
        "state": ("open", "opened", "closed", "shut", "empty", "same"),
        "opened": ("open", "opened"),
        "closed": ("closed", "shut"),
        "sorted": ("sorted", "grouped", "organized", "organised"),
        "off_tower": ("off the tower", "from the tower", "off the stack", "from the stack", "off the pile",
                      "from the pile", "off of the tower", "out of the tower"),
        "unstacked": ("taken apart", "unstacked", "dismantled", "taken down", "knocked down"),
        "except": ("except", "except for", "but", "but not", "other than", "apart from", "besides", "excluding",
                   "save for", "aside from", "not including"),
        # tower positions and directions
        "at_bottom": ("at the bottom", "on the bottom", "at the base", "on the base", "as the base", "as the bottom",
                      "at bottom", "on bottom", "at the start", "first", "at the very bottom", "on the ground",
                      "bottom :", "the bottom :", "the bottom", "the base", "base :", "at the bottom :",
                      "on the bottom :", "bottom one :", "bottom", "base"),
        "at_top": ("on top", "at the top", "on the top", "at top", "last", "on top of everything", "at the very top",
                   "on the very top", "top :", "the top :", "the top", "on top :", "at the top :", "top one :",
                   "top"),
        "in_middle": ("in the middle", "in between", "between them", "in the centre", "in the center", "middle :",
                      "the middle", "the middle :", "in the middle :", "middle one :",
                      "middle", "centre"),
        "above": ("on top of it", "on it", "above it", "on top of that", "above that", "on that", "over it",
                  "on top of this", "above this", "on top of them"),
        # directly under the element before: 'red on top, blue under it, yellow at the bottom'
        "below": ("under it", "below it", "beneath it", "underneath it", "under that", "below that",
                  "beneath that", "under this", "below this", "under them"),
        "bottom_up": ("from bottom to top", "bottom to top", "from the bottom up", "from the bottom to the top",
                      "from the base up", "from the bottom", "bottom up", "base up", "in that order", "in order",
                      "in that order from the bottom", "in that order from the bottom up", "from the ground up",
                      "from the base", "bottom first", "upwards", "in this order", "in this order from the bottom",
                      "in the following order", "in the following order from the bottom", "as follows",
                      "in this order from the bottom up", "in the order given", "in the order listed",
                      "starting from the bottom", "starting at the bottom", "from the bottom upwards"),
        "top_down": ("from top to bottom", "top to bottom", "from the top down", "from the top to the bottom",
                     "top down", "from the top", "top first"),
        "bare_in": ("inside", "in", "in there", "in here"),
        "offbare": ("off", "out"),
        "down": ("down",),
        # 'the container of its colour': the container that has the moved object's colour
        "matching_prefix": ("matching", "same colour", "same color", "same coloured", "same colored",
                            "corresponding", "right", "its matching", "their matching", "its own", "their own",
                            "its", "their"),
        "matching_suffix": ("of its colour", "of its color", "of their colour", "of their color", "of its own colour",
                            "of its own color", "of their own colour", "of their own color", "of the same colour",
                            "of the same color", "that matches its colour", "that matches its color",
                            "that match their colour", "that match their colours", "that match their color",
                            "that match their colors", "that matches their colour", "that has its colour",
                            "that has its color", "that have their colour", "that have their colours",
                            "that has the same colour", "that have the same colour", "that matches", "that match",
                            "which matches its colour", "matching its colour", "matching its color",
                            "matching their colour", "matching their colours", "with the same colour",
                            "with the same color", "with its colour", "with their colour", "for its colour",
                            "for their colour", "of that colour", "that has its colour"),
        # common short words: never 'corrected' into a known word
        "common": ("or", "if", "so", "up", "as", "at", "by", "no", "do", "is", "be", "we", "us", "me", "my", "an",
                   "of", "to", "in", "on", "it", "i", "am", "he", "she", "his", "her", "our", "not", "nor", "yes",
                   "out", "off", "can", "may", "did", "does", "has", "had", "was", "were", "are", "its", "own",
                   "itself", "themselves", "with", "under", "below", "then"),
        # words we know but cannot act on: never 'corrected' into a known word
        "unsupported": UNSUPPORTED,
    },
    rewrites=REWRITES,
)

_REGISTRY: dict[str, Vocabulary] = {"tabletop": Vocabulary()}
_VERSIONS: dict[str, int] = {}


def register(world: str, extra: Vocabulary) -> None:
    """Add (or extend) a world's own words; they are merged with the base tables."""
    _REGISTRY[world] = _REGISTRY.get(world, Vocabulary()).merged(extra)
    _VERSIONS[world] = _VERSIONS.get(world, 0) + 1


def version(world: str) -> int:
    """Changes whenever `world`'s words do (parsers built for an older version are rebuilt)."""
    return _VERSIONS.get(world, 0)


def worlds() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def vocabulary(world: str = "tabletop") -> Vocabulary:
    """The base tables merged with `world`'s own words."""
    from embodia.types import unknown

    if world not in _REGISTRY:
        raise unknown("world", world, list(_REGISTRY))
    v = BASE.merged(_REGISTRY[world])
    own = set(v.nouns) | {w for ps in v.verbs.values() for p in ps for w in p.split()}
    unsupported = tuple(w for w in v.words["unsupported"] if w not in own)  # a world's 'pot' is a noun there
    return replace(v, words={**v.words, "unsupported": unsupported})


def gerund(verb: str) -> str:
    """'put' -> 'putting', 'place' -> 'placing', 'open' -> 'opening'."""
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    if len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou" \
            and verb not in ("open", "gather", "lower", "order", "enter", "offer"):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def prompt_text(world: str = "tabletop") -> str:
    """The vocabulary as a few lines for model prompts: the same words the built-in parser accepts."""
    v = vocabulary(world)
    nouns: dict[tuple[str, ...], list[str]] = {}
    for word, kinds in v.nouns.items():
        nouns.setdefault(kinds, []).append(word)
    j = ", ".join
    return "\n".join([
        f"- put X in/on Y -> in(X, Y) or on(X, Y): {j(v.verbs['put'])}",
        f"- pick up X -> holding(X): {j(v.verbs['pickup'])}",
        f"- fill C with X -> in(X, C): {j(v.verbs['fill'])}",
        f"- towers -> on(upper, lower) for each adjacent pair, listed bottom to top unless 'top to bottom' or "
        f"'X on top' says otherwise: {j(v.verbs['tower'])}",
        f"- sort by colour -> in(x, the container of x's colour): {j(v.verbs['sort'])}",
        f"- take a tower apart -> on_table(b) for each stacked block: {j(v.verbs['unstack'])}",
        f"- open / close the drawer -> its own stage: {j(v.verbs['open'])} / {j(v.verbs['close'])}",
        f"- on: {j(v.relations['on'])}; in: {j(v.relations['in'])}; to (on a block, in a container): "
        f"{j(v.relations['to'])}; off/out (-> not on / not in): "
        f"{j(v.relations['off'])}; next to (-> on_table): {j(v.relations['next'])}; X under Y (-> on(Y, X)): "
        f"{j(v.relations['under'])}",
        f"- a new stage starts at: {j(v.words['order'])}; 'before doing A, B', 'A after B' and 'A, but B first' "
        "put B's stage first",
        "- nouns: " + "; ".join(f"{j(ws)} = {' or '.join(k)}" for k, ws in nouns.items()),
    ])
