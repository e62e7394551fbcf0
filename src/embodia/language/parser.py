"""Built-in instruction parser: English instruction + scene objects -> Goal.

Pipeline: normalize.py (sentences of tokens, filler dropped, typos fixed) -> order.py (segments that
'before' / 'after' / '..., but X first' reorder) -> chunks.py (noun phrases become placeholders) ->
tags.py (phrases of a word class become tokens) -> the lark grammar (grammar.py, built from vocab.py)
-> clauses (this module) -> literals and stages (clauses.py, towers.py) -> arranged and tidied (order.py).
docs/language.md describes each step and how well it generalises.

Goal conventions (what each phrase means):
- stack / tower: on(upper, lower) for each adjacent pair; no on_table for the bottom block.
  A listed tower is bottom-to-top unless 'top to bottom', 'X on top' first, or 'with X on top' says otherwise.
- put/place/move X in/into C: in(X, C); on/onto a block: on(X, B); on/onto/to the table or 'down':
  on_table(X); 'on' a bowl or bin means in; 'next to' / 'beside' something means on_table;
  X under/below Y: on(Y, X); 'from Z' before a destination is not part of the goal.
- sort / 'into the bowl of its colour': in(x, the container of x's colour) for each item.
- open/close the drawer: a stage of its own, [open(drawer)] / [closed(drawer)].
- take X off Y / remove X from C: not on(X, Y) / not in(X, C).
- take the tower apart / unstack (the blocks): on_table(b) for every block that `facts` shows on
  another block, or for every block when no facts are given.
- pick up X: holding(X); a later clause of the same stage that places X replaces it ('pick X up and
  put it on Y' means on(X, Y)), and so does the next stage ('grab X, then drop it in the bowl').
- pronouns: 'it'/'them' as the object mean the last items; as a destination, the items before this
  clause ('put X in the bowl, then Y on it' means on(Y, X)); with one possible object, that object.
  With nothing to refer to they are refused as ambiguous, never guessed.
Stages: sentences, ';', step markers and order words (then, after that, finally, ...) start a new stage;
clauses joined by ',' or 'and' share a stage, except open/close which always stand alone. 'Before doing A,
B', 'A after/once B' and 'A, but B first' put B's stage first; a repeated stage is dropped.
Refusals raise ParseError with a reason ('out_of_scope', 'ambiguous', 'unknown', 'impossible').
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark, Tree
from lark.exceptions import UnexpectedInput

from embodia.language.chunks import DETS, EVERYTHING, PRONOUNS, QUANTS, Chunker, Lexicon
from embodia.language.clauses import Clause, build_goal
from embodia.language.grammar import NUMBERS, build_grammar, word_classes
from embodia.language.normalize import Normalizer
from embodia.language.order import Order, arrange
from embodia.language.phrases import NP, ParseError, Referents, capabilities
from embodia.language.tags import Tagger
from embodia.language.vocab import version, vocabulary
from embodia.sim.catalog import ObjectSpec
from embodia.types import Goal, Literal

__all__ = ["ParseError", "parse_instruction", "capabilities"]

TAGS = {"at_bottom": "bottom", "at_top": "top", "in_middle": "middle", "above": "above", "below": "below"}


class _Language:
    """Everything built once per world: grammar, lark parser, lexicon, tagger and normaliser."""

    def __init__(self, world: str) -> None:
        vocab = vocabulary(world)
        self.grammar = build_grammar(vocab)
        # cache=True: lark keeps its LALR tables in the temp dir, keyed by the grammar's hash (1.5 CPU s -> 0.15)
        self.lark = Lark(self.grammar, parser="lalr", cache=True)
        classes = word_classes(vocab)
        keywords = set(re.findall(r'"([a-z]+)"', self.grammar)) | set(NUMBERS)
        keywords |= {w for table in (vocab.nouns, vocab.words, classes) for k, v in table.items() for p in (k, *v)
                     for w in p.split()}
        keywords |= set(DETS + QUANTS + PRONOUNS + EVERYTHING) | {"one", "ones", "table", "rest", "both", "else"}
        self.lexicon = Lexicon.of(vocab, keywords - set(vocab.words["unsupported"]))  # a world's nouns stay nouns
        self.tagger = Tagger(classes, vocab.words["before_next"])
        self.normalizer = Normalizer(vocab, keywords | set(self.lexicon.nouns))
        verbs = {p.split()[0] for c, ps in classes.items() if c.startswith("v_") for p in ps}
        self.order = Order(verbs, {tuple(p.split()) for p in vocab.words["order"]})

    def tokens(self, words: list[str]) -> tuple[str, dict[str, list[NP]]]:
        chunked, phrases = Chunker(self.lexicon, words).run()
        tokens, _ = self.tagger.run(chunked.split(), phrases)
        return " ".join(tokens), phrases


def language(world: str = "tabletop") -> _Language:
    """The parser for `world`, built once per version of its vocabulary."""
    return _built(world, version(world))


@lru_cache(maxsize=8)
def _built(world: str, _version: int) -> _Language:
    return _Language(world)


def parse_instruction(text: str, objects: list[ObjectSpec], facts: set[Literal] | None = None,
                      world: str = "tabletop") -> Goal:
    """Turn `text` into a Goal over `objects` (named ObjectSpecs). `facts`, if given, tells
    'take the tower apart' which blocks are stacked. Raises ParseError with one clear line."""
    if not text.strip(" .;,!?\t\n"):
        raise ParseError(f"the instruction is empty. {capabilities(objects)}", "out_of_scope")
    lang = language(world)
    sentences = lang.normalizer.sentences(text)
    if not sentences:
        raise ParseError(f"there is nothing to do in '{text.strip()}'. {capabilities(objects)}", "out_of_scope")
    groups: list[tuple[list[list[Clause]], bool]] = []  # (stages, happens before the group ahead of it)
    for sentence in sentences:
        for words, first in lang.order.segments(sentence):
            stages = _parse(lang, words or sentence, objects)
            if first or not groups or groups[-1][1]:
                groups.append((stages, first))
            else:
                groups[-1][0].extend(stages)
    scene = Referents(objects, facts)
    return Goal(tuple(arrange([(list(build_goal(st, scene, facts).stages), first) for st, first in groups])))


def _parse(lang: _Language, words: list[str], objects: list[ObjectSpec]) -> list[list[Clause]]:
    tokens, phrases = lang.tokens(words)
    try:
        tree = lang.lark.parse(tokens)
    except UnexpectedInput:
        if ":" in words[:-1]:  # 'build two towers: red on green and blue on yellow': the details say it all
            return _parse(lang, words[words.index(":") + 1:], objects)
        raise ParseError(f"I do not understand '{_fragment(words)}'. {capabilities(objects)}", "out_of_scope") from None
    return [[_clause(c, phrases) for c in st.children] for st in tree.children]


def _fragment(words: list[str]) -> str:
    return " ".join(words) if len(words) <= 12 else " ".join(words[:10]) + " ..."


KINDS = {"move_in": "move", "tail_in": "tail", "unstack_a": "unstack_all"}


def _seq(tree: Tree, phrases: dict[str, list[NP]]) -> tuple[list[tuple[NP, str]], list[NP]]:
    """((phrase, tower position) for each element, phrases after 'except')."""
    elems: list[tuple[NP, str]] = []
    excepts: list[NP] = []
    for ch in tree.children:
        if isinstance(ch, Tree) and ch.data == "elem":
            tag = next((TAGS[str(x.data)] for x in ch.children if isinstance(x, Tree) and x.data != "np"), "")
            head = next(x for x in ch.children if isinstance(x, Tree) and x.data == "np")
            elems += [(n, tag) for n in _np(head, phrases)]
        elif isinstance(ch, Tree) and ch.data == "except":
            excepts += [n for n, _ in _seq(ch.children[0], phrases)[0]]
    return elems, excepts


def _np(tree: Tree, phrases: dict[str, list[NP]]) -> list[NP]:
    return phrases[str(tree.children[0])]


def _clause(t: Tree, phrases: dict[str, list[NP]]) -> Clause:
    c = Clause(KINDS.get(str(t.data), str(t.data)))
    if t.data in ("move_in", "tail_in"):
        c.rel = "bare_in"
    seqs = 0
    for ch in t.children:
        if not isinstance(ch, Tree):
            continue
        d = str(ch.data)
        if d == "seq":
            elems, exc = _seq(ch, phrases)
            c.excepts += exc
            if c.kind == "contain" and seqs == 0:
                c.dest = elems[0][0]
            elif c.kind in ("tower", "ellipsis", "tower_fragment"):
                (c.tower if seqs == 0 else c.anchors).extend(elems)
                c.items += [n for n, _ in elems] if seqs == 0 else []
            else:
                c.items += [n for n, _ in elems]
            seqs += 1
        elif d == "dest":
            c.dest = _np(ch.children[0], phrases)[0]
        elif d == "np":
            c.items += _np(ch, phrases)
        elif d == "chain":
            c.chain.append(_np(ch.children[0].children[0], phrases)[0])
        elif d == "except":
            c.excepts += [n for n, _ in _seq(ch.children[0], phrases)[0]]
        elif d == "sort_in":
            c.pool += [n for n, _ in _seq(ch.children[0], phrases)[0]]
        elif d in ("bottom_up", "top_down"):
            c.direction = "up" if d == "bottom_up" else "down"
        elif d.startswith("rel_"):
            c.rel = d.removeprefix("rel_")
    return c
