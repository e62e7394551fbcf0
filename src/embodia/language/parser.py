"""Built-in instruction parser: English instruction + scene objects -> Goal.

Goal conventions (what each phrase means):
- stack / tower: on(upper, lower) for each adjacent pair; no on_table for the bottom block.
  A listed tower is bottom-to-top unless 'top to bottom' or 'with X on top/at the bottom' says otherwise.
- put/place/move X in/into C: in(X, C); on/onto a block: on(X, B); on/onto/to the table or 'down':
  on_table(X); 'on' a bowl or bin means in.
- sort / 'into the bowl of its colour': in(x, the container of x's colour) for each item.
- open/close the drawer: a stage of its own, [open(drawer)] / [closed(drawer)].
- take X off Y / remove X from C: not on(X, Y) / not in(X, C).
- take the tower apart / unstack (the blocks): on_table(b) for every block that `facts` shows on
  another block, or for every block when no facts are given.
- pick up X: holding(X).
Stages: sentences, ';' and order words (then, after that, finally, ...) start a new stage; clauses
joined by ',' or 'and' share a stage, except open/close which always stand alone.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput

from embodia.language.grammar import GRAMMAR
from embodia.language.phrases import NP, NUMBERS, SIZE_WORDS, WORD_KINDS, ParseError, Referents, singular
from embodia.language.clauses import build_goal
from embodia.sim.catalog import ObjectSpec
from embodia.types import Goal, Literal

__all__ = ["ParseError", "parse_instruction"]


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(GRAMMAR, parser="earley", lexer="basic", propagate_positions=True, ambiguity="resolve")


def normalize(text: str) -> str:
    """Lower case, typographic punctuation folded, hyphens as spaces, one space between words."""
    t = text.lower().replace("\u2019", "'").replace("-", " ").replace("!", ".")
    return " ".join(t.split())


@v_args(meta=True)
class _ToAst(Transformer):
    """Parse tree -> nested tuples ('clause-kind', ...) with NP leaves."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def _span(self, meta: object) -> str:
        return self.text[meta.start_pos : meta.end_pos]  # type: ignore[attr-defined]

    def pron(self, meta: object, ch: list) -> NP:
        return NP(self._span(meta), pronoun=str(ch[0]))

    def table(self, meta: object, ch: list) -> NP:
        return NP(self._span(meta), table=True)

    def desc(self, meta: object, ch: list) -> NP:
        return self._np(meta, ch)

    def coord(self, meta: object, ch: list) -> list[NP]:
        """'the red and blue blocks': one phrase per adjective, sharing the noun."""
        shared = [c for c in ch if isinstance(c, tuple) and c[0] != "adj"]
        adjs = [c for c in ch if isinstance(c, tuple) and c[0] == "adj"]
        out = []
        for a in adjs:
            np = self._np(meta, shared + [a])
            np.text, np.plural, np.quant, np.count = f"the {a[1]} {np.kinds[0] if np.kinds else 'one'}", False, "", 0
            out.append(np)
        return out

    def one(self, meta: object, ch: list) -> NP:
        np = self._np(meta, ch)
        np.plural = any(isinstance(c, Token) and c.type == "ONE" and c.endswith("s") for c in ch)
        return np

    def _np(self, meta: object, ch: list) -> NP:
        np = NP(self._span(meta))
        for c in ch:
            tag, value = c if isinstance(c, tuple) else ("", c)
            if tag == "quant":
                np.quant = value if value in ("all", "every", "each", "both") else ""
                np.count = NUMBERS.get(value, int(value) if value.isdigit() else 0) if not np.quant else 0
            elif tag == "count":
                np.count = NUMBERS.get(value, int(value) if value.isdigit() else 0)
            elif tag == "det":
                np.det = value
            elif tag == "adj":
                self._adj(np, value)
            elif tag == "noun":
                word, np.plural = singular(value)
                np.kinds = WORD_KINDS[word]
        return np

    @staticmethod
    def _adj(np: NP, tok: Token) -> None:
        if tok.type == "COLOUR":
            np.colours.append(str(tok))
        elif tok.type == "SIZE":
            np.sizes.append(SIZE_WORDS[str(tok)])
        else:
            np.unknown.append(str(tok))

    def quant(self, meta: object, ch: list) -> tuple:
        return ("quant", str(ch[0]))

    def count(self, meta: object, ch: list) -> tuple:
        return ("count", str(ch[0]))

    def det(self, meta: object, ch: list) -> tuple:
        return ("det", self._span(meta))

    def adj(self, meta: object, ch: list) -> tuple:
        return ("adj", ch[0])

    def noun(self, meta: object, ch: list) -> tuple:
        return ("noun", str(ch[0]))

    def telem(self, meta: object, ch: list) -> NP:
        np = self._np(meta, ch)
        if np.kinds is None and not any(isinstance(c, Token) and c.type == "ONE" for c in ch):
            np.kinds = ()  # no noun: the list's trailing noun (or 'block') applies
        return np

    def items(self, meta: object, ch: list) -> list[NP]:
        return [np for c in ch for np in (c if isinstance(c, list) else [c])]

    def kinds(self, meta: object, ch: list) -> tuple:
        names = tuple(k for c in ch if isinstance(c, tuple) for k in WORD_KINDS[singular(c[1])[0]])
        return ("kinds", names)

    def colour_dest(self, meta: object, ch: list) -> tuple:
        return next(c for c in ch if isinstance(c, tuple) and c[0] == "kinds")

    def dest(self, meta: object, ch: list) -> object:
        return ch[0]

    def rel(self, meta: object, ch: list) -> str:
        return ch[0].data.removeprefix("rel_")  # type: ignore[union-attr]

    def bare_in(self, meta: object, ch: list) -> str:
        return "bare_in"

    def tlist(self, meta: object, ch: list) -> list[NP]:
        elems = [c for c in ch if isinstance(c, NP)]
        tail = [c for c in ch if isinstance(c, tuple) and c[0] == "noun"]
        kinds = WORD_KINDS[singular(tail[0][1])[0]] if tail else ("block",)
        for e in elems:
            if e.kinds == ():
                e.kinds = kinds
        return elems

    def where(self, meta: object, ch: list) -> str:
        return "bottom"

    def at_bottom(self, meta: object, ch: list) -> str:
        return "bottom"

    def at_top(self, meta: object, ch: list) -> str:
        return "top"

    def with_spec(self, meta: object, ch: list) -> tuple:
        return ("with", ch[0], ch[1])

    def bottom_up(self, meta: object, ch: list) -> tuple:
        return ("dir", "up")

    def top_down(self, meta: object, ch: list) -> tuple:
        return ("dir", "down")

    def clause(self, meta: object, ch: list) -> tuple:
        node = ch[0]
        kind = node.data if isinstance(node, Tree) else node[0]
        return (str(kind), [c for c in node.children if not isinstance(c, Token) or c.type != "TOWER"])

    def stage(self, meta: object, ch: list) -> list:
        return list(ch)

    def start(self, meta: object, ch: list) -> list:
        return list(ch)


def parse_instruction(text: str, objects: list[ObjectSpec], facts: set[Literal] | None = None) -> Goal:
    """Turn `text` into a Goal over `objects` (named ObjectSpecs). `facts`, if given, tells
    'take the tower apart' which blocks are stacked. Raises ParseError with one clear line."""
    norm = normalize(text)
    if not norm.strip(" .;,"):
        raise ParseError("the instruction is empty")
    try:
        tree = _lark().parse(norm)
    except UnexpectedInput as e:
        pos = getattr(e, "pos_in_stream", None)
        pos = pos if isinstance(pos, int) else len(norm)
        start = max(norm.rfind(sep, 0, pos) for sep in ".;,:") + 1  # from the start of that part
        fragment = " ".join(norm[start:].split()[:8]) or "(end of text)"
        raise ParseError(f"I do not understand '{fragment}' in '{norm}'") from None
    stages = _ToAst(norm).transform(tree)
    return build_goal(stages, Referents(objects), facts)
