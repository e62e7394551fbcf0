"""Kitchen instructions in free form -> a staged Goal over the kitchen's objects.

The words come through the language layer's world hook: `vocab.register("kitchen", WORDS)` adds the kitchen's
nouns and verbs to the base tables, and the base normaliser (filler and politeness dropped, contractions,
'-ing' forms, typos within one edit) reads the text. Clauses then map to literals here:
- open X (a door) -> open(X); switch/turn on X (the light, a burner or its knob) -> switched_on(X);
- put/move/carry the kettle on/to burner B -> on(kettle, B). Turning the top burner on is not putting the kettle
  on it: only a clause naming the kettle with a place puts it there.
- stages: sentences and order words (then, after that, finally, ...) start a new stage; clauses joined by ','
  or 'and' share one; 'after/once/when X, Y' puts X first. A clause without a verb takes the previous verb
  ('open the microwave and the slide cabinet'); 'it' is the last object named.
Refusals are `ParseError`s naming what is wrong and what is understood.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from embodia.language.normalize import Normalizer
from embodia.language.phrases import ParseError
from embodia.language.vocab import Vocabulary, register, vocabulary
from embodia.types import Goal, Literal

# phrase -> object (longest phrases are matched first)
NOUNS: dict[str, str] = {
    "microwave": "microwave", "microwave door": "microwave", "microwave oven": "microwave", "oven": "microwave",
    "hinge cabinet": "hinge_cabinet", "hinged cabinet": "hinge_cabinet", "hinge door": "hinge_cabinet",
    "hinged door": "hinge_cabinet", "hinged cabinet door": "hinge_cabinet", "hinge cabinet door": "hinge_cabinet",
    "cupboard": "hinge_cabinet", "swinging cabinet": "hinge_cabinet",
    "slide cabinet": "slide_cabinet", "sliding cabinet": "slide_cabinet", "sliding door": "slide_cabinet",
    "slide door": "slide_cabinet", "sliding cabinet door": "slide_cabinet", "slide cabinet door": "slide_cabinet",
    "light": "light", "lights": "light", "light switch": "light", "lamp": "light", "overhead light": "light",
    "bottom burner": "bottom_burner", "bottom left burner": "bottom_burner", "lower burner": "bottom_burner",
    "bottom knob": "bottom_burner", "bottom burner knob": "bottom_burner", "lower left burner": "bottom_burner",
    "top burner": "top_burner", "top left burner": "top_burner", "upper burner": "top_burner",
    "top knob": "top_burner", "top burner knob": "top_burner", "upper left burner": "top_burner",
    "bottom right burner": "bottom_right_burner", "top right burner": "top_right_burner",
    "kettle": "kettle", "teapot": "kettle", "tea kettle": "kettle",
}
AMBIGUOUS = {"cabinet": ("hinge_cabinet", "slide_cabinet"), "door": ("microwave", "hinge_cabinet", "slide_cabinet"),
             "burner": ("bottom_burner", "top_burner"), "knob": ("bottom_burner", "top_burner"),
             "stove": ("bottom_burner", "top_burner"), "cabinet door": ("hinge_cabinet", "slide_cabinet")}
OPEN = ("open", "open up", "swing open", "slide open", "pull open")
SWITCH = ("switch on", "turn on", "flip on", "power on", "light up", "ignite", "activate", "start", "fire up",
          "turn", "switch", "flip", "light", "heat up", "heat")
MOVE = ("put", "place", "move", "carry", "bring", "set", "take", "transfer", "lift", "shift", "relocate", "get")
STATE_ON = ("on", "lit", "switched on", "turned on")
STATE_OPEN = ("open", "opened")
REFUSED = ("close", "shut", "turn off", "switch off", "off", "pour", "boil", "fill", "clean", "cook")
ORDER = ("then", "after that", "afterwards", "afterward", "next", "finally", "lastly", "and then", "after this",
         "subsequently", "once done", "when done", "once that is done", "when that is done")
FIRST = ("first", "firstly", "to begin with", "to start", "start by", "begin by")
BEFORE_NEXT = ("after", "once", "when", "as soon as", "after you", "once you")
FILLER = ("the", "a", "an", "please", "its", "of", "door", "to", "it", "up", "all", "way", "should", "be", "is",
          "make", "sure", "that", "with", "both", "also", "too", "knob", "left")
CAN = ("I can open the microwave, the hinge cabinet and the slide cabinet, switch on the light, turn on a burner and "
       "put the kettle on a burner, e.g. 'open the microwave, then put the kettle on the top burner'")

WORDS = Vocabulary(
    nouns={"microwave": ("microwave",), "kettle": ("kettle",), "burner": ("burner",), "knob": ("burner",),
           "cabinet": ("cabinet",), "light": ("light",), "switch": ("light",), "teapot": ("kettle",),
           "cupboard": ("cabinet",), "lamp": ("light",), "stove": ("burner",)},
    verbs={"open": ("swing open", "pull open"), "put": ("carry",)},
    words={"kitchen": ("hinge", "hinged", "sliding", "slide", "top", "bottom", "upper", "lower", "overhead",
                       "ignite", "activate", "lit", "flip", "switch", "turn", "right", "left")},
)
register("kitchen", WORDS)


@lru_cache(maxsize=1)
def _normalizer() -> Normalizer:
    """The base normaliser over the kitchen's words (its nouns taken off the base's 'unsupported' list)."""
    vocab = vocabulary("kitchen")
    ours = {w for p in (*NOUNS, *AMBIGUOUS, *OPEN, *SWITCH, *MOVE, *REFUSED) for w in p.split()}
    unsupported = tuple(w for w in vocab.words["unsupported"] if w not in ours)
    vocab = replace(vocab, words={**vocab.words, "unsupported": unsupported})
    known = ours | {w for p in (*ORDER, *FIRST, *BEFORE_NEXT, *FILLER, *STATE_ON) for w in p.split()}
    known |= {w for k, v in vocab.words.items() if k not in ("unsupported",) for p in v for w in p.split()}
    return Normalizer(vocab, known)


def _split(tokens: list[str], phrases: tuple[str, ...]) -> list[list[str]]:
    """Split tokens at any of the phrases (longest first)."""
    out, cur, i = [], [], 0
    ordered = sorted((p.split() for p in phrases), key=len, reverse=True)
    while i < len(tokens):
        hit = next((p for p in ordered if tokens[i:i + len(p)] == p), None)
        if hit:
            out.append(cur)
            cur, i = [], i + len(hit)
        else:
            cur.append(tokens[i])
            i += 1
    return [c for c in [*out, cur] if c]


def _find(tokens: list[str], phrases) -> tuple[str, int, int] | None:
    """The first (longest at a position) phrase occurring in tokens: (phrase, start, end)."""
    ordered = sorted(phrases, key=lambda p: -len(p.split()))
    for i in range(len(tokens)):
        for p in ordered:
            words = p.split()
            if tokens[i:i + len(words)] == words:
                return p, i, i + len(words)
    return None


def _objects(tokens: list[str], it: str | None = None) -> list[str]:
    """The objects named in order; 'it' stands for `it` (the last object named before)."""
    found, i = [], 0
    ordered = sorted(NOUNS, key=lambda p: -len(p.split()))
    while i < len(tokens):
        if tokens[i] == "it" and it:
            found.append(it)
            i += 1
            continue
        hit = next((p for p in ordered if tokens[i:i + len(p.split())] == p.split()), None)
        if hit:
            found.append(NOUNS[hit])
            i += len(hit.split())
            continue
        amb = next((p for p in sorted(AMBIGUOUS, key=lambda p: -len(p.split()))
                    if tokens[i:i + len(p.split())] == p.split()), None)
        if amb:
            cands = AMBIGUOUS[amb]
            raise ParseError(f"which {amb}? '{amb}' could mean {' or '.join(c.replace('_', ' ') for c in cands)}",
                             "ambiguous", cands)
        i += 1
    return found


class _Clauses:
    def __init__(self) -> None:
        self.verb: str | None = None
        self.last: str | None = None
        self.unplaced: str | None = None  # a clause that picked the kettle up without saying where it goes

    def literals(self, words: list[str]) -> list[Literal]:
        text = " ".join(words)
        if refused := _find(words, REFUSED):
            raise ParseError(f"I cannot '{refused[0]}' in the kitchen ('{text}'). {CAN}", "out_of_scope")
        names = _objects(words, self.last)
        verb = self._verb(words)
        if not names:
            raise ParseError(f"I do not understand '{text}'. {CAN}", "out_of_scope")
        self.last = names[-1]
        if "kettle" in names:
            places = [n for n in names if n != "kettle"]
            if not places:
                if verb in ("move", None):
                    self.verb, self.unplaced = "move", text
                    return []  # 'pick up the kettle and put it on ...': the place comes in the next clause
                raise ParseError(f"where should the kettle go in '{text}'? e.g. 'put the kettle on the top burner'",
                                 "impossible")
            self.verb, self.unplaced = "move", None
            return [Literal("on", ("kettle", places[-1]))]
        verb = verb or self.verb
        if verb is None:
            raise ParseError(f"what should I do with the {names[0].replace('_', ' ')} in '{text}'? {CAN}",
                             "out_of_scope")
        self.verb = verb
        return [self._one(verb, n, text) for n in names]

    def _verb(self, words: list[str]) -> str | None:
        if _find(words, OPEN) or _find(words, STATE_OPEN):
            return "open"
        if _find(words, MOVE):
            return "move"
        if _find(words, SWITCH) or _find(words, STATE_ON):
            return "switch"
        return None

    @staticmethod
    def _one(verb: str, name: str, text: str) -> Literal:
        from embodia.kitchen.scene import OBJECTS

        kind = OBJECTS[name][0]
        if verb == "open" and kind in ("hinged_door", "sliding_door"):
            return Literal("open", (name,))
        if verb in ("switch", "open") and kind in ("switch", "burner"):
            if verb == "open":
                raise ParseError(f"the {name.replace('_', ' ')} cannot be opened; switch it on instead", "impossible")
            return Literal("switched_on", (name,))
        what = "opened" if kind in ("hinged_door", "sliding_door") else "switched on"
        raise ParseError(f"cannot do that to the {name.replace('_', ' ')} in '{text}': it can only be {what}",
                         "impossible")


def parse_kitchen(text: str) -> Goal:
    """Free-form kitchen instruction -> Goal (one stage per ordered step, clauses joined by 'and' together)."""
    if not text.strip(" .;,!?\t\n"):
        raise ParseError(f"the instruction is empty. {CAN}", "out_of_scope")
    stages: list[list[Literal]] = []
    clauses = _Clauses()
    for sentence in _normalizer().sentences(text):
        for part in _ordered(sentence):
            lits = []
            for clause in _split(part, ("and", ",", ";")):
                clause = [w for w in clause if w not in FIRST]
                if clause:
                    lits += clauses.literals(clause)
            if lits:
                stages.append(list(dict.fromkeys(lits)))
    if clauses.unplaced:
        raise ParseError(f"where should the kettle go in '{clauses.unplaced}'? e.g. 'put the kettle on the top "
                         "burner'", "impossible")
    if not stages:
        raise ParseError(f"there is nothing to do in '{text.strip()}'. {CAN}", "out_of_scope")
    return Goal(tuple(tuple(s) for s in stages))


def _ordered(sentence: list[str]) -> list[list[str]]:
    """A sentence's parts in the order they are to be done."""
    parts = _split(sentence, ORDER)
    out = []
    for part in parts:
        lead = _find(part[:3], BEFORE_NEXT)
        if lead and lead[1] == 0 and "," in part:
            cut = part.index(",")
            out += [part[lead[2]:cut], part[cut + 1:]]
        elif part and part[0] == "before" and "," in part:
            cut = part.index(",")
            out += [part[cut + 1:], part[1:cut]]
        else:
            out.append(part)
    return [p for p in out if p]
