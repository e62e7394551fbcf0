"""The instruction grammar (lark, LALR over the tagged token stream) as a template over word classes.

`build_grammar(vocab)` fills each `{class}` slot from the tables in vocab.py. The text reaching the
grammar is already normalised (lower case, contractions expanded, politeness and filler removed,
typos within one edit of a known word corrected; see normalize.py) and is parsed one sentence at a time.

Shape of a sentence:
- stages split by order words (then, after that, finally, ...); clauses in a stage joined by ',' / 'and'.
- clause kinds: move (verb + objects + relation + destination, 'on Y on Z' chains), tail (the same
  without a verb: 'red in the bowl', 'X should end up on Y' once the copula is dropped), contain
  ('the bowl should contain X', 'fill the bowl with X'), note ('red block: bowl'), putdown, pickup,
  open/close (also as states: 'the drawer closed'; bare 'close' means the drawer), tower (lists bottom-up
  or top-down, positions before or after a block: 'at the bottom', 'bottom: orange', 'under it'; or after
  the blocks: 'the red and blue blocks stacked, red on top'), sort (by colour into matching containers),
  unstack ('take the blocks off the tower'), and ellipsis ('..., then the green block').
- noun phrases: pronouns, descriptions with quantifiers/counts/colours/sizes, coordinations
  ('the red and the yellow blocks', 'the cubes red and blue', 'the yellow block and cylinder'),
  colour-only references ('red'), 'everything', 'the rest', and 'except ...' exclusions.
Unknown words may stand as adjectives or as the noun after a determiner, so 'the pink block' or
'the cup' parse and then fail to resolve with a line naming what is missing.
"""

from __future__ import annotations

from embodia.language.vocab import Vocabulary

TEMPLATE = r"""
start: _sep* stage (_sep+ stage)* _sep*
_sep: "." | ";" | "~order"
stage: (_aclause _cj | _bclause "~cjoin")* (_aclause | _bclause)
_cj: "~join" | "~cjoin"

// clauses that end in one noun phrase or a keyword may be followed by ',' / 'and' and a new clause
_aclause: move | tail | putdown | offbare | open_c | close_c | unstack_a | sorted_a | sort_a | tower_fragment
// clauses that end in a list (which ',' / 'and' would extend) need a verb after the join
_bclause: move_x | move_pin | note | tail_x | putdown_x | pickup | contain | fill | unstack_all | ellipsis | tower
        | tower_empty | sort

move: {v_put} seq "~down"? rel dest chain*
    | {v_put} seq "~down"? {bare_in}                          -> move_in
    | {v_tower} _thead _tconn? seq rel dest chain*
    | _thead seq rel dest chain*
move_x: {v_put} seq "~down"? rel dest chain* except            -> move
move_pin: {v_put} {rel_in} seq                                -> move_in
tail: seq _cop? rel dest chain*
    | seq _cop? {bare_in}                                 -> tail_in
tail_x: seq _cop? rel dest chain* except                  -> tail
putdown: {v_put} seq "~down"
putdown_x: {v_put} "~down" seq                                -> putdown
offbare: {v_put} seq {offbare} | seq _cop? {offbare}
pickup: {v_pickup} seq
contain: seq _cop? {contain} seq ({rel_in} PRON | {bare_in})?
fill: {v_fill} seq "with" seq                                 -> contain
note: seq ":" seq                                             // 'red block: bowl', 'bowl: red, green'
open_c: {v_open} np? | seq _cop? {opened}
close_c: {v_close} np? | seq _cop? {closed}
ellipsis: seq
chain: {rel_on} dest
dest: np

_cop: {copula}+
rel: {rel_on}   -> rel_on
   | {rel_in}   -> rel_in
   | {rel_to}   -> rel_to
   | {rel_off}  -> rel_off
   | {rel_under} -> rel_under
   | {rel_next} -> rel_next

// towers: a plain list is bottom-to-top unless stated otherwise
tower: {v_tower} _thead _tconn? seq tdir? (_tconn seq tdir?)?
     | {v_tower} _thead tdir ":"? seq
     | {v_tower} seq tdir ":"? seq?
     | {v_tower} seq _tconn seq tdir?
     | {v_tower} seq
     | {v_tower} tdir ":"? seq
     | _thead _tconn? seq tdir? (_tconn seq tdir?)?
     | tdir ":"? (_thead _cop?)? ":"? seq
     | tdir _cop ":"? seq
     | _thead tdir ":"? seq
     | seq {tower_pp} tdir? ("~join" | _tconn) seq
tower_fragment: seq tdir
               | seq {tower_pp} tdir?
tower_empty: {v_tower} _thead
_thead: ("a" | "the" | "this" | "that" | "one")? NUM? "block"? {tower} ("of" | "using" | {rel_off})?
_tconn: "with" | "where" | "having" | _cop? {contain} | ":" | _cop
tdir: {bottom_up} -> bottom_up
    | {top_down}  -> top_down

// sorting by colour; 'the container of its colour' is one noun phrase (see chunks.py)
sort: {v_sort} seq _sortmod*
    | {v_sort} "by" {colourword} seq _sortmod*
    | {v_sort} seq? _sortmod+
    | {v_sort} seq? _sortmod* "by" {colourword} except
    | {v_sort} seq? _sortmod* "by" {colourword} _sortmod+
    | seq _cop? {sorted} ("by" {colourword})? _sortmod+
sort_a: {v_sort} seq? _sortmod* "by" {colourword}               -> sort
      | {v_sort}                                              -> sort
sorted_a: seq _cop? {sorted} ("by" {colourword})?          -> sort
_sortmod: sort_in | "according" "to" {colourword}
sort_in: ({rel_in} | {rel_to}) seq

unstack_all: {v_unstack} _thead? seq
           | {v_put} seq {off_tower}
unstack_a: {v_unstack} _thead | {v_unstack} | seq _cop? {unstacked} | _thead _cop? {unstacked}
         | {v_put} seq {offbare} "each" "other" | {v_unstack} (seq | _thead) rel dest

// noun phrases (chunks.py made each one token) and lists of them, with tower positions
seq: "both"? elem ("~join" elem)* except?
except: {except} seq
elem: np tpos? | tpos ":"? np
np: NP | PRON
tpos: {at_bottom} -> at_bottom
    | {at_top}    -> at_top
    | {in_middle} -> in_middle
    | {above}     -> above
    | {below}     -> below

NP: /@\d+/
PRON: /%\d+/
NUM: /({numbers}|\d+)\b/
%ignore /\s+/
"""

NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _group(cls: str, classes: dict[str, tuple[str, ...]], tags: dict[tuple[str, ...], list[str]]) -> str:
    """Inline alternatives for a word class: its tag token and the literal tokens of phrases it shares."""
    shared = sorted({"_".join(p) for p, cs in tags.items() if cls in cs and len(cs) > 1})
    return "(" + " | ".join([f'"~{cls}"'] + [f'"{w}"' for w in shared]) + ")"


NOT_TAGGED = ("unsupported", "common", "before_next", "matching_prefix", "matching_suffix", "colour", "small", "large",
              "state")


def word_classes(vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Every class the tagger knows: word tables plus relations and verbs."""
    out = {k: v for k, v in vocab.words.items() if k not in NOT_TAGGED}
    out["tower"] = out["tower"] + tuple(t + "s" for t in out["tower"])
    out |= {f"rel_{k}": v for k, v in vocab.relations.items()}
    out |= {f"v_{k}": v for k, v in vocab.verbs.items()}
    return out


def build_grammar(vocab: Vocabulary) -> str:
    """The grammar text with every word class filled from `vocab` (see tags.py for the tokens)."""
    classes = word_classes(vocab)
    table: dict[tuple[str, ...], list[str]] = {}
    for cls, phrases in classes.items():
        for p in phrases:
            table.setdefault(tuple(p.split()), []).append(cls)
    slots = {c: _group(c, classes, table) for c in classes}
    return TEMPLATE.format(numbers="|".join(NUMBERS), **slots)
